using System;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>ONNX ReverseSequence: the first sequence_lens[b] time steps of each batch entry reversed.</summary>
public static class ReverseSequence
{
    /// <summary>x viewed as [d0, d1, inner] with time and batch being axes 0 and 1 in some order.</summary>
    /// <param name="x">Input [d0, d1, inner].</param>
    /// <param name="lengths">One length per batch entry, each in [0, time length].</param>
    /// <param name="y">Output, same shape.</param>
    /// <param name="d0">First dim.</param>
    /// <param name="d1">Second dim.</param>
    /// <param name="inner">Product of the remaining dims.</param>
    /// <param name="timeFirst">Axis 0 is time (else axis 1).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(ReadOnlySpan<T> x, ReadOnlySpan<long> lengths, Span<T> y, int d0, int d1, int inner, bool timeFirst) where T : unmanaged
    {
        if (d0 < 0 || d1 < 0 || inner < 0) throw new ArgumentException("ReverseSequence: negative dims.");
        long total = (long)d0 * d1 * inner;
        Simd.Need(x.Length, total, nameof(x));
        Simd.Need(y.Length, total, nameof(y));
        int time = timeFirst ? d0 : d1, batch = timeFirst ? d1 : d0;
        Simd.Need(lengths.Length, batch, nameof(lengths));
        for (int b = 0; b < batch; b++)
        {
            long len = lengths[b];
            if (len < 0 || len > time) throw new ArgumentException($"ReverseSequence length {len} is outside [0, {time}].", nameof(lengths));
            for (int t = 0; t < time; t++)
            {
                int from = t < len ? (int)(len - 1 - t) : t;
                int dst = (timeFirst ? t * d1 + b : b * d1 + t) * inner;
                int src = (timeFirst ? from * d1 + b : b * d1 + from) * inner;
                x.Slice(src, inner).CopyTo(y.Slice(dst, inner));
            }
        }
    }
}

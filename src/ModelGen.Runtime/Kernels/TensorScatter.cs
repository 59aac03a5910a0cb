using System;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>ONNX TensorScatter: a KV-cache update along the sequence axis.</summary>
public static class TensorScatter
{
    /// <summary>
    /// present = cache, then present[b, m, w_b + s, :] = update[b, m, s, :] for each sequence row s, with w_b the
    /// write index of batch b (0 when <paramref name="writeIndices"/> is empty), taken modulo maxLength when circular.
    /// </summary>
    /// <param name="cache">Past cache [batch, middle, maxLength, inner].</param>
    /// <param name="update">Update [batch, middle, length, inner].</param>
    /// <param name="writeIndices">First row to write per batch, or empty.</param>
    /// <param name="present">Output, the cache's shape.</param>
    /// <param name="batch">Batch size.</param>
    /// <param name="middle">Product of the dims between batch and the sequence axis.</param>
    /// <param name="maxLength">The cache's sequence length.</param>
    /// <param name="length">The update's sequence length.</param>
    /// <param name="inner">Product of the dims after the sequence axis.</param>
    /// <param name="circular">Wrap row indices around maxLength.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(ReadOnlySpan<T> cache, ReadOnlySpan<T> update, ReadOnlySpan<long> writeIndices, Span<T> present,
        int batch, int middle, int maxLength, int length, int inner, bool circular) where T : unmanaged
    {
        if (batch < 0 || middle < 0 || maxLength < 0 || length < 0 || inner < 0) throw new ArgumentException("Negative TensorScatter dimension.");
        long total = (long)batch * middle * maxLength * inner;
        Simd.Need(cache.Length, total, nameof(cache));
        Simd.Need(present.Length, total, nameof(present));
        Simd.Need(update.Length, (long)batch * middle * length * inner, nameof(update));
        if (!writeIndices.IsEmpty) Simd.Need(writeIndices.Length, batch, nameof(writeIndices));
        cache.Slice(0, (int)total).CopyTo(present);
        for (int b = 0; b < batch; b++)
        {
            long start = writeIndices.IsEmpty ? 0 : writeIndices[b];
            for (int m = 0; m < middle; m++)
                for (int s = 0; s < length; s++)
                {
                    long row = start + s;
                    if (circular) row = maxLength == 0 ? 0 : ((row % maxLength) + maxLength) % maxLength;
                    else if (row < 0 || row >= maxLength) throw new ArgumentOutOfRangeException(nameof(writeIndices), $"Write index {start} plus {length} rows does not fit a cache of {maxLength} rows (batch {b}).");
                    update.Slice(((b * middle + m) * length + s) * inner, inner).CopyTo(present.Slice((int)(((long)(b * middle + m) * maxLength + row) * inner), inner));
                }
        }
    }
}

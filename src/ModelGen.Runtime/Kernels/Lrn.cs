using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>ONNX LRN: local response normalisation across channels.</summary>
public static class Lrn
{
    /// <summary>
    /// y[n, c, i] = x[n, c, i] / (bias + alpha/size · Σ x[n, k, i]²)^beta over k from c - floor((size-1)/2) to
    /// c + ceil((size-1)/2), clipped to [0, channels). Computed in double.
    /// </summary>
    /// <param name="x">Input [batch, channels, inner].</param>
    /// <param name="y">Output, same shape.</param>
    /// <param name="batch">N.</param>
    /// <param name="channels">C.</param>
    /// <param name="inner">Product of the spatial dims.</param>
    /// <param name="alpha">Scale of the sum of squares.</param>
    /// <param name="beta">Exponent.</param>
    /// <param name="bias">Offset.</param>
    /// <param name="size">Number of channels in the window.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(ReadOnlySpan<T> x, Span<T> y, int batch, int channels, int inner, float alpha, float beta, float bias, int size)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (batch < 0 || channels < 0 || inner < 0 || size < 1) throw new ArgumentException("LRN: negative dims or a size below 1.");
        long total = (long)batch * channels * inner;
        Simd.Need(x.Length, total, nameof(x));
        Simd.Need(y.Length, total, nameof(y));
        int before = (size - 1) / 2, after = size - 1 - before;
        double scale = (double)alpha / size;
        for (int n = 0; n < batch; n++)
            for (int c = 0; c < channels; c++)
            {
                int lo = Math.Max(0, c - before), hi = Math.Min(channels - 1, c + after);
                int plane = (n * channels + c) * inner;
                for (int i = 0; i < inner; i++)
                {
                    double sum = 0;
                    for (int k = lo; k <= hi; k++)
                    {
                        double v = double.CreateTruncating(x[(n * channels + k) * inner + i]);
                        sum += v * v;
                    }
                    double v0 = double.CreateTruncating(x[plane + i]);
                    y[plane + i] = T.CreateTruncating(v0 / Math.Pow(bias + scale * sum, beta));
                }
            }
    }
}

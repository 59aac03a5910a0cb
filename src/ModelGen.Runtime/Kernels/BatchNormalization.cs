using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>ONNX BatchNormalization, inference form.</summary>
public static class BatchNormalization
{
    /// <summary>
    /// y = scale[c] * (x - mean[c]) / sqrt(var[c] + epsilon) + bias[c] over x, y viewed as [batch, channels, spatial].
    /// Folded per channel into y = x * s + t (s = scale/sqrt(var+eps), t = bias - mean*s): one multiply-add per element.
    /// </summary>
    /// <param name="x">Input [batch, channels, spatial].</param>
    /// <param name="scale">Per-channel scale.</param>
    /// <param name="bias">Per-channel bias.</param>
    /// <param name="mean">Per-channel running mean.</param>
    /// <param name="variance">Per-channel running variance.</param>
    /// <param name="y">Output, same shape as x.</param>
    /// <param name="batch">Batch size.</param>
    /// <param name="channels">Channel count.</param>
    /// <param name="spatial">Product of the spatial dimensions (1 when there are none).</param>
    /// <param name="epsilon">Added to the variance.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Run<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> scale, ReadOnlySpan<T> bias, ReadOnlySpan<T> mean,
        ReadOnlySpan<T> variance, Span<T> y, int batch, int channels, int spatial, float epsilon) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (batch < 0 || channels < 0 || spatial < 0) throw new ArgumentException("Negative BatchNormalization dimension.");
        long total = (long)batch * channels * spatial;
        Simd.Need(x.Length, total, nameof(x));
        Simd.Need(y.Length, total, nameof(y));
        Simd.Need(scale.Length, channels, nameof(scale));
        Simd.Need(bias.Length, channels, nameof(bias));
        Simd.Need(mean.Length, channels, nameof(mean));
        Simd.Need(variance.Length, channels, nameof(variance));
        T eps = T.CreateChecked(epsilon);
        for (int c = 0; c < channels; c++)
        {
            T s = scale[c] / T.Sqrt(variance[c] + eps);
            T t = bias[c] - mean[c] * s;
            for (int bi = 0; bi < batch; bi++)
            {
                int off = (bi * channels + c) * spatial;
                if (typeof(T) == typeof(float))
                {
                    fixed (T* px = x, py = y)
                        Simd.ScaleShift((float*)px + off, (float*)py + off, spatial, float.CreateTruncating(s), float.CreateTruncating(t));
                }
                else
                {
                    ReadOnlySpan<T> xs = x.Slice(off, spatial);
                    Span<T> ys = y.Slice(off, spatial);
                    for (int i = 0; i < spatial; i++) ys[i] = xs[i] * s + t;
                }
            }
        }
    }
}

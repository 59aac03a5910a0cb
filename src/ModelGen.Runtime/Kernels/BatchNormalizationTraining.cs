using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>ONNX BatchNormalization with training_mode=1: normalised by the batch's own statistics, running statistics updated.</summary>
public static class BatchNormalizationTraining
{
    /// <summary>
    /// Per channel c over x viewed as [batch, channels, spatial]: the batch mean m and population variance v (in
    /// double), y = scale[c]·(x − m)/√(v + ε) + bias[c], runningMean = mean[c]·momentum + m·(1 − momentum), and the
    /// same for the variance. Either running output may be empty (not read by the model).
    /// </summary>
    /// <param name="x">Input [batch, channels, spatial].</param>
    /// <param name="scale">Per-channel scale.</param>
    /// <param name="bias">Per-channel bias.</param>
    /// <param name="mean">Per-channel running mean before this batch.</param>
    /// <param name="variance">Per-channel running variance before this batch.</param>
    /// <param name="y">Output, same shape as x.</param>
    /// <param name="runningMean">Updated running mean [channels], or empty.</param>
    /// <param name="runningVariance">Updated running variance [channels], or empty.</param>
    /// <param name="batch">Batch size.</param>
    /// <param name="channels">Channel count.</param>
    /// <param name="spatial">Product of the spatial dimensions (1 when there are none).</param>
    /// <param name="epsilon">Added to the variance.</param>
    /// <param name="momentum">Weight of the old running statistics.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> scale, ReadOnlySpan<T> bias, ReadOnlySpan<T> mean, ReadOnlySpan<T> variance,
        Span<T> y, Span<T> runningMean, Span<T> runningVariance, int batch, int channels, int spatial, float epsilon, float momentum)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (batch < 0 || channels < 0 || spatial < 0) throw new ArgumentException("Negative BatchNormalization dimension.");
        long total = (long)batch * channels * spatial;
        Simd.Need(x.Length, total, nameof(x));
        Simd.Need(y.Length, total, nameof(y));
        Simd.Need(scale.Length, channels, nameof(scale));
        Simd.Need(bias.Length, channels, nameof(bias));
        Simd.Need(mean.Length, channels, nameof(mean));
        Simd.Need(variance.Length, channels, nameof(variance));
        if (!runningMean.IsEmpty) Simd.Need(runningMean.Length, channels, nameof(runningMean));
        if (!runningVariance.IsEmpty) Simd.Need(runningVariance.Length, channels, nameof(runningVariance));
        double count = (double)batch * spatial;
        for (int c = 0; c < channels; c++)
        {
            double sum = 0;
            for (int b = 0; b < batch; b++)
                for (int s = 0, at = (b * channels + c) * spatial; s < spatial; s++) sum += double.CreateTruncating(x[at + s]);
            double m = sum / count;
            double squares = 0;
            for (int b = 0; b < batch; b++)
                for (int s = 0, at = (b * channels + c) * spatial; s < spatial; s++)
                {
                    double d = double.CreateTruncating(x[at + s]) - m;
                    squares += d * d;
                }
            double v = squares / count;
            double k = double.CreateTruncating(scale[c]) / Math.Sqrt(v + epsilon), shift = double.CreateTruncating(bias[c]);
            for (int b = 0; b < batch; b++)
                for (int s = 0, at = (b * channels + c) * spatial; s < spatial; s++)
                    y[at + s] = T.CreateTruncating((double.CreateTruncating(x[at + s]) - m) * k + shift);
            if (!runningMean.IsEmpty) runningMean[c] = T.CreateTruncating(double.CreateTruncating(mean[c]) * momentum + m * (1 - (double)momentum));
            if (!runningVariance.IsEmpty) runningVariance[c] = T.CreateTruncating(double.CreateTruncating(variance[c]) * momentum + v * (1 - (double)momentum));
        }
    }
}

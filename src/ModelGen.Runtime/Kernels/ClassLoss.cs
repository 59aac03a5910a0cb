using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// NegativeLogLikelihoodLoss, and the log-softmax SoftmaxCrossEntropyLoss runs before it, over scores viewed as
/// [batch, classes, spatial] and class indices as [batch, spatial]. Everything is computed in double.
/// </summary>
public static class ClassLoss
{
    /// <summary>y[n, c, d] = x[n, c, d] - log Σ_c' exp x[n, c', d] (log-softmax along the class axis, max-shifted).</summary>
    /// <param name="x">Scores [batch, classes, spatial].</param>
    /// <param name="y">Log-probabilities, same shape.</param>
    /// <param name="batch">N.</param>
    /// <param name="classes">C.</param>
    /// <param name="spatial">The product of the extra dims (1 when there are none).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void LogSoftmax<T>(ReadOnlySpan<T> x, Span<T> y, int batch, int classes, int spatial) where T : unmanaged, INumberBase<T>
    {
        if (batch < 0 || classes < 1 || spatial < 0) throw new ArgumentException("Losses need at least one class and non-negative dims.");
        long total = (long)batch * classes * spatial;
        Simd.Need(x.Length, total, nameof(x));
        Simd.Need(y.Length, total, nameof(y));
        for (int n = 0; n < batch; n++)
            for (int d = 0; d < spatial; d++)
            {
                int first = n * classes * spatial + d;
                double max = double.NegativeInfinity;
                for (int c = 0; c < classes; c++) max = Math.Max(max, double.CreateTruncating(x[first + c * spatial]));
                double sum = 0;
                for (int c = 0; c < classes; c++) sum += Math.Exp(double.CreateTruncating(x[first + c * spatial]) - max);
                double log = max + Math.Log(sum);
                for (int c = 0; c < classes; c++) y[first + c * spatial] = T.CreateTruncating(double.CreateTruncating(x[first + c * spatial]) - log);
            }
    }

    /// <summary>
    /// loss[n, d] = -w[t]·x[n, t, d] with t = target[n, d] and w the weights (or 1), and 0 where t is the ignored
    /// index; then kept (reduction 0), summed (1), or summed and divided by the summed weights of the elements not
    /// ignored (2, the mean).
    /// </summary>
    /// <param name="x">Log-probabilities [batch, classes, spatial].</param>
    /// <param name="target">Class indices [batch, spatial].</param>
    /// <param name="weight">Class weights [classes], or empty for 1.</param>
    /// <param name="loss">[batch, spatial] for reduction 0, else one element.</param>
    /// <param name="batch">N.</param>
    /// <param name="classes">C.</param>
    /// <param name="spatial">The product of the extra dims.</param>
    /// <param name="hasIgnoreIndex">Whether <paramref name="ignoreIndex"/> applies.</param>
    /// <param name="ignoreIndex">The target value whose elements do not count.</param>
    /// <param name="reduction">0 none, 1 sum, 2 mean.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void NegativeLogLikelihood<T, TIndex>(ReadOnlySpan<T> x, ReadOnlySpan<TIndex> target, ReadOnlySpan<T> weight, Span<T> loss,
        int batch, int classes, int spatial, bool hasIgnoreIndex, long ignoreIndex, int reduction)
        where T : unmanaged, INumberBase<T> where TIndex : unmanaged, IBinaryInteger<TIndex>
    {
        if (batch < 0 || classes < 1 || spatial < 0 || reduction < 0 || reduction > 2) throw new ArgumentException("Losses need at least one class, non-negative dims and a reduction of 0, 1 or 2.");
        long count = (long)batch * spatial;
        Simd.Need(x.Length, count * classes, nameof(x));
        Simd.Need(target.Length, count, nameof(target));
        if (!weight.IsEmpty) Simd.Need(weight.Length, classes, nameof(weight));
        Simd.Need(loss.Length, reduction == 0 ? count : 1, nameof(loss));
        double total = 0, weights = 0;
        for (int n = 0; n < batch; n++)
            for (int d = 0; d < spatial; d++)
            {
                int i = n * spatial + d;
                long t = long.CreateTruncating(target[i]);
                double value = 0, w = 0;
                if (!(hasIgnoreIndex && t == ignoreIndex))
                {
                    if (t < 0 || t >= classes) throw new ArgumentOutOfRangeException(nameof(target), $"Target {t} at element {i} is outside [0, {classes}) and is not the ignored index.");
                    w = weight.IsEmpty ? 1 : double.CreateTruncating(weight[(int)t]);
                    value = -w * double.CreateTruncating(x[(n * classes + (int)t) * spatial + d]);
                }
                if (reduction == 0) loss[i] = T.CreateTruncating(value);
                total += value;
                weights += w;
            }
        if (reduction == 1) loss[0] = T.CreateTruncating(total);
        else if (reduction == 2) loss[0] = T.CreateTruncating(total / weights);
    }
}

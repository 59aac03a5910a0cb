using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// One update step of ai.onnx.preview.training's Adagrad, Adam and Momentum, for one optimized tensor: element by
/// element in double, the learning rate R and update count T read from their one-element spans. An output span may
/// be empty when the model does not read that output.
/// </summary>
public static class Optimizers
{
    /// <summary>Adagrad: r = R/(1 + T·decay), g = λx + grad, h' = h + g², x' = x − r·g/(√h' + ε).</summary>
    /// <param name="r">The learning rate (one element).</param>
    /// <param name="t">The update count (one element).</param>
    /// <param name="x">The tensor being optimized.</param>
    /// <param name="g">Its gradient.</param>
    /// <param name="h">Its accumulated squared gradient.</param>
    /// <param name="xNew">The updated tensor, or empty.</param>
    /// <param name="hNew">The updated accumulated squared gradient, or empty.</param>
    /// <param name="count">Elements per tensor.</param>
    /// <param name="decayFactor">Learning-rate decay per update.</param>
    /// <param name="epsilon">Added to the square root.</param>
    /// <param name="normCoefficient">L2 regularisation weight λ.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Adagrad<T, TR>(ReadOnlySpan<TR> r, ReadOnlySpan<long> t, ReadOnlySpan<T> x, ReadOnlySpan<T> g, ReadOnlySpan<T> h,
        Span<T> xNew, Span<T> hNew, int count, float decayFactor, float epsilon, float normCoefficient)
        where T : unmanaged, IFloatingPointIeee754<T> where TR : unmanaged, IFloatingPointIeee754<TR>
    {
        Check(r, t, count, x, g, h, h, xNew, hNew, Span<T>.Empty);
        double rate = double.CreateTruncating(r[0]) / (1 + t[0] * (double)decayFactor);
        for (int i = 0; i < count; i++)
        {
            double gr = normCoefficient * double.CreateTruncating(x[i]) + double.CreateTruncating(g[i]);
            double hn = double.CreateTruncating(h[i]) + gr * gr;
            if (!xNew.IsEmpty) xNew[i] = T.CreateTruncating(double.CreateTruncating(x[i]) - rate * gr / (Math.Sqrt(hn) + epsilon));
            if (!hNew.IsEmpty) hNew[i] = T.CreateTruncating(hn);
        }
    }

    /// <summary>Adam: g = λx + grad, v' = αv + (1−α)g, h' = βh + (1−β)g², x' = (1 − λ_post)(x − r_t·v'/(√h' + ε)), r_t bias-corrected once T &gt; 0.</summary>
    /// <param name="r">The learning rate (one element).</param>
    /// <param name="t">The update count (one element).</param>
    /// <param name="x">The tensor being optimized.</param>
    /// <param name="g">Its gradient.</param>
    /// <param name="v">Its momentum.</param>
    /// <param name="h">Its squared-gradient average.</param>
    /// <param name="xNew">The updated tensor, or empty.</param>
    /// <param name="vNew">The updated momentum, or empty.</param>
    /// <param name="hNew">The updated squared-gradient average, or empty.</param>
    /// <param name="count">Elements per tensor.</param>
    /// <param name="alpha">Momentum decay α.</param>
    /// <param name="beta">Squared-gradient decay β.</param>
    /// <param name="epsilon">Added to the square root.</param>
    /// <param name="normCoefficient">L2 weight applied to the gradient.</param>
    /// <param name="normCoefficientPost">L2 weight applied to the result.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Adam<T, TR>(ReadOnlySpan<TR> r, ReadOnlySpan<long> t, ReadOnlySpan<T> x, ReadOnlySpan<T> g, ReadOnlySpan<T> v, ReadOnlySpan<T> h,
        Span<T> xNew, Span<T> vNew, Span<T> hNew, int count, float alpha, float beta, float epsilon, float normCoefficient, float normCoefficientPost)
        where T : unmanaged, IFloatingPointIeee754<T> where TR : unmanaged, IFloatingPointIeee754<TR>
    {
        Check(r, t, count, x, g, v, h, xNew, vNew, hNew);
        long steps = t[0];
        double rate = double.CreateTruncating(r[0]);
        if (steps > 0) rate *= Math.Sqrt(1 - Math.Pow(beta, steps)) / (1 - Math.Pow(alpha, steps));
        for (int i = 0; i < count; i++)
        {
            double xi = double.CreateTruncating(x[i]);
            double gr = normCoefficient * xi + double.CreateTruncating(g[i]);
            double vn = alpha * double.CreateTruncating(v[i]) + (1 - (double)alpha) * gr;
            double hn = beta * double.CreateTruncating(h[i]) + (1 - (double)beta) * gr * gr;
            if (!xNew.IsEmpty) xNew[i] = T.CreateTruncating((1 - (double)normCoefficientPost) * (xi - rate * vn / (Math.Sqrt(hn) + epsilon)));
            if (!vNew.IsEmpty) vNew[i] = T.CreateTruncating(vn);
            if (!hNew.IsEmpty) hNew[i] = T.CreateTruncating(hn);
        }
    }

    /// <summary>Momentum, standard: g = λx + grad, v' = αv + β'g (β' = 1 at T = 0), x' = x − R·v'.</summary>
    /// <param name="r">The learning rate (one element).</param>
    /// <param name="t">The update count (one element).</param>
    /// <param name="x">The tensor being optimized.</param>
    /// <param name="g">Its gradient.</param>
    /// <param name="v">Its momentum.</param>
    /// <param name="xNew">The updated tensor, or empty.</param>
    /// <param name="vNew">The updated momentum, or empty.</param>
    /// <param name="count">Elements per tensor.</param>
    /// <param name="alpha">Momentum decay α.</param>
    /// <param name="beta">Gradient weight β (from the second update on).</param>
    /// <param name="normCoefficient">L2 weight λ.</param>
    public static void Momentum<T, TR>(ReadOnlySpan<TR> r, ReadOnlySpan<long> t, ReadOnlySpan<T> x, ReadOnlySpan<T> g, ReadOnlySpan<T> v,
        Span<T> xNew, Span<T> vNew, int count, float alpha, float beta, float normCoefficient)
        where T : unmanaged, IFloatingPointIeee754<T> where TR : unmanaged, IFloatingPointIeee754<TR> =>
        MomentumStep(r, t, x, g, v, xNew, vNew, count, alpha, beta, normCoefficient, nesterov: false);

    /// <summary>Momentum, Nesterov: as <see cref="Momentum{T, TR}"/>, but x' = x − R·(g + α·v').</summary>
    /// <param name="r">The learning rate (one element).</param>
    /// <param name="t">The update count (one element).</param>
    /// <param name="x">The tensor being optimized.</param>
    /// <param name="g">Its gradient.</param>
    /// <param name="v">Its momentum.</param>
    /// <param name="xNew">The updated tensor, or empty.</param>
    /// <param name="vNew">The updated momentum, or empty.</param>
    /// <param name="count">Elements per tensor.</param>
    /// <param name="alpha">Momentum decay α.</param>
    /// <param name="beta">Gradient weight β (from the second update on).</param>
    /// <param name="normCoefficient">L2 weight λ.</param>
    public static void Nesterov<T, TR>(ReadOnlySpan<TR> r, ReadOnlySpan<long> t, ReadOnlySpan<T> x, ReadOnlySpan<T> g, ReadOnlySpan<T> v,
        Span<T> xNew, Span<T> vNew, int count, float alpha, float beta, float normCoefficient)
        where T : unmanaged, IFloatingPointIeee754<T> where TR : unmanaged, IFloatingPointIeee754<TR> =>
        MomentumStep(r, t, x, g, v, xNew, vNew, count, alpha, beta, normCoefficient, nesterov: true);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MomentumStep<T, TR>(ReadOnlySpan<TR> r, ReadOnlySpan<long> t, ReadOnlySpan<T> x, ReadOnlySpan<T> g, ReadOnlySpan<T> v,
        Span<T> xNew, Span<T> vNew, int count, float alpha, float beta, float normCoefficient, bool nesterov)
        where T : unmanaged, IFloatingPointIeee754<T> where TR : unmanaged, IFloatingPointIeee754<TR>
    {
        Check(r, t, count, x, g, v, v, xNew, vNew, Span<T>.Empty);
        double rate = double.CreateTruncating(r[0]);
        // The gradient's weight is 1 at the first update, so the momentum starts as the gradient itself.
        double gradientWeight = t[0] > 0 ? beta : 1;
        for (int i = 0; i < count; i++)
        {
            double xi = double.CreateTruncating(x[i]);
            double gr = normCoefficient * xi + double.CreateTruncating(g[i]);
            double vn = alpha * double.CreateTruncating(v[i]) + gradientWeight * gr;
            if (!xNew.IsEmpty) xNew[i] = T.CreateTruncating(xi - rate * (nesterov ? gr + alpha * vn : vn));
            if (!vNew.IsEmpty) vNew[i] = T.CreateTruncating(vn);
        }
    }

    private static void Check<T, TR>(ReadOnlySpan<TR> r, ReadOnlySpan<long> t, int count, ReadOnlySpan<T> x, ReadOnlySpan<T> g, ReadOnlySpan<T> s0, ReadOnlySpan<T> s1,
        Span<T> o0, Span<T> o1, Span<T> o2)
    {
        if (count < 0) throw new ArgumentException("Negative optimizer tensor size.", nameof(count));
        Simd.Need(r.Length, 1, nameof(r));
        Simd.Need(t.Length, 1, nameof(t));
        Simd.Need(x.Length, count, nameof(x));
        Simd.Need(g.Length, count, nameof(g));
        Simd.Need(s0.Length, count, "state");
        Simd.Need(s1.Length, count, "state");
        NeedUnlessEmpty(o0.Length, count);
        NeedUnlessEmpty(o1.Length, count);
        NeedUnlessEmpty(o2.Length, count);
    }

    private static void NeedUnlessEmpty(int length, int count)
    {
        if (length != 0) Simd.Need(length, count, "output");
    }
}

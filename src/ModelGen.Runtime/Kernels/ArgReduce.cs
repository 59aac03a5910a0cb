using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>ONNX ArgMax and ArgMin along the middle axis of [outer, axisLength, inner]; NaN counts as the extreme (numpy's rule).</summary>
public static class ArgReduce
{
    /// <summary>y[o, i] = the index a of the largest x[o, a, i]; ties go to the first index, or the last with <paramref name="selectLast"/>.</summary>
    /// <param name="x">Input [outer, axisLength, inner].</param>
    /// <param name="y">Output [outer, inner].</param>
    /// <param name="outer">Product of the dims before the axis.</param>
    /// <param name="axisLength">Length of the axis (at least 1).</param>
    /// <param name="inner">Product of the dims after the axis.</param>
    /// <param name="selectLast">Ties go to the last index.</param>
    public static void Max<T>(ReadOnlySpan<T> x, Span<long> y, int outer, int axisLength, int inner, bool selectLast) where T : unmanaged, INumberBase<T>, IComparisonOperators<T, T, bool> =>
        Run<T, Larger<T>>(x, y, outer, axisLength, inner, selectLast);

    /// <summary>y[o, i] = the index a of the smallest x[o, a, i]; ties go to the first index, or the last with <paramref name="selectLast"/>.</summary>
    /// <param name="x">Input [outer, axisLength, inner].</param>
    /// <param name="y">Output [outer, inner].</param>
    /// <param name="outer">Product of the dims before the axis.</param>
    /// <param name="axisLength">Length of the axis (at least 1).</param>
    /// <param name="inner">Product of the dims after the axis.</param>
    /// <param name="selectLast">Ties go to the last index.</param>
    public static void Min<T>(ReadOnlySpan<T> x, Span<long> y, int outer, int axisLength, int inner, bool selectLast) where T : unmanaged, INumberBase<T>, IComparisonOperators<T, T, bool> =>
        Run<T, Smaller<T>>(x, y, outer, axisLength, inner, selectLast);

    private interface IOrder<T> { static abstract bool Before(T a, T b); }
    private struct Larger<T> : IOrder<T> where T : IComparisonOperators<T, T, bool> { public static bool Before(T a, T b) => a > b; }
    private struct Smaller<T> : IOrder<T> where T : IComparisonOperators<T, T, bool> { public static bool Before(T a, T b) => a < b; }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run<T, TOrder>(ReadOnlySpan<T> x, Span<long> y, int outer, int axisLength, int inner, bool selectLast)
        where T : unmanaged, INumberBase<T> where TOrder : struct, IOrder<T>
    {
        if (outer < 0 || axisLength < 1 || inner < 0) throw new ArgumentException("ArgMax/ArgMin need a non-empty axis and non-negative dims.");
        Simd.Need(x.Length, (long)outer * axisLength * inner, nameof(x));
        Simd.Need(y.Length, (long)outer * inner, nameof(y));
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                int baseOffset = o * axisLength * inner + i;
                T best = x[baseOffset];
                long bestIndex = 0;
                for (int a = 1; a < axisLength; a++)
                {
                    T v = x[baseOffset + a * inner];
                    bool take = T.IsNaN(best) ? selectLast && T.IsNaN(v)
                        : T.IsNaN(v) || TOrder.Before(v, best) || (selectLast && v == best);
                    if (take) { best = v; bestIndex = a; }
                }
                y[o * inner + i] = bestIndex;
            }
    }
}

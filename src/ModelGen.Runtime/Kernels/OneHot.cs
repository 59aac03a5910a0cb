using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>ONNX OneHot: off values everywhere, the on value where the depth coordinate equals the index.</summary>
public static class OneHot
{
    /// <summary>
    /// indices viewed as [outer, inner], y as [outer, depth, inner]: y[o, d, i] = values[1] when d is indices[o, i]
    /// (truncated to an integer; negative ones count from the end of depth when <paramref name="negativeFromEnd"/>),
    /// else values[0]. Indices outside the range match nothing.
    /// </summary>
    /// <param name="indices">Indices, any numeric type.</param>
    /// <param name="values">Two elements: the off value, then the on value.</param>
    /// <param name="y">Output.</param>
    /// <param name="outer">Product of the indices dims before the new axis.</param>
    /// <param name="depth">The new axis' length.</param>
    /// <param name="inner">Product of the indices dims from the new axis on.</param>
    /// <param name="negativeFromEnd">OneHot-11: negative indices count from the end (OneHot-9: they match nothing).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TIndex, TValue>(ReadOnlySpan<TIndex> indices, ReadOnlySpan<TValue> values, Span<TValue> y, int outer, int depth, int inner, bool negativeFromEnd)
        where TIndex : unmanaged, INumberBase<TIndex> where TValue : unmanaged
    {
        if (outer < 0 || depth < 0 || inner < 0) throw new ArgumentException("Negative OneHot dimension.");
        Simd.Need(values.Length, 2, nameof(values));
        Simd.Need(indices.Length, (long)outer * inner, nameof(indices));
        long total = (long)outer * depth * inner;
        Simd.Need(y.Length, total, nameof(y));
        y.Slice(0, (int)total).Fill(values[0]);
        TValue on = values[1];
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                long d = long.CreateSaturating(indices[o * inner + i]);
                if (d < 0 && negativeFromEnd) d += depth;
                if (d >= 0 && d < depth) y[(int)((o * (long)depth + d) * inner + i)] = on;
            }
    }

    /// <summary>dims[0] = the one-element depth tensor's value, truncated to an integer; it must not be negative.</summary>
    /// <param name="depth">One element: the depth.</param>
    /// <param name="dims">One element: the depth as a dim.</param>
    public static void Depth<T>(ReadOnlySpan<T> depth, Span<int> dims) where T : unmanaged, INumberBase<T>
    {
        Simd.Need(depth.Length, 1, nameof(depth));
        long d = long.CreateSaturating(depth[0]);
        if (d < 0 || d > int.MaxValue) throw new ArgumentException($"OneHot depth {d} is out of range.", nameof(depth));
        dims[0] = (int)d;
    }
}

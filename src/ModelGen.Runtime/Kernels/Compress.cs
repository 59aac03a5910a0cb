using System;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>ONNX Compress: the slices along one axis whose condition is true, in order.</summary>
public static class Compress
{
    /// <summary>
    /// x viewed as [outer, axisLength, inner]; y is [outer, kept, inner] holding the slices j with condition[j]
    /// true. Condition entries past the axis length are ignored; a shorter condition drops the slices past it.
    /// The number kept is known at build time here.
    /// </summary>
    /// <param name="x">Input.</param>
    /// <param name="condition">Which slices to keep.</param>
    /// <param name="y">Output.</param>
    /// <param name="outer">Product of the dims before the axis (1 without an axis).</param>
    /// <param name="axisLength">The axis length (the element count without an axis).</param>
    /// <param name="inner">Product of the dims after the axis (1 without an axis).</param>
    public static void Run<T>(ReadOnlySpan<T> x, ReadOnlySpan<bool> condition, Span<T> y, int outer, int axisLength, int inner) where T : unmanaged
    {
        int kept = Count(condition, axisLength);
        Simd.Need(y.Length, (long)outer * kept * inner, nameof(y));
        Copy(x, condition, y, outer, axisLength, inner);
    }

    /// <summary>As <see cref="Run{T}"/>, when only run time knows the number kept: count[0] is set to it; y holds the most there can be.</summary>
    /// <param name="x">Input.</param>
    /// <param name="condition">Which slices to keep.</param>
    /// <param name="y">Output region.</param>
    /// <param name="outer">Product of the dims before the axis (1 without an axis).</param>
    /// <param name="axisLength">The axis length (the element count without an axis).</param>
    /// <param name="inner">Product of the dims after the axis (1 without an axis).</param>
    /// <param name="count">One element: the number of slices kept.</param>
    public static void Counted<T>(ReadOnlySpan<T> x, ReadOnlySpan<bool> condition, Span<T> y, int outer, int axisLength, int inner, Span<int> count) where T : unmanaged
    {
        int kept = Count(condition, axisLength);
        Simd.Need(y.Length, (long)outer * kept * inner, nameof(y));
        Copy(x, condition, y, outer, axisLength, inner);
        count[0] = kept;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Count(ReadOnlySpan<bool> condition, int axisLength)
    {
        int n = 0, usable = Math.Min(condition.Length, axisLength);
        for (int j = 0; j < usable; j++) if (condition[j]) n++;
        return n;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Copy<T>(ReadOnlySpan<T> x, ReadOnlySpan<bool> condition, Span<T> y, int outer, int axisLength, int inner) where T : unmanaged
    {
        if (outer < 0 || axisLength < 0 || inner < 0) throw new ArgumentException("Negative Compress dimension.");
        Simd.Need(x.Length, (long)outer * axisLength * inner, nameof(x));
        int usable = Math.Min(condition.Length, axisLength);
        for (int o = 0, k = 0; o < outer; o++)
            for (int j = 0; j < usable; j++)
                if (condition[j])
                {
                    x.Slice((o * axisLength + j) * inner, inner).CopyTo(y.Slice(k * inner, inner));
                    k++;
                }
    }
}

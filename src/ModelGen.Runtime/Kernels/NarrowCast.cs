using System;
using System.Numerics;
using ModelGen.Runtime.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// ONNX Cast to and from the narrow element types (bfloat16, float8, float4, int4, int2; see <see cref="INarrowNumber{TSelf}"/>).
/// Floating values travel through double, which holds every narrow value and every float, float16 and double exactly,
/// so each conversion rounds once; integer values travel through long, so integer casts wrap as between other integers.
/// Scalar loops: these conversions are bit manipulation with branches, and no model spends its time in them.
/// </summary>
public static class NarrowCast
{
    /// <summary>y[i] = x[i] as the narrow type; <paramref name="saturate"/> is ONNX Cast's (float8 targets only).</summary>
    /// <param name="x">Input.</param>
    /// <param name="y">Output, at least x.Length elements.</param>
    /// <param name="saturate">Clamp out-of-range values to the largest finite one instead of giving inf/NaN.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void To<TFrom, TTo>(ReadOnlySpan<TFrom> x, Span<TTo> y, bool saturate)
        where TFrom : unmanaged, INumberBase<TFrom> where TTo : unmanaged, INarrowNumber<TTo>
    {
        Simd.Need(y.Length, x.Length, nameof(y));
        if (TTo.IsInteger)
            for (int i = 0; i < x.Length; i++) y[i] = TTo.FromInt64(long.CreateSaturating(x[i]));
        else
            for (int i = 0; i < x.Length; i++) y[i] = TTo.FromDouble(double.CreateTruncating(x[i]), saturate);
    }

    /// <summary>y[i] = x[i] as <typeparamref name="TTo"/>, converted as from double (float types) or long (integer types).</summary>
    /// <param name="x">Input.</param>
    /// <param name="y">Output, at least x.Length elements.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void From<TFrom, TTo>(ReadOnlySpan<TFrom> x, Span<TTo> y)
        where TFrom : unmanaged, INarrowNumber<TFrom> where TTo : unmanaged, INumberBase<TTo>
    {
        Simd.Need(y.Length, x.Length, nameof(y));
        if (TFrom.IsInteger)
            for (int i = 0; i < x.Length; i++) y[i] = TTo.CreateTruncating(TFrom.ToInt64(x[i]));
        else
            for (int i = 0; i < x.Length; i++) y[i] = TTo.CreateTruncating(TFrom.ToDouble(x[i]));
    }

    /// <summary>y[i] = x[i] between two narrow types.</summary>
    /// <param name="x">Input.</param>
    /// <param name="y">Output, at least x.Length elements.</param>
    /// <param name="saturate">As for <see cref="To{TFrom,TTo}"/>.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Between<TFrom, TTo>(ReadOnlySpan<TFrom> x, Span<TTo> y, bool saturate)
        where TFrom : unmanaged, INarrowNumber<TFrom> where TTo : unmanaged, INarrowNumber<TTo>
    {
        Simd.Need(y.Length, x.Length, nameof(y));
        for (int i = 0; i < x.Length; i++)
            y[i] = TTo.IsInteger ? TTo.FromInt64(TFrom.ToInt64(x[i]))
                : TFrom.IsInteger ? TTo.FromDouble(TFrom.ToInt64(x[i]), saturate)
                : TTo.FromDouble(TFrom.ToDouble(x[i]), saturate);
    }

    /// <summary>y[i] = x[i] as float8e8m0, from the value as a float, with ONNX Cast's round_mode (0 up, 1 down, 2 nearest).</summary>
    /// <param name="x">Input.</param>
    /// <param name="y">Output, at least x.Length elements.</param>
    /// <param name="saturate">Never round past 2^127 into NaN.</param>
    /// <param name="roundMode">0 up, 1 down, 2 nearest (<see cref="E8M0Rounding"/>).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ToE8M0<TFrom>(ReadOnlySpan<TFrom> x, Span<Float8E8M0> y, bool saturate, int roundMode) where TFrom : unmanaged, INumberBase<TFrom>
    {
        Simd.Need(y.Length, x.Length, nameof(y));
        for (int i = 0; i < x.Length; i++) y[i] = Float8E8M0.FromFloat(float.CreateTruncating(x[i]), saturate, (E8M0Rounding)roundMode);
    }

    /// <summary>y[i] = x[i] != 0 (NaN is true).</summary>
    /// <param name="x">Input.</param>
    /// <param name="y">Output, at least x.Length elements.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ToBool<TFrom>(ReadOnlySpan<TFrom> x, Span<bool> y) where TFrom : unmanaged, INarrowNumber<TFrom>
    {
        Simd.Need(y.Length, x.Length, nameof(y));
        for (int i = 0; i < x.Length; i++) y[i] = TFrom.ToDouble(x[i]) != 0;
    }

    /// <summary>y[i] = x[i] ? 1 : 0.</summary>
    /// <param name="x">Input.</param>
    /// <param name="y">Output, at least x.Length elements.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void FromBool<TTo>(ReadOnlySpan<bool> x, Span<TTo> y) where TTo : unmanaged, INarrowNumber<TTo>
    {
        Simd.Need(y.Length, x.Length, nameof(y));
        for (int i = 0; i < x.Length; i++) y[i] = TTo.FromInt64(x[i] ? 1 : 0);
    }
}

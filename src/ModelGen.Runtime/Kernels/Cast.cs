using System;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>ONNX Cast: numeric types convert as INumberBase's CreateTruncating does (float to integer toward zero, integers wrap); bool is "non-zero".</summary>
public static class Cast
{
    /// <summary>y[i] = (TTo)x[i].</summary>
    /// <param name="x">Input.</param>
    /// <param name="y">Output, at least x.Length elements.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TFrom, TTo>(ReadOnlySpan<TFrom> x, Span<TTo> y) where TFrom : unmanaged, INumberBase<TFrom> where TTo : unmanaged, INumberBase<TTo>
    {
        Simd.Need(y.Length, x.Length, nameof(y));
        // float16 ↔ float (the casts around each op that computes float16 in float): TensorPrimitives converts with
        // vectors (.NET has no F16C intrinsics), to the element cast's bits for every number and infinity, and a NaN
        // of the same sign (HalfCastTests).
        if (typeof(TFrom) == typeof(Half) && typeof(TTo) == typeof(float))
        {
            TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<TFrom, Half>(x), MemoryMarshal.Cast<TTo, float>(y));
            return;
        }
        if (typeof(TFrom) == typeof(float) && typeof(TTo) == typeof(Half))
        {
            TensorPrimitives.ConvertToHalf(MemoryMarshal.Cast<TFrom, float>(x), MemoryMarshal.Cast<TTo, Half>(y));
            return;
        }
        for (int i = 0; i < x.Length; i++) y[i] = TTo.CreateTruncating(x[i]);
    }

    /// <summary>y[i] = x[i] != 0.</summary>
    /// <param name="x">Input.</param>
    /// <param name="y">Output, at least x.Length elements.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ToBool<TFrom>(ReadOnlySpan<TFrom> x, Span<bool> y) where TFrom : unmanaged, INumberBase<TFrom>
    {
        Simd.Need(y.Length, x.Length, nameof(y));
        for (int i = 0; i < x.Length; i++) y[i] = !TFrom.IsZero(x[i]);
    }

    /// <summary>y[i] = x[i] ? 1 : 0.</summary>
    /// <param name="x">Input.</param>
    /// <param name="y">Output, at least x.Length elements.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void FromBool<TTo>(ReadOnlySpan<bool> x, Span<TTo> y) where TTo : unmanaged, INumberBase<TTo>
    {
        Simd.Need(y.Length, x.Length, nameof(y));
        for (int i = 0; i < x.Length; i++) y[i] = x[i] ? TTo.One : TTo.Zero;
    }
}

/// <summary>ONNX BitCast: the bytes of x, unchanged, as elements of another type of the same width.</summary>
public static class BitCast
{
    /// <summary>y's bytes = x's bytes.</summary>
    /// <param name="x">Input.</param>
    /// <param name="y">Output, as many elements as x.</param>
    public static void Run<TFrom, TTo>(ReadOnlySpan<TFrom> x, Span<TTo> y) where TFrom : unmanaged where TTo : unmanaged
    {
        if (System.Runtime.CompilerServices.Unsafe.SizeOf<TFrom>() != System.Runtime.CompilerServices.Unsafe.SizeOf<TTo>())
            throw new ArgumentException("BitCast needs element types of one width.");
        Simd.Need(y.Length, x.Length, nameof(y));
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(x).CopyTo(System.Runtime.InteropServices.MemoryMarshal.AsBytes(y));
    }
}

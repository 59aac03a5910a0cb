using System;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>ONNX GlobalAveragePool and GlobalMaxPool: one value per (batch, channel) plane.</summary>
public static class GlobalPool
{
    /// <summary>y[p] = mean of x[p, 0..size) for each of <paramref name="planes"/> planes (summed in float chunks and double, never in Half); an empty plane gives NaN.</summary>
    /// <param name="x">Input [planes, size].</param>
    /// <param name="y">Output [planes].</param>
    /// <param name="planes">Batch × channels.</param>
    /// <param name="size">Product of the spatial dims.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Average<T>(ReadOnlySpan<T> x, Span<T> y, int planes, int size) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(x.Length, y.Length, planes, size);
        for (int p = 0; p < planes; p++)
            y[p] = T.CreateTruncating(size == 0 ? double.NaN : FloatSums.Sum(x.Slice(p * size, size)) / size);
    }

    /// <summary>y[p] = max of x[p, 0..size) (NaN if the plane holds one; −∞ for an empty plane).</summary>
    /// <param name="x">Input [planes, size].</param>
    /// <param name="y">Output [planes].</param>
    /// <param name="planes">Batch × channels.</param>
    /// <param name="size">Product of the spatial dims.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Max<T>(ReadOnlySpan<T> x, Span<T> y, int planes, int size) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Check(x.Length, y.Length, planes, size);
        for (int p = 0; p < planes; p++)
            y[p] = size == 0 ? T.NegativeInfinity : TensorPrimitives.Max(x.Slice(p * size, size));
    }

    private static void Check(int x, int y, int planes, int size)
    {
        if (planes < 0 || size < 0) throw new ArgumentException("Negative global pool dimension.");
        Simd.Need(x, (long)planes * size, nameof(x));
        Simd.Need(y, planes, nameof(y));
    }
}

using System;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>ONNX EyeLike: a 2-D tensor of zeros with ones on one diagonal.</summary>
public static class EyeLike
{
    /// <summary>y ([rows, cols]) = 0 except y[i, i + k] = <paramref name="one"/> where that column exists.</summary>
    /// <param name="y">Output.</param>
    /// <param name="rows">Rows.</param>
    /// <param name="cols">Columns.</param>
    /// <param name="k">The diagonal: 0 the main one, positive above it, negative below.</param>
    /// <param name="one">The value 1 of the element type.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(Span<T> y, int rows, int cols, int k, T one) where T : unmanaged
    {
        if (rows < 0 || cols < 0) throw new ArgumentException("Negative EyeLike dimension.");
        Simd.Need(y.Length, (long)rows * cols, nameof(y));
        y.Slice(0, rows * cols).Clear();
        for (int i = Math.Max(0, -k); i < rows && (long)i + k < cols; i++) y[i * cols + i + k] = one;
    }
}

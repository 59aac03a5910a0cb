using System;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>ONNX Tile: the input copied a whole number of times along every axis.</summary>
public static class Tile
{
    /// <summary>
    /// y = x tiled: every outShape[d] is a multiple of inShape[d] (0 when inShape[d] is 0). Each innermost run is
    /// copied from x once, then whole blocks of y are copied forward, so every copy is one contiguous span.
    /// </summary>
    /// <param name="x">Input, dense with shape <paramref name="inShape"/>.</param>
    /// <param name="y">Output, dense with shape <paramref name="outShape"/>.</param>
    /// <param name="inShape">x's shape (rank 0..8).</param>
    /// <param name="outShape">y's shape: inShape times the repeats.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<int> inShape, ReadOnlySpan<int> outShape) where T : unmanaged
    {
        int rank = inShape.Length;
        if (rank > 8 || outShape.Length != rank) throw new ArgumentException("inShape and outShape must have the same length (at most 8).");
        int inTotal = Simd.Product(inShape, nameof(inShape));
        int outTotal = Simd.Product(outShape, nameof(outShape));
        for (int d = 0; d < rank; d++)
            if (inShape[d] == 0 ? outShape[d] != 0 : outShape[d] % inShape[d] != 0)
                throw new ArgumentException($"Tile axis {d}: {outShape[d]} is not a whole number of copies of {inShape[d]}.");
        Simd.Need(x.Length, inTotal, nameof(x));
        Simd.Need(y.Length, outTotal, nameof(y));
        if (outTotal == 0) return;
        if (rank == 0) { y[0] = x[0]; return; }
        Fill(x, y, inShape, outShape, 0, 0, 0, inTotal, outTotal);
    }

    /// <summary>
    /// Writes the block of y for one index prefix at axis <paramref name="d"/>: its first inShape[d] slots from x
    /// (recursively), then that filled part copied forward for the other repeats.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Fill<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<int> inShape, ReadOnlySpan<int> outShape, int d, int xOff, int yOff, int xBlock, int yBlock)
        where T : unmanaged
    {
        int n = inShape[d];
        int xStep = xBlock / n, yStep = yBlock / outShape[d]; // elements per index of axis d, in x and in y
        if (d == inShape.Length - 1) x.Slice(xOff, n).CopyTo(y.Slice(yOff, n));
        else
            for (int i = 0; i < n; i++) Fill(x, y, inShape, outShape, d + 1, xOff + i * xStep, yOff + i * yStep, xStep, yStep);
        int filled = n * yStep;
        for (int at = yOff + filled, end = yOff + yBlock; at < end; at += filled)
            y.Slice(yOff, filled).CopyTo(y.Slice(at, filled));
    }
}

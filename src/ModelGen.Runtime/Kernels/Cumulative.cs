using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// ONNX CumSum and CumProd along one axis, optionally exclusive (each output leaves its own element out) and
/// reversed (accumulating from the end). Floats accumulate in double and round once per output; integers wrap
/// like the element type (accumulated in 64 bits, which wraps the same way modulo the type's width).
/// </summary>
public static class Cumulative
{
    /// <summary>Running sums of x viewed as [outer, length, inner] along the middle axis.</summary>
    /// <param name="x">Input.</param>
    /// <param name="y">Output, x's shape.</param>
    /// <param name="outer">Product of the dims before the axis.</param>
    /// <param name="length">The axis length.</param>
    /// <param name="inner">Product of the dims after the axis.</param>
    /// <param name="exclusive">Each output leaves its own element out (the first is 0).</param>
    /// <param name="reverse">Accumulate from the end of the axis.</param>
    public static void Sum<T>(ReadOnlySpan<T> x, Span<T> y, int outer, int length, int inner, bool exclusive, bool reverse) where T : unmanaged, INumber<T> =>
        Dispatch<T, SumOf>(x, y, outer, length, inner, exclusive, reverse);

    /// <summary>Running products of x viewed as [outer, length, inner] along the middle axis.</summary>
    /// <param name="x">Input.</param>
    /// <param name="y">Output, x's shape.</param>
    /// <param name="outer">Product of the dims before the axis.</param>
    /// <param name="length">The axis length.</param>
    /// <param name="inner">Product of the dims after the axis.</param>
    /// <param name="exclusive">Each output leaves its own element out (the first is 1).</param>
    /// <param name="reverse">Accumulate from the end of the axis.</param>
    public static void Product<T>(ReadOnlySpan<T> x, Span<T> y, int outer, int length, int inner, bool exclusive, bool reverse) where T : unmanaged, INumber<T> =>
        Dispatch<T, ProdOf>(x, y, outer, length, inner, exclusive, reverse);

    /// <summary>Running sums along the axis that the one-element <paramref name="axis"/> tensor names (negative counts from the end).</summary>
    /// <param name="x">Input.</param>
    /// <param name="axis">One element: the axis.</param>
    /// <param name="y">Output, x's shape.</param>
    /// <param name="dims">x's dims.</param>
    /// <param name="exclusive">Each output leaves its own element out.</param>
    /// <param name="reverse">Accumulate from the end of the axis.</param>
    public static void SumAlong<T>(ReadOnlySpan<T> x, ReadOnlySpan<long> axis, Span<T> y, ReadOnlySpan<int> dims, bool exclusive, bool reverse) where T : unmanaged, INumber<T> =>
        Along<T, long, SumOf>(x, axis, y, dims, exclusive, reverse);

    /// <summary>Running sums along the axis that the one-element <paramref name="axis"/> tensor names (negative counts from the end).</summary>
    /// <param name="x">Input.</param>
    /// <param name="axis">One element: the axis.</param>
    /// <param name="y">Output, x's shape.</param>
    /// <param name="dims">x's dims.</param>
    /// <param name="exclusive">Each output leaves its own element out.</param>
    /// <param name="reverse">Accumulate from the end of the axis.</param>
    public static void SumAlong<T>(ReadOnlySpan<T> x, ReadOnlySpan<int> axis, Span<T> y, ReadOnlySpan<int> dims, bool exclusive, bool reverse) where T : unmanaged, INumber<T> =>
        Along<T, int, SumOf>(x, axis, y, dims, exclusive, reverse);

    /// <summary>Running products along the axis that the one-element <paramref name="axis"/> tensor names (negative counts from the end).</summary>
    /// <param name="x">Input.</param>
    /// <param name="axis">One element: the axis.</param>
    /// <param name="y">Output, x's shape.</param>
    /// <param name="dims">x's dims.</param>
    /// <param name="exclusive">Each output leaves its own element out.</param>
    /// <param name="reverse">Accumulate from the end of the axis.</param>
    public static void ProductAlong<T>(ReadOnlySpan<T> x, ReadOnlySpan<long> axis, Span<T> y, ReadOnlySpan<int> dims, bool exclusive, bool reverse) where T : unmanaged, INumber<T> =>
        Along<T, long, ProdOf>(x, axis, y, dims, exclusive, reverse);

    /// <summary>Running products along the axis that the one-element <paramref name="axis"/> tensor names (negative counts from the end).</summary>
    /// <param name="x">Input.</param>
    /// <param name="axis">One element: the axis.</param>
    /// <param name="y">Output, x's shape.</param>
    /// <param name="dims">x's dims.</param>
    /// <param name="exclusive">Each output leaves its own element out.</param>
    /// <param name="reverse">Accumulate from the end of the axis.</param>
    public static void ProductAlong<T>(ReadOnlySpan<T> x, ReadOnlySpan<int> axis, Span<T> y, ReadOnlySpan<int> dims, bool exclusive, bool reverse) where T : unmanaged, INumber<T> =>
        Along<T, int, ProdOf>(x, axis, y, dims, exclusive, reverse);

    private static void Along<T, TAxis, TFold>(ReadOnlySpan<T> x, ReadOnlySpan<TAxis> axis, Span<T> y, ReadOnlySpan<int> dims, bool exclusive, bool reverse)
        where T : unmanaged, INumber<T> where TAxis : unmanaged, IBinaryInteger<TAxis> where TFold : struct, IFold
    {
        Simd.Need(axis.Length, 1, nameof(axis));
        int rank = dims.Length;
        long a = long.CreateTruncating(axis[0]);
        long normalised = a < 0 ? a + rank : a;
        if (normalised < 0 || normalised >= rank) throw new ArgumentException($"Cumulative axis {a} is out of range for rank {rank}.", nameof(axis));
        int at = (int)normalised;
        int outer = Simd.Product(dims.Slice(0, at), nameof(dims)), inner = Simd.Product(dims.Slice(at + 1), nameof(dims));
        Dispatch<T, TFold>(x, y, outer, dims[at], inner, exclusive, reverse);
    }

    private static void Dispatch<T, TFold>(ReadOnlySpan<T> x, Span<T> y, int outer, int length, int inner, bool exclusive, bool reverse)
        where T : unmanaged, INumber<T> where TFold : struct, IFold
    {
        if (outer < 0 || length < 0 || inner < 0) throw new ArgumentException("Negative cumulative dimension.");
        long total = (long)outer * length * inner;
        Simd.Need(x.Length, total, nameof(x));
        Simd.Need(y.Length, total, nameof(y));
        if (typeof(T) == typeof(float) || typeof(T) == typeof(double) || typeof(T) == typeof(Half)) Run<T, double, TFold>(x, y, outer, length, inner, exclusive, reverse);
        else if (typeof(T) == typeof(byte) || typeof(T) == typeof(ushort) || typeof(T) == typeof(uint) || typeof(T) == typeof(ulong)) Run<T, ulong, TFold>(x, y, outer, length, inner, exclusive, reverse);
        else Run<T, long, TFold>(x, y, outer, length, inner, exclusive, reverse);
    }

    // Columns (inner positions) accumulate together in chunks: one pass down the axis reads contiguous rows.
    private const int Chunk = 256;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run<T, TAcc, TFold>(ReadOnlySpan<T> x, Span<T> y, int outer, int length, int inner, bool exclusive, bool reverse)
        where T : unmanaged, INumber<T> where TAcc : unmanaged, INumber<TAcc> where TFold : struct, IFold
    {
        Span<TAcc> acc = stackalloc TAcc[Chunk];
        for (int o = 0; o < outer; o++)
            for (int c0 = 0; c0 < inner; c0 += Chunk)
            {
                int n = Math.Min(Chunk, inner - c0);
                acc.Slice(0, n).Fill(TFold.Seed<TAcc>());
                for (int s = 0; s < length; s++)
                {
                    int row = (o * length + (reverse ? length - 1 - s : s)) * inner + c0;
                    for (int i = 0; i < n; i++)
                    {
                        TAcc v = TAcc.CreateTruncating(x[row + i]);
                        if (exclusive)
                        {
                            y[row + i] = T.CreateTruncating(acc[i]);
                            acc[i] = TFold.Step(acc[i], v);
                        }
                        else
                        {
                            acc[i] = TFold.Step(acc[i], v);
                            y[row + i] = T.CreateTruncating(acc[i]);
                        }
                    }
                }
            }
    }
}

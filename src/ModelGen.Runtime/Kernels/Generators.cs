using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>ONNX ConstantOfShape's fill.</summary>
public static class Fill
{
    /// <summary>Every element of y = value.</summary>
    /// <param name="y">Output.</param>
    /// <param name="value">The value.</param>
    public static void Run<T>(Span<T> y, T value) where T : unmanaged => y.Fill(value);
}

/// <summary>ONNX Range.</summary>
public static class Range
{
    /// <summary>y[i] = start + i·delta for every element of y.</summary>
    /// <param name="start">One element: the first value.</param>
    /// <param name="delta">One element: the step.</param>
    /// <param name="y">Output.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(ReadOnlySpan<T> start, ReadOnlySpan<T> delta, Span<T> y) where T : unmanaged, INumber<T>
    {
        Simd.Need(start.Length, 1, nameof(start));
        Simd.Need(delta.Length, 1, nameof(delta));
        T s = start[0], d = delta[0];
        if (typeof(T) == typeof(Half))
        {
            // ONNX Range-27's default stash_type: float16 computes in float.
            float fs = float.CreateTruncating(s), fd = float.CreateTruncating(d);
            for (int i = 0; i < y.Length; i++) y[i] = T.CreateTruncating(fs + i * fd);
            return;
        }
        for (int i = 0; i < y.Length; i++) y[i] = s + T.CreateTruncating(i) * d;
    }

    /// <summary>count = max(⌈(limit − start) / delta⌉, 0), exactly for integers.</summary>
    /// <param name="start">One element.</param>
    /// <param name="limit">One element.</param>
    /// <param name="delta">One element, non-zero.</param>
    /// <param name="count">One element: the count.</param>
    public static void Count<T>(ReadOnlySpan<T> start, ReadOnlySpan<T> limit, ReadOnlySpan<T> delta, Span<int> count) where T : unmanaged, INumber<T>
    {
        T s = start[0], l = limit[0], d = delta[0];
        if (T.IsZero(d)) throw new ArgumentException("Range's delta must not be 0.");
        double n;
        if (T.IsInteger(d))
        {
            long span = long.CreateTruncating(l) - long.CreateTruncating(s), step = long.CreateTruncating(d);
            n = step > 0 ? (span <= 0 ? 0 : (span + step - 1) / step) : (span >= 0 ? 0 : (-span + -step - 1) / -step);
        }
        else n = Math.Max(Math.Ceiling((double.CreateTruncating(l) - double.CreateTruncating(s)) / double.CreateTruncating(d)), 0);
        if (n > int.MaxValue) throw new ArgumentException("Range would have more than int.MaxValue elements.");
        count[0] = (int)n;
    }
}

/// <summary>ONNX NonZero.</summary>
public static class NonZero
{
    /// <summary>
    /// The indices of x's non-zero elements, row-major order, written as y[axis, k] (shape [rank, count]); count[0]
    /// is set to their number. y must hold rank × (x's element count) elements, the most there can be.
    /// </summary>
    /// <param name="x">Input.</param>
    /// <param name="inShape">x's shape.</param>
    /// <param name="y">Output region.</param>
    /// <param name="count">One element: the number of non-zero elements.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(ReadOnlySpan<T> x, ReadOnlySpan<int> inShape, Span<long> y, Span<int> count) where T : unmanaged, IEquatable<T>
    {
        int rank = inShape.Length, total = Simd.Product(inShape, nameof(inShape));
        Simd.Need(x.Length, total, nameof(x));
        int n = 0;
        for (int i = 0; i < total; i++) if (!x[i].Equals(default)) n++;
        Simd.Need(y.Length, (long)rank * n, nameof(y));
        Span<int> idx = stackalloc int[Math.Max(rank, 1)];
        idx.Clear();
        for (int i = 0, k = 0; i < total; i++)
        {
            if (!x[i].Equals(default))
            {
                for (int a = 0; a < rank; a++) y[a * n + k] = idx[a];
                k++;
            }
            for (int a = rank - 1; a >= 0; a--)
            {
                if (++idx[a] < inShape[a]) break;
                idx[a] = 0;
            }
        }
        count[0] = n;
    }
}

/// <summary>ONNX Expand: a broadcast copy.</summary>
public static class Expand
{
    /// <summary>y (dense, <paramref name="shape"/>) = x read with <paramref name="xStrides"/> (0 along broadcast axes).</summary>
    /// <param name="x">Input.</param>
    /// <param name="y">Output.</param>
    /// <param name="shape">y's shape.</param>
    /// <param name="xStrides">x's element stride per output axis.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Run<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<int> shape, ReadOnlySpan<int> xStrides) where T : unmanaged
    {
        Span<int> none = stackalloc int[shape.Length];
        none.Clear();
        var walk = new StridedWalk(shape, xStrides, none, default);
        if (walk.Total == 0) return;
        walk.Check(y.Length, x.Length, 1, 1);
        fixed (T* px = x, py = y)
        {
            T* yRow = py;
            for (long row = 0; row < walk.Rows; row++, yRow += walk.Inner)
            {
                T* r = px + walk.Offset0;
                if (walk.Inner0 == 1) new ReadOnlySpan<T>(r, walk.Inner).CopyTo(new Span<T>(yRow, walk.Inner));
                else for (int i = 0; i < walk.Inner; i++) yRow[i] = r[(nint)i * walk.Inner0];
                walk.Next();
            }
        }
    }
}

/// <summary>Scalar helpers the generated elementwise functions call.</summary>
public static class ScalarMath
{
    /// <summary>x^n for integers, wrapping like repeated multiplication; a negative n gives 0 (or ±1 for x = ±1).</summary>
    /// <param name="x">Base.</param>
    /// <param name="n">Exponent.</param>
    /// <returns>x^n.</returns>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long Pow(long x, long n)
    {
        if (n < 0) return x == 1 ? 1 : x == -1 ? ((n & 1) == 0 ? 1 : -1) : 0;
        long result = 1;
        while (n > 0)
        {
            if ((n & 1) != 0) result = unchecked(result * x);
            x = unchecked(x * x);
            n >>= 1;
        }
        return result;
    }
}

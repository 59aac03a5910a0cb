using System;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

// The softmax family: each kernel works along the middle axis of x viewed as [outer, axisLength, inner].

/// <summary>ONNX Softmax (opset 13 form: one axis).</summary>
public static class Softmax
{
    // Columns of the [axisLength, inner] plane handled together when inner > 1; bounds the stack buffers.
    private const int Chunk = 256;

    /// <summary>
    /// y = exp(x - max) / Σ exp(x - max) along the middle axis of x viewed as [outer, axisLength, inner].
    /// </summary>
    /// <param name="x">Input.</param>
    /// <param name="y">Output, same shape.</param>
    /// <param name="outer">Product of the dimensions before the axis.</param>
    /// <param name="axisLength">Length of the softmax axis.</param>
    /// <param name="inner">Product of the dimensions after the axis.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(ReadOnlySpan<T> x, Span<T> y, int outer, int axisLength, int inner) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (outer < 0 || axisLength < 0 || inner < 0) throw new ArgumentException("Negative Softmax dimension.");
        long total = (long)outer * axisLength * inner;
        Simd.Need(x.Length, total, nameof(x));
        Simd.Need(y.Length, total, nameof(y));
        if (total == 0) return;
        int plane = axisLength * inner;
        if (inner == 1)
        {
            // Contiguous rows: vectorised max, subtract, exp, sum, divide (TensorPrimitives, in place on y).
            for (int o = 0; o < outer; o++)
            {
                ReadOnlySpan<T> xr = x.Slice(o * plane, axisLength);
                Span<T> yr = y.Slice(o * plane, axisLength);
                T max = TensorPrimitives.Max(xr);
                TensorPrimitives.Subtract(xr, max, yr);
                TensorPrimitives.Exp(yr, yr);
                TensorPrimitives.Divide(yr, TensorPrimitives.Sum<T>(yr), yr);
            }
            return;
        }

        // Strided axis: process up to Chunk adjacent inner columns at once so every pass is a contiguous run.
        Span<T> maxBuf = stackalloc T[Chunk];
        Span<T> sumBuf = stackalloc T[Chunk];
        for (int o = 0; o < outer; o++)
        {
            int baseOff = o * plane;
            for (int c0 = 0; c0 < inner; c0 += Chunk)
            {
                int w = Math.Min(Chunk, inner - c0);
                Span<T> mx = maxBuf.Slice(0, w), sum = sumBuf.Slice(0, w);
                x.Slice(baseOff + c0, w).CopyTo(mx);
                for (int a = 1; a < axisLength; a++) TensorPrimitives.Max(mx, x.Slice(baseOff + a * inner + c0, w), mx);
                sum.Clear();
                for (int a = 0; a < axisLength; a++)
                {
                    Span<T> yr = y.Slice(baseOff + a * inner + c0, w);
                    TensorPrimitives.Subtract(x.Slice(baseOff + a * inner + c0, w), mx, yr);
                    TensorPrimitives.Exp(yr, yr);
                    TensorPrimitives.Add(sum, yr, sum);
                }
                for (int a = 0; a < axisLength; a++)
                {
                    Span<T> yr = y.Slice(baseOff + a * inner + c0, w);
                    TensorPrimitives.Divide(yr, sum, yr);
                }
            }
        }
    }
}

/// <summary>ONNX LogSoftmax along one axis: y = x - max - log Σ exp(x - max).</summary>
public static class LogSoftmax
{
    // Elements handled together (a run of a contiguous row, or adjacent inner columns); bounds the stack buffers.
    private const int Chunk = 256;

    /// <summary>
    /// y = x - max - log Σ exp(x - max) along the middle axis of x viewed as [outer, axisLength, inner]. Half
    /// computes in float (its sums would lose digits); float and double compute in their own type.
    /// </summary>
    /// <param name="x">Input.</param>
    /// <param name="y">Output, same shape.</param>
    /// <param name="outer">Product of the dimensions before the axis.</param>
    /// <param name="axisLength">Length of the axis.</param>
    /// <param name="inner">Product of the dimensions after the axis.</param>
    public static void Run<T>(ReadOnlySpan<T> x, Span<T> y, int outer, int axisLength, int inner) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (outer < 0 || axisLength < 0 || inner < 0) throw new ArgumentException("Negative LogSoftmax dimension.");
        long total = (long)outer * axisLength * inner;
        Simd.Need(x.Length, total, nameof(x));
        Simd.Need(y.Length, total, nameof(y));
        if (total == 0) return;
        if (typeof(T) == typeof(Half)) Core<T, float>(x, y, outer, axisLength, inner);
        else Core<T, T>(x, y, outer, axisLength, inner);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Core<T, TC>(ReadOnlySpan<T> x, Span<T> y, int outer, int axisLength, int inner)
        where T : unmanaged, IFloatingPointIeee754<T> where TC : unmanaged, IFloatingPointIeee754<TC>
    {
        Span<TC> tmp = stackalloc TC[Chunk];
        int plane = axisLength * inner;
        if (inner == 1)
        {
            // Contiguous rows: max, then Σ exp(x - max) a chunk at a time, then y = x - (max + log Σ).
            for (int o = 0; o < outer; o++)
            {
                ReadOnlySpan<T> xr = x.Slice(o * plane, axisLength);
                Span<T> yr = y.Slice(o * plane, axisLength);
                TC max = TC.CreateTruncating(TensorPrimitives.Max(xr));
                TC sum = TC.Zero;
                for (int a0 = 0; a0 < axisLength; a0 += Chunk)
                {
                    Span<TC> t = tmp.Slice(0, Math.Min(Chunk, axisLength - a0));
                    Load(xr.Slice(a0, t.Length), t);
                    TensorPrimitives.Subtract(t, max, t);
                    TensorPrimitives.Exp(t, t);
                    sum += TensorPrimitives.Sum<TC>(t);
                }
                TC shift = max + TC.Log(sum);
                for (int a0 = 0; a0 < axisLength; a0 += Chunk)
                {
                    Span<TC> t = tmp.Slice(0, Math.Min(Chunk, axisLength - a0));
                    Load(xr.Slice(a0, t.Length), t);
                    TensorPrimitives.Subtract(t, shift, t);
                    Store(t, yr.Slice(a0, t.Length));
                }
            }
            return;
        }

        // Strided axis: up to Chunk adjacent inner columns at once, so every pass reads a contiguous run.
        Span<TC> maxBuf = stackalloc TC[Chunk];
        Span<TC> sumBuf = stackalloc TC[Chunk];
        for (int o = 0; o < outer; o++)
        {
            int baseOff = o * plane;
            for (int c0 = 0; c0 < inner; c0 += Chunk)
            {
                int w = Math.Min(Chunk, inner - c0);
                Span<TC> mx = maxBuf.Slice(0, w), sum = sumBuf.Slice(0, w), t = tmp.Slice(0, w);
                Load(x.Slice(baseOff + c0, w), mx);
                for (int a = 1; a < axisLength; a++)
                {
                    Load(x.Slice(baseOff + a * inner + c0, w), t);
                    TensorPrimitives.Max(mx, t, mx);
                }
                sum.Clear();
                for (int a = 0; a < axisLength; a++)
                {
                    Load(x.Slice(baseOff + a * inner + c0, w), t);
                    TensorPrimitives.Subtract(t, mx, t);
                    TensorPrimitives.Exp(t, t);
                    TensorPrimitives.Add(sum, t, sum);
                }
                TensorPrimitives.Log(sum, sum);
                TensorPrimitives.Add(sum, mx, sum); // the shift: max + log Σ
                for (int a = 0; a < axisLength; a++)
                {
                    Load(x.Slice(baseOff + a * inner + c0, w), t);
                    TensorPrimitives.Subtract(t, sum, t);
                    Store(t, y.Slice(baseOff + a * inner + c0, w));
                }
            }
        }
    }

    private static void Load<T, TC>(ReadOnlySpan<T> source, Span<TC> destination) where T : unmanaged, INumberBase<T> where TC : unmanaged, INumberBase<TC>
    {
        if (typeof(T) == typeof(TC)) MemoryMarshal.Cast<T, TC>(source).CopyTo(destination);
        else TensorPrimitives.ConvertTruncating(source, destination);
    }

    private static void Store<TC, T>(ReadOnlySpan<TC> source, Span<T> destination) where TC : unmanaged, INumberBase<TC> where T : unmanaged, INumberBase<T>
    {
        if (typeof(T) == typeof(TC)) source.CopyTo(MemoryMarshal.Cast<T, TC>(destination));
        else TensorPrimitives.ConvertTruncating(source, destination);
    }
}

/// <summary>ONNX Hardmax along one axis: 1 at the first maximum, 0 elsewhere.</summary>
public static class Hardmax
{
    // Adjacent inner columns tracked together when inner > 1; bounds the stack buffers.
    private const int Chunk = 256;

    /// <summary>
    /// y = 1 at the first maximum along the middle axis of x viewed as [outer, axisLength, inner], 0 elsewhere.
    /// A NaN counts as greater than any number (numpy's argmax picks the first NaN).
    /// </summary>
    /// <param name="x">Input.</param>
    /// <param name="y">Output, same shape.</param>
    /// <param name="outer">Product of the dimensions before the axis.</param>
    /// <param name="axisLength">Length of the axis.</param>
    /// <param name="inner">Product of the dimensions after the axis.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(ReadOnlySpan<T> x, Span<T> y, int outer, int axisLength, int inner) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (outer < 0 || axisLength < 0 || inner < 0) throw new ArgumentException("Negative Hardmax dimension.");
        long total = (long)outer * axisLength * inner;
        Simd.Need(x.Length, total, nameof(x));
        Simd.Need(y.Length, total, nameof(y));
        if (total == 0) return;
        Span<T> top = stackalloc T[Chunk];
        Span<int> best = stackalloc int[Chunk];
        int plane = axisLength * inner;
        for (int o = 0; o < outer; o++)
        {
            int baseOff = o * plane;
            for (int c0 = 0; c0 < inner; c0 += Chunk)
            {
                int w = Math.Min(Chunk, inner - c0);
                x.Slice(baseOff + c0, w).CopyTo(top);
                best.Slice(0, w).Clear();
                for (int a = 1; a < axisLength; a++)
                {
                    ReadOnlySpan<T> row = x.Slice(baseOff + a * inner + c0, w);
                    for (int j = 0; j < w; j++)
                    {
                        T v = row[j];
                        if (v > top[j] || (T.IsNaN(v) && !T.IsNaN(top[j]))) { top[j] = v; best[j] = a; }
                    }
                }
                for (int a = 0; a < axisLength; a++) y.Slice(baseOff + a * inner + c0, w).Clear();
                for (int j = 0; j < w; j++) y[baseOff + best[j] * inner + c0 + j] = T.One;
            }
        }
    }
}

using System;
using System.Numerics;
using System.Numerics.Tensors;

namespace ModelGen.Runtime.Kernels;

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

using System;
using System.Numerics;
using System.Runtime.Intrinsics;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>ONNX MaxPool, N-D, with optional Indices output.</summary>
public static partial class MaxPool
{
    /// <summary>
    /// x [batch, channels, inSpatial...] → y [batch, channels, outSpatial...]. Padding taps are skipped; a window
    /// made only of padding yields -∞ (float types) or T's minimum (integers) and index -1. indices, when not
    /// empty, receives ONNX's flat index into x (batch/channel offset included) of the first maximum; over the
    /// spatial dims it is row-major for storageOrder 0 and column-major for storageOrder 1. A NaN in a window
    /// makes that output NaN.
    /// </summary>
    /// <param name="x">Input.</param>
    /// <param name="y">Output.</param>
    /// <param name="indices">Empty, or at least y's element count.</param>
    /// <param name="batch">Batch size.</param>
    /// <param name="channels">Channel count.</param>
    /// <param name="inSpatial">Input spatial dims.</param>
    /// <param name="kernel">Window size per spatial axis.</param>
    /// <param name="outSpatial">Output spatial dims.</param>
    /// <param name="strides">Stride per spatial axis.</param>
    /// <param name="dilations">Dilation per spatial axis.</param>
    /// <param name="padsBegin">Leading padding per spatial axis.</param>
    /// <param name="storageOrder">0 = row-major indices, 1 = column-major.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(ReadOnlySpan<T> x, Span<T> y, Span<long> indices, int batch, int channels,
        ReadOnlySpan<int> inSpatial, ReadOnlySpan<int> kernel, ReadOnlySpan<int> outSpatial, ReadOnlySpan<int> strides,
        ReadOnlySpan<int> dilations, ReadOnlySpan<int> padsBegin, int storageOrder) where T : unmanaged, INumber<T>
    {
        if (storageOrder is not (0 or 1)) throw new ArgumentException("storageOrder must be 0 or 1.", nameof(storageOrder));
        if (batch < 0 || channels < 0) throw new ArgumentException("Negative MaxPool dimension.");
        Span<int> state = stackalloc int[PoolWindow.StateLength];
        var w = new PoolWindow(state, inSpatial, kernel, outSpatial, strides, dilations, padsBegin, default);
        long planes = (long)batch * channels;
        Simd.Need(x.Length, planes * w.InSize, nameof(x));
        Simd.Need(y.Length, planes * w.OutSize, nameof(y));
        bool wantIdx = !indices.IsEmpty;
        if (wantIdx) Simd.Need(indices.Length, planes * w.OutSize, nameof(indices));

        int dims = inSpatial.Length;
        if (!wantIdx && dims == 2 && dilations[0] == 1 && dilations[1] == 1)
        {
            Plain2D(x, y, (int)planes, inSpatial[0], inSpatial[1], kernel[0], kernel[1], outSpatial[0], outSpatial[1], strides[0], strides[1], padsBegin[0], padsBegin[1]);
            return;
        }
        Span<int> colStride = stackalloc int[PoolWindow.MaxRank];
        for (int d = 0, s = 1; d < dims; s *= inSpatial[d], d++) colStride[d] = s;
        T lowest = T.CreateSaturating(double.NegativeInfinity); // -inf for IEEE types, MinValue for integers

        for (long plane = 0; plane < planes; plane++)
        {
            int xBase = (int)(plane * w.InSize), yBase = (int)(plane * w.OutSize);
            w.StartPlane();
            for (int rowIdx = 0; rowIdx < w.Rows; rowIdx++)
            {
                w.StartRow();
                int yRow = yBase + rowIdx * w.RowLength;
                for (int j = 0; j < w.RowLength; j++)
                {
                    T best = lowest;
                    int bestOff = -1;
                    if (w.StartColumn(j))
                    {
                        int n = w.RunLength, step = w.Step;
                        int run = w.FirstRun();
                        do
                        {
                            int off = xBase + run;
                            if (!wantIdx)
                            {
                                // Branch-free max (random data would mispredict a compare-and-branch per tap).
                                for (int t = 0; t < n; t++, off += step) best = T.Max(best, x[off]);
                                bestOff = 0;
                            }
                            else
                            {
                                // First strict maximum wins; a NaN wins over numbers (as T.Max does above).
                                for (int t = 0; t < n; t++, off += step)
                                {
                                    T v = x[off];
                                    if (bestOff < 0 || v > best || (T.IsNaN(v) && !T.IsNaN(best))) { best = v; bestOff = off - xBase; }
                                }
                            }
                        }
                        while (w.NextRun(out run));
                    }
                    y[yRow + j] = best;
                    if (wantIdx) indices[yRow + j] = Index(bestOff, xBase, storageOrder, dims, w.RowStrides, colStride);
                }
                w.EndRow();
            }
        }
    }

    /// <summary>
    /// The common case (2-D, no dilation, no indices: every CNN's pooling) as plain loops over each output's window
    /// clipped to the input, without the general window walker, which was a quarter of mnist-8's time. A window
    /// clipped to nothing gives the lowest value, as the walker does; padding never wins, as ONNX defines.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Plain2D<T>(ReadOnlySpan<T> x, Span<T> y, int planes, int inH, int inW, int kH, int kW, int outH, int outW,
        int sH, int sW, int pH, int pW) where T : unmanaged, INumber<T>
    {
        if (typeof(T) == typeof(float) && Vector128.IsHardwareAccelerated && inW <= MaxRowFloats)
        {
            var g = new PlaneGeometry(inH, inW, kH, kW, outH, outW, sH, sW, pH, pW);
            float* column = stackalloc float[inW], windows = stackalloc float[inW];
            // The widest vector the input rows fill (mnist-8's second pool reads rows of 14).
            bool wide = Vector256.IsHardwareAccelerated && inW >= Vector256<float>.Count, pairs = IsPool2x2(g);
            fixed (T* px = x, py = y)
                for (int plane = 0; plane < planes; plane++)
                {
                    float* src = (float*)px + (nint)plane * inH * inW, dst = (float*)py + (nint)plane * outH * outW;
                    if (pairs) FloatPlane2x2(src, dst, g);
                    else if (wide) FloatPlaneByRows<F256, Vector256<float>>(src, dst, g, column, windows);
                    else FloatPlaneByRows<F128, Vector128<float>>(src, dst, g, column, windows);
                }
            return;
        }
        T lowest = T.CreateSaturating(double.NegativeInfinity);
        for (int plane = 0; plane < planes; plane++)
        {
            var src = x.Slice(plane * inH * inW, inH * inW);
            var dst = y.Slice(plane * outH * outW, outH * outW);
            for (int oh = 0; oh < outH; oh++)
            {
                int h0 = oh * sH - pH, h1 = Math.Min(h0 + kH, inH);
                h0 = Math.Max(h0, 0);
                for (int ow = 0; ow < outW; ow++)
                {
                    int w0 = ow * sW - pW, w1 = Math.Min(w0 + kW, inW);
                    w0 = Math.Max(w0, 0);
                    T best = lowest;
                    for (int h = h0; h < h1; h++)
                    {
                        var row = src.Slice(h * inW, inW);
                        // Branch-free max (random data would mispredict a compare-and-branch per tap).
                        for (int w = w0; w < w1; w++) best = T.Max(best, row[w]);
                    }
                    dst[oh * outW + ow] = best;
                }
            }
        }
    }

    private readonly record struct PlaneGeometry(int InH, int InW, int KH, int KW, int OutH, int OutW, int SH, int SW, int PH, int PW);

    /// <summary>ONNX index of a maximum at row-major spatial offset <paramref name="bestOff"/> (-1: empty window).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long Index(int bestOff, int xBase, int storageOrder, int dims, ReadOnlySpan<int> rowStride, ReadOnlySpan<int> colStride)
    {
        if (bestOff < 0) return -1;
        if (storageOrder == 0) return xBase + (long)bestOff;
        // Re-express the spatial offset column-major (once per output, not per tap).
        long col = 0;
        for (int d = 0, rem = bestOff; d < dims; d++)
        {
            col += (long)(rem / rowStride[d]) * colStride[d];
            rem %= rowStride[d];
        }
        return xBase + col;
    }
}

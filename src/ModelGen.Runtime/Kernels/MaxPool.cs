using System;
using System.Numerics;

namespace ModelGen.Runtime.Kernels;

/// <summary>ONNX MaxPool, N-D, with optional Indices output.</summary>
public static class MaxPool
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
    public static void Run<T>(ReadOnlySpan<T> x, Span<T> y, Span<long> indices, int batch, int channels,
        ReadOnlySpan<int> inSpatial, ReadOnlySpan<int> kernel, ReadOnlySpan<int> outSpatial, ReadOnlySpan<int> strides,
        ReadOnlySpan<int> dilations, ReadOnlySpan<int> padsBegin, int storageOrder) where T : unmanaged, INumber<T>
    {
        int dims = inSpatial.Length;
        if (dims < 1 || dims > 8 || kernel.Length != dims || outSpatial.Length != dims || strides.Length != dims
            || dilations.Length != dims || padsBegin.Length != dims)
            throw new ArgumentException("Spatial argument lists must all have the input's spatial rank (1..8).");
        if (storageOrder is not (0 or 1)) throw new ArgumentException("storageOrder must be 0 or 1.", nameof(storageOrder));
        if (batch < 0 || channels < 0) throw new ArgumentException("Negative MaxPool dimension.");
        for (int d = 0; d < dims; d++)
            if (strides[d] < 1 || dilations[d] < 1 || kernel[d] < 1) throw new ArgumentException("Kernel, strides and dilations must be positive.");
        int inSize = Simd.Product(inSpatial, nameof(inSpatial)), outSize = Simd.Product(outSpatial, nameof(outSpatial));
        long planes = (long)batch * channels;
        Simd.Need(x.Length, planes * inSize, nameof(x));
        Simd.Need(y.Length, planes * outSize, nameof(y));
        bool wantIdx = !indices.IsEmpty;
        if (wantIdx) Simd.Need(indices.Length, planes * outSize, nameof(indices));

        Span<int> rowStride = stackalloc int[8], colStride = stackalloc int[8];
        for (int d = dims - 1, s = 1; d >= 0; s *= inSpatial[d], d--) rowStride[d] = s;
        for (int d = 0, s = 1; d < dims; s *= inSpatial[d], d++) colStride[d] = s;
        Span<int> o = stackalloc int[8], start = stackalloc int[8], lo = stackalloc int[8], hi = stackalloc int[8], k = stackalloc int[8];
        T lowest = T.CreateSaturating(double.NegativeInfinity); // -inf for IEEE types, MinValue for integers
        int last = dims - 1, outL = outSpatial[last], inL = inSpatial[last], sL = strides[last], dL = dilations[last];
        int pL = padsBegin[last], kL = kernel[last], rowsPerPlane = outSize / Math.Max(outL, 1);

        for (long plane = 0; plane < planes; plane++)
        {
            int xBase = (int)(plane * inSize), yBase = (int)(plane * outSize);
            o.Clear();
            for (int rowIdx = 0; rowIdx < rowsPerPlane; rowIdx++)
            {
                // Valid taps along the outer axes, in closed form, once per output row.
                bool emptyRow = false;
                for (int d = 0; d < last; d++)
                {
                    int st = o[d] * strides[d] - padsBegin[d];
                    start[d] = st;
                    lo[d] = Math.Max(0, Simd.CeilDiv(-st, dilations[d]));
                    hi[d] = Math.Min(kernel[d], Simd.CeilDiv(inSpatial[d] - st, dilations[d]));
                    emptyRow |= lo[d] >= hi[d];
                }
                int yRow = yBase + rowIdx * outL;
                for (int j = 0; j < outL; j++)
                {
                    int stL = j * sL - pL, loL, hiL;
                    if (dL == 1) { loL = Math.Max(0, -stL); hiL = Math.Min(kL, inL - stL); }
                    else { loL = Math.Max(0, Simd.CeilDiv(-stL, dL)); hiL = Math.Min(kL, Simd.CeilDiv(inL - stL, dL)); }
                    T best = lowest;
                    int bestOff = -1;
                    if (!emptyRow && loL < hiL)
                    {
                        for (int d = 0; d < last; d++) k[d] = lo[d];
                        while (true)
                        {
                            int off = xBase + stL + loL * dL;
                            for (int d = 0; d < last; d++) off += (start[d] + k[d] * dilations[d]) * rowStride[d];
                            if (!wantIdx)
                            {
                                // Branch-free max (random data would mispredict a compare-and-branch per tap).
                                for (int t = loL; t < hiL; t++, off += dL) best = T.Max(best, x[off]);
                                bestOff = 0;
                            }
                            else
                            {
                                // First strict maximum wins; a NaN wins over numbers (as T.Max does above).
                                for (int t = loL; t < hiL; t++, off += dL)
                                {
                                    T v = x[off];
                                    if (bestOff < 0 || v > best || (T.IsNaN(v) && !T.IsNaN(best))) { best = v; bestOff = off - xBase; }
                                }
                            }
                            int dd = last - 1;
                            for (; dd >= 0; dd--)
                            {
                                if (++k[dd] < hi[dd]) break;
                                k[dd] = lo[dd];
                            }
                            if (dd < 0) break;
                        }
                    }
                    y[yRow + j] = best;
                    if (wantIdx) indices[yRow + j] = Index(bestOff, xBase, storageOrder, dims, rowStride, colStride);
                }
                for (int d = last - 1; d >= 0; d--)
                {
                    if (++o[d] < outSpatial[d]) break;
                    o[d] = 0;
                }
            }
        }
    }

    /// <summary>ONNX index of a maximum at row-major spatial offset <paramref name="bestOff"/> (-1: empty window).</summary>
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

using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// The stride-1 or stride-2 plane of a direct float convolution with a square kernel (3×3 depthwise: MobileNet's and
/// ultraface's most common convolution, at both strides; 5×5 from one channel: mnist-8's first), for
/// <see cref="DirectCore{T, TEpilogue}"/>: each
/// output vector keeps its sum in a register over all the taps,
/// where the general path reads and writes the output row once per kernel row. The taps are added in the general
/// path's order (kernel row by row, then left to right), fused where the vector is.
/// </summary>
public static partial class Conv
{
    /// <summary>Largest square kernel <see cref="SquarePlane{TStride}"/> takes.</summary>
    private const int MaxSquareKernel = 7;

    /// <summary>Whether <see cref="SquarePlane{TStride}"/> computes this convolution's planes: float, 2-D, a square kernel up to 7, strides both 1 or both 2, dilation 1.</summary>
    private static bool IsSquarePlane<T>(ReadOnlySpan<int> kernel, ReadOnlySpan<int> strides, ReadOnlySpan<int> dilations) =>
        typeof(T) == typeof(float) && Vector128.IsHardwareAccelerated && kernel.Length == 2 && kernel[0] == kernel[1] && kernel[0] <= MaxSquareKernel
        && strides[0] == strides[1] && (strides[0] == 1 || strides[0] == 2) && dilations[0] == 1 && dilations[1] == 1;

    /// <summary>
    /// y[oh, ow] = bias + Σ w[kh, kw]·x[oh·s − padTop + kh, ow·s − padLeft + kw] over the taps of a k×k kernel inside
    /// the input (padding is zero), s = TStride.Step. 3×3 has its own unrolled vector body; other sizes (mnist-8's 5×5)
    /// loop over the taps.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void SquarePlane<TStride>(float* x, float* y, float* w, float bias, int inH, int inW, int outH, int outW, int padTop, int padLeft, int k)
        where TStride : struct, IColumnStride
    {
        int s = TStride.Step;
        // Interior columns: all k taps of the row inside the input; the vectors stop where their loads would not be.
        int lo = Math.Min(Simd.CeilDiv(Math.Max(padLeft, 0), s), outW);
        int hi = Math.Max(Math.Min(inW - k + padLeft < 0 ? 0 : (inW - k + padLeft) / s + 1, outW), lo);
        int vectorHi = Math.Max(Math.Min(hi, TStride.VectorEnd(inW + padLeft, k - 1)), lo);
        bool edgeVectors = HasEdgeVectors(k, s, padLeft, inW, outW);
        for (int oh = 0; oh < outH; oh++)
        {
            int top = oh * s - padTop;
            float* yRow = y + (nint)oh * outW;
            if (edgeVectors && s == 2)
            {
                Row3x3Stride2Edges(x, yRow, w, bias, inH, inW, outW, top);
                continue;
            }
            if (edgeVectors)
            {
                // The unpadded plane, every column vector work, two rows at a time (ConvSquarePlaneEdges.cs).
                bool pair = oh + 1 < outH;
                Row3x3Edges(x, yRow, w, bias, inH, inW, top, pair);
                if (pair) oh++;
                continue;
            }
            int j = lo;
            if (k == 3 && s == 1 && oh + 1 < outH)
            {
                // Two output rows at once: they share two of their four input rows, so each loaded vector feeds both.
                if (Vector512.IsHardwareAccelerated) j = Interior3x3Pair<F512, Vector512<float>>(x, yRow, w, bias, inH, inW, outW, top, padLeft, j, lo, vectorHi);
                if (Vector256.IsHardwareAccelerated) j = Interior3x3Pair<F256, Vector256<float>>(x, yRow, w, bias, inH, inW, outW, top, padLeft, j, lo, vectorHi);
                j = Interior3x3Pair<F128, Vector128<float>>(x, yRow, w, bias, inH, inW, outW, top, padLeft, j, lo, vectorHi);
                if (lo > 0 || j < outW)
                {
                    EdgeColumns(x, yRow, w, bias, inH, inW, outW, top, padLeft, k, s, lo, j);
                    EdgeColumns(x, yRow + outW, w, bias, inH, inW, outW, top + 1, padLeft, k, s, lo, j);
                }
                oh++;
                continue;
            }
            if (k == 3)
            {
                if (Vector512.IsHardwareAccelerated) j = Interior3x3<F512, Vector512<float>, TStride>(x, yRow, w, bias, inH, inW, top, padLeft, j, lo, vectorHi);
                if (Vector256.IsHardwareAccelerated) j = Interior3x3<F256, Vector256<float>, TStride>(x, yRow, w, bias, inH, inW, top, padLeft, j, lo, vectorHi);
                j = Interior3x3<F128, Vector128<float>, TStride>(x, yRow, w, bias, inH, inW, top, padLeft, j, lo, vectorHi);
            }
            else
            {
                if (Vector512.IsHardwareAccelerated) j = InteriorSquare<F512, Vector512<float>, TStride>(x, yRow, w, bias, inH, inW, top, padLeft, j, lo, vectorHi, k);
                if (Vector256.IsHardwareAccelerated) j = InteriorSquare<F256, Vector256<float>, TStride>(x, yRow, w, bias, inH, inW, top, padLeft, j, lo, vectorHi, k);
                j = InteriorSquare<F128, Vector128<float>, TStride>(x, yRow, w, bias, inH, inW, top, padLeft, j, lo, vectorHi, k);
            }
            // A padded plane's rows are all vector work: no call for no columns (it was 4 % of a depthwise 3×3).
            if (lo > 0 || j < outW) EdgeColumns(x, yRow, w, bias, inH, inW, outW, top, padLeft, k, s, lo, j);
        }
    }

    /// <summary>The output columns of one row that the vectors left, [0, lo) and [j, outW): scalar, taps in the padding skipped.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void EdgeColumns(float* x, float* yRow, float* w, float bias, int inH, int inW, int outW, int top, int padLeft, int k, int s, int lo, int j)
    {
        for (int ow = 0; ow < outW; ow++)
        {
            if (ow == lo && j > lo) { ow = j - 1; continue; } // the columns the vectors did
            float acc = bias;
            for (int kh = 0; kh < k; kh++)
            {
                int ih = top + kh;
                if ((uint)ih >= (uint)inH) continue;
                float* xr = x + (nint)ih * inW;
                for (int kw = 0; kw < k; kw++)
                {
                    int iw = ow * s - padLeft + kw;
                    if ((uint)iw < (uint)inW) acc += w[kh * k + kw] * xr[iw];
                }
            }
            yRow[ow] = acc;
        }
    }

    /// <summary>
    /// <see cref="Interior3x3{TOps, TV, TStride}"/> at stride 1 for output rows top+padTop and the one below it (y0 and
    /// y0 + outW): input rows top..top+3, each tap vector loaded once and used by both rows; each row's sum is formed in
    /// the single-row order (kernel rows 0, 1, 2, taps left to right), so the bits are the same.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe int Interior3x3Pair<TOps, TV>(float* x, float* y0, float* w, float bias, int inH, int inW, int outW, int top, int padLeft, int j, int lo, int hi)
        where TOps : struct, IFloatVec<TV> where TV : struct
    {
        int width = TOps.Count;
        if (hi - lo < width || j >= hi) return j;
        TV w00 = TOps.Splat(w[0]), w01 = TOps.Splat(w[1]), w02 = TOps.Splat(w[2]);
        TV w10 = TOps.Splat(w[3]), w11 = TOps.Splat(w[4]), w12 = TOps.Splat(w[5]);
        TV w20 = TOps.Splat(w[6]), w21 = TOps.Splat(w[7]), w22 = TOps.Splat(w[8]);
        TV vb = TOps.Splat(bias);
        bool r0 = (uint)top < (uint)inH, r1 = (uint)(top + 1) < (uint)inH, r2 = (uint)(top + 2) < (uint)inH, r3 = (uint)(top + 3) < (uint)inH;
        float* x0 = x + (nint)top * inW - padLeft, x1 = x0 + inW, x2 = x1 + inW, x3 = x2 + inW;
        float* y1 = y0 + outW;
        while (true)
        {
            if (j > hi - width) j = hi - width; // the overlapping last vector
            TV a = vb, b = vb;
            if (r0) a = TOps.MulAdd(TOps.Load(x0 + j + 2), w02, TOps.MulAdd(TOps.Load(x0 + j + 1), w01, TOps.MulAdd(TOps.Load(x0 + j), w00, a)));
            if (r1)
            {
                TV t0 = TOps.Load(x1 + j), t1 = TOps.Load(x1 + j + 1), t2 = TOps.Load(x1 + j + 2);
                a = TOps.MulAdd(t2, w12, TOps.MulAdd(t1, w11, TOps.MulAdd(t0, w10, a)));
                b = TOps.MulAdd(t2, w02, TOps.MulAdd(t1, w01, TOps.MulAdd(t0, w00, b)));
            }
            if (r2)
            {
                TV t0 = TOps.Load(x2 + j), t1 = TOps.Load(x2 + j + 1), t2 = TOps.Load(x2 + j + 2);
                a = TOps.MulAdd(t2, w22, TOps.MulAdd(t1, w21, TOps.MulAdd(t0, w20, a)));
                b = TOps.MulAdd(t2, w12, TOps.MulAdd(t1, w11, TOps.MulAdd(t0, w10, b)));
            }
            if (r3) b = TOps.MulAdd(TOps.Load(x3 + j + 2), w22, TOps.MulAdd(TOps.Load(x3 + j + 1), w21, TOps.MulAdd(TOps.Load(x3 + j), w20, b)));
            TOps.Store(a, y0 + j);
            TOps.Store(b, y1 + j);
            j += width;
            if (j >= hi) return hi;
        }
    }

    /// <summary>
    /// Vectors of outputs from column <paramref name="j"/> while they fit in [lo, hi); when the interior is at least one
    /// vector wide, a last vector ending at <paramref name="hi"/> overlaps the previous one (it writes the same values
    /// again) so no interior column is left to the scalar loop. Returns the first column it did not write.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe int Interior3x3<TOps, TV, TStride>(float* x, float* yRow, float* w, float bias, int inH, int inW, int top, int padLeft, int j, int lo, int hi)
        where TOps : struct, IFloatVec<TV> where TV : struct where TStride : struct, IColumnStride
    {
        int width = TOps.Count;
        if (hi - lo < width || j >= hi) return j;
        TV w00 = TOps.Splat(w[0]), w01 = TOps.Splat(w[1]), w02 = TOps.Splat(w[2]);
        TV w10 = TOps.Splat(w[3]), w11 = TOps.Splat(w[4]), w12 = TOps.Splat(w[5]);
        TV w20 = TOps.Splat(w[6]), w21 = TOps.Splat(w[7]), w22 = TOps.Splat(w[8]);
        TV vb = TOps.Splat(bias);
        bool r0 = (uint)top < (uint)inH, r1 = (uint)(top + 1) < (uint)inH, r2 = (uint)(top + 2) < (uint)inH;
        float* x0 = x + (nint)top * inW - padLeft, x1 = x0 + inW, x2 = x1 + inW;
        while (true)
        {
            if (j > hi - width) j = hi - width; // the overlapping last vector
            TV acc = vb;
            nint c = (nint)j * TStride.Step;
            if (r0) acc = TOps.MulAdd(Taps<TOps, TV, TStride>(x0 + c + 2), w02, TOps.MulAdd(Taps<TOps, TV, TStride>(x0 + c + 1), w01, TOps.MulAdd(Taps<TOps, TV, TStride>(x0 + c), w00, acc)));
            if (r1) acc = TOps.MulAdd(Taps<TOps, TV, TStride>(x1 + c + 2), w12, TOps.MulAdd(Taps<TOps, TV, TStride>(x1 + c + 1), w11, TOps.MulAdd(Taps<TOps, TV, TStride>(x1 + c), w10, acc)));
            if (r2) acc = TOps.MulAdd(Taps<TOps, TV, TStride>(x2 + c + 2), w22, TOps.MulAdd(Taps<TOps, TV, TStride>(x2 + c + 1), w21, TOps.MulAdd(Taps<TOps, TV, TStride>(x2 + c), w20, acc)));
            TOps.Store(acc, yRow + j);
            j += width;
            if (j >= hi) return hi;
        }
    }

    /// <summary>
    /// <see cref="Interior3x3{TOps, TV, TStride}"/> for a k×k kernel: the same vectors and overlapping last vector, the taps in
    /// a loop (rows outside the input skipped), each weight broadcast where it is used.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe int InteriorSquare<TOps, TV, TStride>(float* x, float* yRow, float* w, float bias, int inH, int inW, int top, int padLeft, int j, int lo, int hi, int k)
        where TOps : struct, IFloatVec<TV> where TV : struct where TStride : struct, IColumnStride
    {
        int width = TOps.Count;
        if (hi - lo < width || j >= hi) return j;
        int kh0 = Math.Max(0, -top), kh1 = Math.Min(k, inH - top);
        TV vb = TOps.Splat(bias);
        while (true)
        {
            if (j > hi - width) j = hi - width; // the overlapping last vector
            TV acc = vb;
            for (int kh = kh0; kh < kh1; kh++)
            {
                float* xr = x + (nint)(top + kh) * inW - padLeft + (nint)j * TStride.Step, wr = w + kh * k;
                for (int kw = 0; kw < k; kw++) acc = TOps.MulAdd(Taps<TOps, TV, TStride>(xr + kw), TOps.Splat(wr[kw]), acc);
            }
            TOps.Store(acc, yRow + j);
            j += width;
            if (j >= hi) return hi;
        }
    }

    /// <summary>One tap's inputs for a vector of outputs (TStride.Load; a short name for the unrolled 3×3 body).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe TV Taps<TOps, TV, TStride>(float* p) where TOps : struct, IFloatVec<TV> where TV : struct where TStride : struct, IColumnStride =>
        TStride.Load<TOps, TV>(p);
}

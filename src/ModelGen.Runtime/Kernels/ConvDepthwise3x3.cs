using System;
using System.Runtime.Intrinsics;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// The 3×3, stride-1 plane of a depthwise float convolution (MobileNet's and ultraface's most common convolution),
/// for <see cref="DirectCore{T, TEpilogue}"/>: each output vector keeps its sum in a register over all 9 taps,
/// where the general path reads and writes the output row once per kernel row. The taps are added in the general
/// path's order (kernel row by row, then left to right), fused where the vector is.
/// </summary>
public static partial class Conv
{
    /// <summary>Whether <see cref="Depthwise3x3Plane"/> computes this convolution's planes.</summary>
    private static bool IsDepthwise3x3<T>(ReadOnlySpan<int> kernel, ReadOnlySpan<int> strides, ReadOnlySpan<int> dilations) =>
        typeof(T) == typeof(float) && Vector128.IsHardwareAccelerated && kernel.Length == 2 && kernel[0] == 3 && kernel[1] == 3
        && strides[0] == 1 && strides[1] == 1 && dilations[0] == 1 && dilations[1] == 1;

    /// <summary>
    /// y[oh, ow] = bias + Σ w[kh, kw]·x[oh − padTop + kh, ow − padLeft + kw] over the taps inside the input (padding is zero).
    /// </summary>
    private static unsafe void Depthwise3x3Plane(float* x, float* y, float* w, float bias, int inH, int inW, int outH, int outW, int padTop, int padLeft)
    {
        // Interior columns: all three taps of the row inside the input.
        int lo = Math.Min(Math.Max(padLeft, 0), outW), hi = Math.Max(Math.Min(inW - 2 + padLeft, outW), lo);
        for (int oh = 0; oh < outH; oh++)
        {
            int top = oh - padTop;
            float* yRow = y + (nint)oh * outW;
            int j = lo;
            if (Vector512.IsHardwareAccelerated) j = Depthwise3x3Interior<F512, Vector512<float>>(x, yRow, w, bias, inH, inW, top, padLeft, j, lo, hi);
            if (Vector256.IsHardwareAccelerated) j = Depthwise3x3Interior<F256, Vector256<float>>(x, yRow, w, bias, inH, inW, top, padLeft, j, lo, hi);
            j = Depthwise3x3Interior<F128, Vector128<float>>(x, yRow, w, bias, inH, inW, top, padLeft, j, lo, hi);
            for (int ow = 0; ow < outW; ow++)
            {
                if (ow == lo && j > lo) { ow = j - 1; continue; } // the columns the vectors did
                float acc = bias;
                for (int kh = 0; kh < 3; kh++)
                {
                    int ih = top + kh;
                    if ((uint)ih >= (uint)inH) continue;
                    float* xr = x + (nint)ih * inW;
                    for (int kw = 0; kw < 3; kw++)
                    {
                        int iw = ow - padLeft + kw;
                        if ((uint)iw < (uint)inW) acc += w[kh * 3 + kw] * xr[iw];
                    }
                }
                yRow[ow] = acc;
            }
        }
    }

    /// <summary>
    /// Vectors of outputs from column <paramref name="j"/> while they fit in [lo, hi); when the interior is at least one
    /// vector wide, a last vector ending at <paramref name="hi"/> overlaps the previous one (it writes the same values
    /// again) so no interior column is left to the scalar loop. Returns the first column it did not write.
    /// </summary>
    private static unsafe int Depthwise3x3Interior<TOps, TV>(float* x, float* yRow, float* w, float bias, int inH, int inW, int top, int padLeft, int j, int lo, int hi)
        where TOps : struct, IFloatVec<TV> where TV : struct
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
            if (r0) acc = TOps.MulAdd(TOps.Load(x0 + j + 2), w02, TOps.MulAdd(TOps.Load(x0 + j + 1), w01, TOps.MulAdd(TOps.Load(x0 + j), w00, acc)));
            if (r1) acc = TOps.MulAdd(TOps.Load(x1 + j + 2), w12, TOps.MulAdd(TOps.Load(x1 + j + 1), w11, TOps.MulAdd(TOps.Load(x1 + j), w10, acc)));
            if (r2) acc = TOps.MulAdd(TOps.Load(x2 + j + 2), w22, TOps.MulAdd(TOps.Load(x2 + j + 1), w21, TOps.MulAdd(TOps.Load(x2 + j), w20, acc)));
            TOps.Store(acc, yRow + j);
            j += width;
            if (j >= hi) return hi;
        }
    }
}

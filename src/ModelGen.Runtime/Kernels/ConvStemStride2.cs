using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using ModelGen.Runtime.Threading;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// A network's stem: a 3×3 convolution at stride 2 with one pixel of padding, from an image's few channels (RGB) to a
/// multiple of 8 (MobileNet's 3→32, ultraface's 3→16), computed directly. Through im2col its column matrix is 27 rows
/// of the whole output (2 MB for ultraface's 240×320 input), and the product has only 16 rows to amortise writing it:
/// 0.48 ms, 30 % of the FMA peak (Zen 4). Here each input row is loaded once per vector of 16 output columns, split
/// into even and odd columns in registers, and feeds 8 output channels × 32 columns of accumulators, so nothing is
/// written but y. AVX-512 only (the lane permutes); other machines keep im2col.
/// </summary>
public static partial class Conv
{
    /// <summary>Most input channels the stem kernel takes: past a few, im2col's product has enough rows to pay for its columns.</summary>
    private const int StemMaxInChannels = 4;

    /// <summary>Output channels the stem kernel computes together (8 × 2 vectors: 16 accumulators).</summary>
    private const int StemChannelBlock = 8;

    /// <summary>Output columns per step: two 16-float vectors.</summary>
    private const int StemColumns = 32;

    /// <summary>
    /// Whether <see cref="Stem{T, TEpilogue}"/> computes this convolution: float, 2-D, one group, at most
    /// <see cref="StemMaxInChannels"/> input channels, output channels a multiple of 8, a 3×3 kernel at stride 2 with
    /// dilation 1 and one leading pixel of padding on both axes, an even input width with the output half as wide and
    /// at least 32 columns, and AVX-512.
    /// </summary>
    private static bool IsStem<T>(int inChannels, int outChannels, int group, ReadOnlySpan<int> inSpatial, ReadOnlySpan<int> kernel,
        ReadOnlySpan<int> outSpatial, ReadOnlySpan<int> strides, ReadOnlySpan<int> dilations, ReadOnlySpan<int> padsBegin) =>
        typeof(T) == typeof(float) && Avx512F.IsSupported && Vector512.IsHardwareAccelerated
        && inSpatial.Length == 2 && group == 1 && inChannels >= 1 && inChannels <= StemMaxInChannels && outChannels % StemChannelBlock == 0
        && kernel[0] == 3 && kernel[1] == 3 && strides[0] == 2 && strides[1] == 2 && dilations[0] == 1 && dilations[1] == 1
        && padsBegin[0] == 1 && padsBegin[1] == 1 && inSpatial[1] % 2 == 0 && outSpatial[1] * 2 == inSpatial[1] && outSpatial[1] >= StemColumns;

    /// <summary>y = epilogue(conv(x) + bias) for a stem (see <see cref="IsStem"/>), shared out by output rows under the budget.</summary>
    private static unsafe void Stem<T, TEpilogue>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> bias, ReadOnlySpan<T> residual,
        Span<T> y, int batch, int inChannels, int outChannels, ReadOnlySpan<int> inSpatial, ReadOnlySpan<int> outSpatial, ParallelRange? threads)
        where T : unmanaged, INumber<T> where TEpilogue : struct, IEpilogue<T>
    {
        int outH = outSpatial[0], outW = outSpatial[1];
        fixed (T* px = x, pw = w, pb = bias, pr = residual, py = y)
        {
            var job = new StemJob<T, TEpilogue>
            {
                Tensors = new Tensors<T>(px, x.Length, pw, w.Length, pb, bias.Length, pr, residual.Length, py, y.Length),
                InChannels = inChannels, OutChannels = outChannels, InH = inSpatial[0], InW = inSpatial[1], OutH = outH, OutW = outW,
            };
            long work = (long)batch * outChannels * outH * outW * inChannels * 9;
            ParallelRange.For(threads, batch * outH, work, job);
        }
    }

    private unsafe struct StemJob<T, TEpilogue> : IRangeJob where T : unmanaged, INumber<T> where TEpilogue : struct, IEpilogue<T>
    {
        public Tensors<T> Tensors;
        public int InChannels, OutChannels, InH, InW, OutH, OutW;

        /// <summary>Output rows [start, end) of all images, numbered image · outH + row.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public readonly void Execute(int start, int end, int part)
        {
            var y = Tensors.Y;
            int inSize = InH * InW, outSize = OutH * OutW;
            fixed (T* px = Tensors.X, pw = Tensors.W, pb = Tensors.Bias, py = y)
            {
                for (int item = start; item < end; item++)
                {
                    int b = item / OutH, oh = item % OutH;
                    float* xImage = (float*)px + (nint)b * InChannels * inSize;
                    for (int oc = 0; oc < OutChannels; oc += StemChannelBlock)
                    {
                        nint first = ((nint)b * OutChannels + oc) * outSize + (nint)oh * OutW;
                        StemRow(xImage, (float*)pw + (nint)oc * InChannels * 9, pb == null ? null : (float*)pb + oc, (float*)py + first,
                            outSize, InChannels, inSize, InH, InW, OutW, 2 * oh - 1);
                        if (!TEpilogue.IsIdentity)
                            for (int c = 0; c < StemChannelBlock; c++) TEpilogue.Apply(y, Tensors.Residual, (int)first + c * outSize, OutW);
                    }
                }
            }
        }
    }

    /// <summary>
    /// One output row of 8 channels (channel c at yRow + c·outSize, its weights at w + c·inChannels·9, its bias at
    /// bias[c] or none): steps of 32 columns, the last one moved back to end at the row's end (it writes some columns
    /// again, with the same values). Each sum starts at the bias and adds the taps in the order input channel, kernel
    /// row, kernel column; kernel rows outside the image are skipped. The 16 accumulators are locals, so they stay in
    /// registers across the whole step.
    /// </summary>
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void StemRow(float* x, float* w, float* bias, float* yRow, int outSize, int inChannels, int inSize, int inH, int inW, int outW, int top)
    {
        Vector512<float> c0a, c0b, c1a, c1b, c2a, c2b, c3a, c3b, c4a, c4b, c5a, c5b, c6a, c6b, c7a, c7b;
        for (int j = 0; ; j += StemColumns)
        {
            if (j > outW - StemColumns) j = outW - StemColumns;
            c0a = c0b = bias == null ? default : Vector512.Create(bias[0]);
            c1a = c1b = bias == null ? default : Vector512.Create(bias[1]);
            c2a = c2b = bias == null ? default : Vector512.Create(bias[2]);
            c3a = c3b = bias == null ? default : Vector512.Create(bias[3]);
            c4a = c4b = bias == null ? default : Vector512.Create(bias[4]);
            c5a = c5b = bias == null ? default : Vector512.Create(bias[5]);
            c6a = c6b = bias == null ? default : Vector512.Create(bias[6]);
            c7a = c7b = bias == null ? default : Vector512.Create(bias[7]);
            for (int ic = 0; ic < inChannels; ic++)
            {
                for (int kh = 0; kh < 3; kh++)
                {
                    int row = top + kh;
                    if ((uint)row >= (uint)inH) continue;
                    float* p = x + (nint)ic * inSize + (nint)row * inW + 2 * j;
                    StemTaps(p, j == 0, out var a0, out var a1, out var a2);
                    StemTaps(p + StemColumns, false, out var b0, out var b1, out var b2);
                    float* wc;
                    Vector512<float> w0, w1, w2;
                    wc = w + (0 * inChannels + ic) * 9 + kh * 3;
                    w0 = Vector512.Create(wc[0]); w1 = Vector512.Create(wc[1]); w2 = Vector512.Create(wc[2]);
                    c0a = F512.MulAdd(a2, w2, F512.MulAdd(a1, w1, F512.MulAdd(a0, w0, c0a)));
                    c0b = F512.MulAdd(b2, w2, F512.MulAdd(b1, w1, F512.MulAdd(b0, w0, c0b)));
                    wc = w + (1 * inChannels + ic) * 9 + kh * 3;
                    w0 = Vector512.Create(wc[0]); w1 = Vector512.Create(wc[1]); w2 = Vector512.Create(wc[2]);
                    c1a = F512.MulAdd(a2, w2, F512.MulAdd(a1, w1, F512.MulAdd(a0, w0, c1a)));
                    c1b = F512.MulAdd(b2, w2, F512.MulAdd(b1, w1, F512.MulAdd(b0, w0, c1b)));
                    wc = w + (2 * inChannels + ic) * 9 + kh * 3;
                    w0 = Vector512.Create(wc[0]); w1 = Vector512.Create(wc[1]); w2 = Vector512.Create(wc[2]);
                    c2a = F512.MulAdd(a2, w2, F512.MulAdd(a1, w1, F512.MulAdd(a0, w0, c2a)));
                    c2b = F512.MulAdd(b2, w2, F512.MulAdd(b1, w1, F512.MulAdd(b0, w0, c2b)));
                    wc = w + (3 * inChannels + ic) * 9 + kh * 3;
                    w0 = Vector512.Create(wc[0]); w1 = Vector512.Create(wc[1]); w2 = Vector512.Create(wc[2]);
                    c3a = F512.MulAdd(a2, w2, F512.MulAdd(a1, w1, F512.MulAdd(a0, w0, c3a)));
                    c3b = F512.MulAdd(b2, w2, F512.MulAdd(b1, w1, F512.MulAdd(b0, w0, c3b)));
                    wc = w + (4 * inChannels + ic) * 9 + kh * 3;
                    w0 = Vector512.Create(wc[0]); w1 = Vector512.Create(wc[1]); w2 = Vector512.Create(wc[2]);
                    c4a = F512.MulAdd(a2, w2, F512.MulAdd(a1, w1, F512.MulAdd(a0, w0, c4a)));
                    c4b = F512.MulAdd(b2, w2, F512.MulAdd(b1, w1, F512.MulAdd(b0, w0, c4b)));
                    wc = w + (5 * inChannels + ic) * 9 + kh * 3;
                    w0 = Vector512.Create(wc[0]); w1 = Vector512.Create(wc[1]); w2 = Vector512.Create(wc[2]);
                    c5a = F512.MulAdd(a2, w2, F512.MulAdd(a1, w1, F512.MulAdd(a0, w0, c5a)));
                    c5b = F512.MulAdd(b2, w2, F512.MulAdd(b1, w1, F512.MulAdd(b0, w0, c5b)));
                    wc = w + (6 * inChannels + ic) * 9 + kh * 3;
                    w0 = Vector512.Create(wc[0]); w1 = Vector512.Create(wc[1]); w2 = Vector512.Create(wc[2]);
                    c6a = F512.MulAdd(a2, w2, F512.MulAdd(a1, w1, F512.MulAdd(a0, w0, c6a)));
                    c6b = F512.MulAdd(b2, w2, F512.MulAdd(b1, w1, F512.MulAdd(b0, w0, c6b)));
                    wc = w + (7 * inChannels + ic) * 9 + kh * 3;
                    w0 = Vector512.Create(wc[0]); w1 = Vector512.Create(wc[1]); w2 = Vector512.Create(wc[2]);
                    c7a = F512.MulAdd(a2, w2, F512.MulAdd(a1, w1, F512.MulAdd(a0, w0, c7a)));
                    c7b = F512.MulAdd(b2, w2, F512.MulAdd(b1, w1, F512.MulAdd(b0, w0, c7b)));
                }
            }
            c0a.Store(yRow + 0 * (nint)outSize + j); c0b.Store(yRow + 0 * (nint)outSize + j + 16);
            c1a.Store(yRow + 1 * (nint)outSize + j); c1b.Store(yRow + 1 * (nint)outSize + j + 16);
            c2a.Store(yRow + 2 * (nint)outSize + j); c2b.Store(yRow + 2 * (nint)outSize + j + 16);
            c3a.Store(yRow + 3 * (nint)outSize + j); c3b.Store(yRow + 3 * (nint)outSize + j + 16);
            c4a.Store(yRow + 4 * (nint)outSize + j); c4b.Store(yRow + 4 * (nint)outSize + j + 16);
            c5a.Store(yRow + 5 * (nint)outSize + j); c5b.Store(yRow + 5 * (nint)outSize + j + 16);
            c6a.Store(yRow + 6 * (nint)outSize + j); c6b.Store(yRow + 6 * (nint)outSize + j + 16);
            c7a.Store(yRow + 7 * (nint)outSize + j); c7b.Store(yRow + 7 * (nint)outSize + j + 16);
            if (j == outW - StemColumns) return;
        }
    }

    /// <summary>
    /// The three taps of 16 output columns whose inputs start at p (the input column of tap 1): t0 = p[2i − 1],
    /// t1 = p[2i], t2 = p[2i + 1] for i in 0..15; at the row's left edge p[−1] is the padding, a zero lane. Reads p[−1]
    /// to p[31] only (p[0] to p[31] at the edge).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void StemTaps(float* p, bool leftEdge, out Vector512<float> t0, out Vector512<float> t1, out Vector512<float> t2)
    {
        Vector512<float> lo = Vector512.Load(p), hi = Vector512.Load(p + 16);
        t1 = Avx512F.PermuteVar16x32x2(lo, Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30), hi);
        t2 = Avx512F.PermuteVar16x32x2(lo, Vector512.Create(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31), hi);
        t0 = leftEdge ? Shift512.UpWithZero(t2) : F512.LoadEven(p - 1);
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// The 3×3, stride-1, pad-1 plane (MobileNet's and ultraface's depthwise convolution) read in place. Before, each
/// plane was first copied into a zero-padded plane so that every column was vector work; that copy was about a quarter
/// of the convolution's time (perf, depthwise 3×3 on 32×112×112). Here the first and last vector of a row make the
/// padding column in a register instead: the tap left of column 0 is the row's first vector moved up one lane with a
/// zero shifted in, the tap right of the last column the last vector moved down one lane. Every output gets the same
/// fused multiply-adds of the same values (zeros included) as from the padded copy, so the bits are the same. The
/// stride-2 plane likewise, from even and odd columns split in registers; its edge columns, which the scalar loop did
/// with separate multiplies and adds, are now fused too.
/// </summary>
public static partial class Conv
{
    /// <summary>
    /// Whether <see cref="Row3x3Edges"/> computes this square plane's rows: 3×3 at stride 1 with one column of padding
    /// on each side (the output as wide as the input), AVX-512 or AVX2 for the lane shifts, and rows wider than one
    /// vector, so that the first and the last vector of a row are different vectors; or
    /// <see cref="Row3x3Stride2Edges"/>: 3×3 at stride 2, one column of leading padding, the input twice as wide as
    /// the output, at least one 16-wide vector of outputs, and AVX-512.
    /// </summary>
    private static bool HasEdgeVectors(int k, int s, int padLeft, int inW, int outW) =>
        k == 3 && padLeft == 1
        && (s == 1 && outW == inW
            && ((Avx512F.IsSupported && Vector512.IsHardwareAccelerated && inW > Vector512<float>.Count)
                || (Avx2.IsSupported && Vector256.IsHardwareAccelerated && inW > Vector256<float>.Count))
            || s == 2 && inW == 2 * outW && outW >= Vector512<float>.Count && Avx512F.IsSupported && Vector512.IsHardwareAccelerated);

    /// <summary>
    /// Output row <paramref name="top"/>/2 + 1 of a 3×3 plane at stride 2 (the input twice as wide as the output), all
    /// its columns in 16-wide vectors, the last one moved back to end at the row's end: each kernel row's inputs are two
    /// loads split into even and odd columns, the left tap of column 0 the padding, a zero lane (as the stem's). Taps
    /// in the single-row order; kernel rows outside the input skipped. Before, the left column and the columns whose
    /// even-element loads would pass the row were scalar, about a fifth of the plane's time (64×120×160).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Row3x3Stride2Edges(float* x, float* yRow, float* w, float bias, int inH, int inW, int outW, int top)
    {
        Vector512<float> w00 = Vector512.Create(w[0]), w01 = Vector512.Create(w[1]), w02 = Vector512.Create(w[2]);
        Vector512<float> w10 = Vector512.Create(w[3]), w11 = Vector512.Create(w[4]), w12 = Vector512.Create(w[5]);
        Vector512<float> w20 = Vector512.Create(w[6]), w21 = Vector512.Create(w[7]), w22 = Vector512.Create(w[8]);
        Vector512<float> vb = Vector512.Create(bias);
        bool r0 = (uint)top < (uint)inH, r1 = (uint)(top + 1) < (uint)inH, r2 = (uint)(top + 2) < (uint)inH;
        float* x0 = x + (nint)top * inW, x1 = x0 + inW, x2 = x1 + inW;
        int last = outW - Vector512<float>.Count;
        for (int j = 0; ; j += Vector512<float>.Count)
        {
            if (j > last) j = last;
            Vector512<float> acc = vb, t0, t1, t2;
            if (r0)
            {
                StemTaps(x0 + 2 * j, j == 0, out t0, out t1, out t2);
                acc = F512.MulAdd(t2, w02, F512.MulAdd(t1, w01, F512.MulAdd(t0, w00, acc)));
            }
            if (r1)
            {
                StemTaps(x1 + 2 * j, j == 0, out t0, out t1, out t2);
                acc = F512.MulAdd(t2, w12, F512.MulAdd(t1, w11, F512.MulAdd(t0, w10, acc)));
            }
            if (r2)
            {
                StemTaps(x2 + 2 * j, j == 0, out t0, out t1, out t2);
                acc = F512.MulAdd(t2, w22, F512.MulAdd(t1, w21, F512.MulAdd(t0, w20, acc)));
            }
            acc.Store(yRow + j);
            if (j == last) return;
        }
    }

    /// <summary>
    /// Output row <paramref name="top"/> + 1 of the plane (and the one below it when <paramref name="pair"/>), all its
    /// columns: input rows top..top+3, each loaded vector feeding both output rows, each row's taps added in the
    /// single-row order (kernel rows 0, 1, 2, left to right). Rows outside the input are skipped.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Row3x3Edges(float* x, float* y0, float* w, float bias, int inH, int inW, int top, bool pair)
    {
        if (Avx512F.IsSupported && Vector512.IsHardwareAccelerated && inW > Vector512<float>.Count)
            Row3x3Edges<F512, Vector512<float>, Shift512>(x, y0, w, bias, inH, inW, top, pair);
        else Row3x3Edges<F256, Vector256<float>, Shift256>(x, y0, w, bias, inH, inW, top, pair);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Row3x3Edges<TOps, TV, TShift>(float* x, float* y0, float* w, float bias, int inH, int inW, int top, bool pair)
        where TOps : struct, IFloatVec<TV> where TV : struct where TShift : struct, ILaneShift<TV>
    {
        var k = new Taps3x3<TV>
        {
            W00 = TOps.Splat(w[0]), W01 = TOps.Splat(w[1]), W02 = TOps.Splat(w[2]),
            W10 = TOps.Splat(w[3]), W11 = TOps.Splat(w[4]), W12 = TOps.Splat(w[5]),
            W20 = TOps.Splat(w[6]), W21 = TOps.Splat(w[7]), W22 = TOps.Splat(w[8]),
            Bias = TOps.Splat(bias),
            R0 = (uint)top < (uint)inH, R1 = (uint)(top + 1) < (uint)inH, R2 = (uint)(top + 2) < (uint)inH,
            R3 = pair && (uint)(top + 3) < (uint)inH, Pair = pair,
        };
        float* x0 = x + (nint)top * inW;
        int last = inW - TOps.Count;
        Vector3x3<TOps, TV, TShift, LeftEdge>(ref k, x0, inW, y0, 0);
        int j = TOps.Count;
        for (; j < last; j += TOps.Count) Vector3x3<TOps, TV, TShift, NoEdge>(ref k, x0, inW, y0, j);
        // The last vector ends at the row's end, overlapping the one before (it writes the same values again).
        Vector3x3<TOps, TV, TShift, RightEdge>(ref k, x0, inW, y0, last);
    }

    /// <summary>One vector of output columns from <paramref name="j"/>, for one output row or two.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Vector3x3<TOps, TV, TShift, TEdge>(ref Taps3x3<TV> k, float* x0, int inW, float* y0, int j)
        where TOps : struct, IFloatVec<TV> where TV : struct where TShift : struct, ILaneShift<TV> where TEdge : struct, IRowEdge
    {
        TV a = k.Bias, b = k.Bias, t0, t1, t2;
        float* x1 = x0 + inW, x2 = x1 + inW, x3 = x2 + inW;
        if (k.R0)
        {
            Load3<TOps, TV, TShift, TEdge>(x0 + j, out t0, out t1, out t2);
            a = TOps.MulAdd(t2, k.W02, TOps.MulAdd(t1, k.W01, TOps.MulAdd(t0, k.W00, a)));
        }
        if (k.R1)
        {
            Load3<TOps, TV, TShift, TEdge>(x1 + j, out t0, out t1, out t2);
            a = TOps.MulAdd(t2, k.W12, TOps.MulAdd(t1, k.W11, TOps.MulAdd(t0, k.W10, a)));
            b = TOps.MulAdd(t2, k.W02, TOps.MulAdd(t1, k.W01, TOps.MulAdd(t0, k.W00, b)));
        }
        if (k.R2)
        {
            Load3<TOps, TV, TShift, TEdge>(x2 + j, out t0, out t1, out t2);
            a = TOps.MulAdd(t2, k.W22, TOps.MulAdd(t1, k.W21, TOps.MulAdd(t0, k.W20, a)));
            b = TOps.MulAdd(t2, k.W12, TOps.MulAdd(t1, k.W11, TOps.MulAdd(t0, k.W10, b)));
        }
        if (k.R3)
        {
            Load3<TOps, TV, TShift, TEdge>(x3 + j, out t0, out t1, out t2);
            b = TOps.MulAdd(t2, k.W22, TOps.MulAdd(t1, k.W21, TOps.MulAdd(t0, k.W20, b)));
        }
        TOps.Store(a, y0 + j);
        if (k.Pair) TOps.Store(b, y0 + inW + j);
    }

    /// <summary>The three taps of a vector of columns from p: p[−1..], p[0..], p[1..], the padding column a zero lane at an edge.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Load3<TOps, TV, TShift, TEdge>(float* p, out TV t0, out TV t1, out TV t2)
        where TOps : struct, IFloatVec<TV> where TV : struct where TShift : struct, ILaneShift<TV> where TEdge : struct, IRowEdge
    {
        t1 = TOps.Load(p);
        t0 = TEdge.IsLeft ? TShift.UpWithZero(t1) : TOps.Load(p - 1);
        t2 = TEdge.IsRight ? TShift.DownWithZero(t1) : TOps.Load(p + 1);
    }

    /// <summary>A 3×3 kernel's weights and bias as vectors, and which of the four input rows are inside the plane.</summary>
    private struct Taps3x3<TV> where TV : struct
    {
        public TV W00, W01, W02, W10, W11, W12, W20, W21, W22, Bias;
        public bool R0, R1, R2, R3, Pair;
    }

    /// <summary>Which edge of a row a vector of columns touches (a type, so each case compiles without the tests).</summary>
    private interface IRowEdge
    {
        static abstract bool IsLeft { get; }
        static abstract bool IsRight { get; }
    }

    private struct LeftEdge : IRowEdge { public static bool IsLeft => true; public static bool IsRight => false; }
    private struct NoEdge : IRowEdge { public static bool IsLeft => false; public static bool IsRight => false; }
    private struct RightEdge : IRowEdge { public static bool IsLeft => false; public static bool IsRight => true; }

    /// <summary>Lane shifts across a whole vector, a zero moved in.</summary>
    private interface ILaneShift<TV> where TV : struct
    {
        /// <summary>r[0] = 0, r[i] = v[i − 1].</summary>
        static abstract TV UpWithZero(TV v);
        /// <summary>r[i] = v[i + 1], r[last] = 0.</summary>
        static abstract TV DownWithZero(TV v);
    }

    private struct Shift512 : ILaneShift<Vector512<float>>
    {
        // valignd takes the low 16 lanes of (left:right) shifted right by the count.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> UpWithZero(Vector512<float> v) => Avx512F.AlignRight32(v.AsInt32(), Vector512<int>.Zero, 15).AsSingle();
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> DownWithZero(Vector512<float> v) => Avx512F.AlignRight32(Vector512<int>.Zero, v.AsInt32(), 1).AsSingle();
    }

    private struct Shift256 : ILaneShift<Vector256<float>>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> UpWithZero(Vector256<float> v) =>
            Avx.Blend(Avx2.PermuteVar8x32(v, Vector256.Create(0, 0, 1, 2, 3, 4, 5, 6)), Vector256<float>.Zero, 0b0000_0001);
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> DownWithZero(Vector256<float> v) =>
            Avx.Blend(Avx2.PermuteVar8x32(v, Vector256.Create(1, 2, 3, 4, 5, 6, 7, 7)), Vector256<float>.Zero, 0b1000_0000);
    }
}

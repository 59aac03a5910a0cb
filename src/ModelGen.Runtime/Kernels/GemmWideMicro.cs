using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// The wide kernel's register tile: up to 12 rows of a packed A panel times up to 32 columns of a packed B panel, kc
/// deep. The row count (12, 8 or 4) and the column count (two vectors or one) are struct type arguments, so the JIT
/// compiles one loop per shape with only the accumulators it needs: a product whose rows are not a multiple of 12
/// (128 rows: ten tiles of 12 and one of 8) or whose columns end in a half panel (784: 24 panels and 16 columns) no
/// longer computes rows and columns it throws away, which cost 3 to 5 % of a 128×768×768 MatMul and of a 1×1 Conv
/// 256→256 on 28×28. Every element is still the same FMAs in the same order, so C keeps its bits.
/// </summary>
public static partial class Gemm
{
    /// <summary>A tile's shape as type arguments: <see cref="Rows"/> rows of A, <see cref="Vectors"/> 512-bit vectors of B.</summary>
    private interface IWideShape
    {
        static abstract int Rows { get; }
        static abstract int Vectors { get; }
    }

    private struct Rows12Cols32 : IWideShape { public static int Rows => 12; public static int Vectors => 2; }
    private struct Rows8Cols32 : IWideShape { public static int Rows => 8; public static int Vectors => 2; }
    private struct Rows4Cols32 : IWideShape { public static int Rows => 4; public static int Vectors => 2; }
    private struct Rows12Cols16 : IWideShape { public static int Rows => 12; public static int Vectors => 1; }
    private struct Rows8Cols16 : IWideShape { public static int Rows => 8; public static int Vectors => 1; }
    private struct Rows4Cols16 : IWideShape { public static int Rows => 4; public static int Vectors => 1; }

    /// <summary>The smallest tile that covers mr rows and nr columns.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void WideTile(float* pa, float* pb, int kc, float* c, int ldc, int mr, int nr, float alpha, bool accumulate,
        float* bias, int biasRs, int biasCs)
    {
        if (nr > 16)
        {
            if (mr > 8) WideMicro<Rows12Cols32>(pa, pb, kc, c, ldc, mr, nr, alpha, accumulate, bias, biasRs, biasCs);
            else if (mr > 4) WideMicro<Rows8Cols32>(pa, pb, kc, c, ldc, mr, nr, alpha, accumulate, bias, biasRs, biasCs);
            else WideMicro<Rows4Cols32>(pa, pb, kc, c, ldc, mr, nr, alpha, accumulate, bias, biasRs, biasCs);
        }
        else
        {
            if (mr > 8) WideMicro<Rows12Cols16>(pa, pb, kc, c, ldc, mr, nr, alpha, accumulate, bias, biasRs, biasCs);
            else if (mr > 4) WideMicro<Rows8Cols16>(pa, pb, kc, c, ldc, mr, nr, alpha, accumulate, bias, biasRs, biasCs);
            else WideMicro<Rows4Cols16>(pa, pb, kc, c, ldc, mr, nr, alpha, accumulate, bias, biasRs, biasCs);
        }
    }

    /// <summary>
    /// One tile from a 12-row panel of A (row r of step p at pa[p·12 + r]) and a 32-column panel of B (pb[p·32 + j]).
    /// Stores as <see cref="Micro{TOps, TV, TRows}"/> does, so that the two kernels give the same bits.
    /// </summary>
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void WideMicro<TShape>(float* pa, float* pb, int kc, float* c, int ldc, int mr, int nr, float alpha, bool accumulate,
        float* bias, int biasRs, int biasCs) where TShape : struct, IWideShape
    {
        var z = Vector512<float>.Zero;
        Vector512<float> c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z, c40 = z, c41 = z, c50 = z, c51 = z;
        Vector512<float> c60 = z, c61 = z, c70 = z, c71 = z, c80 = z, c81 = z, c90 = z, c91 = z, ca0 = z, ca1 = z, cb0 = z, cb1 = z;
        bool two = TShape.Vectors == 2;
        // No call in this loop: the accumulators, the B vectors and the broadcast stay in registers. The shape tests
        // are constants of the instantiation, so each shape's loop holds only its own FMAs.
        for (int p = 0; p < kc; p++, pa += WideMR, pb += WideNR)
        {
            var b0 = Vector512.Load(pb);
            var b1 = two ? Vector512.Load(pb + 16) : z;
            var s = Vector512.Create(pa[0]); c00 = F512.MulAdd(s, b0, c00); if (two) c01 = F512.MulAdd(s, b1, c01);
            s = Vector512.Create(pa[1]); c10 = F512.MulAdd(s, b0, c10); if (two) c11 = F512.MulAdd(s, b1, c11);
            s = Vector512.Create(pa[2]); c20 = F512.MulAdd(s, b0, c20); if (two) c21 = F512.MulAdd(s, b1, c21);
            s = Vector512.Create(pa[3]); c30 = F512.MulAdd(s, b0, c30); if (two) c31 = F512.MulAdd(s, b1, c31);
            if (TShape.Rows > 4)
            {
                s = Vector512.Create(pa[4]); c40 = F512.MulAdd(s, b0, c40); if (two) c41 = F512.MulAdd(s, b1, c41);
                s = Vector512.Create(pa[5]); c50 = F512.MulAdd(s, b0, c50); if (two) c51 = F512.MulAdd(s, b1, c51);
                s = Vector512.Create(pa[6]); c60 = F512.MulAdd(s, b0, c60); if (two) c61 = F512.MulAdd(s, b1, c61);
                s = Vector512.Create(pa[7]); c70 = F512.MulAdd(s, b0, c70); if (two) c71 = F512.MulAdd(s, b1, c71);
            }
            if (TShape.Rows > 8)
            {
                s = Vector512.Create(pa[8]); c80 = F512.MulAdd(s, b0, c80); if (two) c81 = F512.MulAdd(s, b1, c81);
                s = Vector512.Create(pa[9]); c90 = F512.MulAdd(s, b0, c90); if (two) c91 = F512.MulAdd(s, b1, c91);
                s = Vector512.Create(pa[10]); ca0 = F512.MulAdd(s, b0, ca0); if (two) ca1 = F512.MulAdd(s, b1, ca1);
                s = Vector512.Create(pa[11]); cb0 = F512.MulAdd(s, b0, cb0); if (two) cb1 = F512.MulAdd(s, b1, cb1);
            }
        }
        var va = Vector512.Create(alpha);
        if (nr == 16 * TShape.Vectors)
        {
            WideRow<TShape>(c, c00, c01, va, accumulate, bias, biasCs);
            if (mr > 1) WideRow<TShape>(c + ldc, c10, c11, va, accumulate, bias == null ? null : bias + biasRs, biasCs);
            if (mr > 2) WideRow<TShape>(c + 2 * (nint)ldc, c20, c21, va, accumulate, bias == null ? null : bias + 2 * (nint)biasRs, biasCs);
            if (mr > 3) WideRow<TShape>(c + 3 * (nint)ldc, c30, c31, va, accumulate, bias == null ? null : bias + 3 * (nint)biasRs, biasCs);
            if (mr > 4) WideRow<TShape>(c + 4 * (nint)ldc, c40, c41, va, accumulate, bias == null ? null : bias + 4 * (nint)biasRs, biasCs);
            if (mr > 5) WideRow<TShape>(c + 5 * (nint)ldc, c50, c51, va, accumulate, bias == null ? null : bias + 5 * (nint)biasRs, biasCs);
            if (mr > 6) WideRow<TShape>(c + 6 * (nint)ldc, c60, c61, va, accumulate, bias == null ? null : bias + 6 * (nint)biasRs, biasCs);
            if (mr > 7) WideRow<TShape>(c + 7 * (nint)ldc, c70, c71, va, accumulate, bias == null ? null : bias + 7 * (nint)biasRs, biasCs);
            if (mr > 8) WideRow<TShape>(c + 8 * (nint)ldc, c80, c81, va, accumulate, bias == null ? null : bias + 8 * (nint)biasRs, biasCs);
            if (mr > 9) WideRow<TShape>(c + 9 * (nint)ldc, c90, c91, va, accumulate, bias == null ? null : bias + 9 * (nint)biasRs, biasCs);
            if (mr > 10) WideRow<TShape>(c + 10 * (nint)ldc, ca0, ca1, va, accumulate, bias == null ? null : bias + 10 * (nint)biasRs, biasCs);
            if (mr > 11) WideRow<TShape>(c + 11 * (nint)ldc, cb0, cb1, va, accumulate, bias == null ? null : bias + 11 * (nint)biasRs, biasCs);
            return;
        }
        // Ragged right edge: spill alpha·tile (rows of 32, whatever the shape) and copy only the valid columns (Micro's edge arithmetic).
        float* tmp = stackalloc float[WideMR * WideNR];
        (c00 * va).Store(tmp); (c01 * va).Store(tmp + 16); (c10 * va).Store(tmp + 32); (c11 * va).Store(tmp + 48);
        (c20 * va).Store(tmp + 64); (c21 * va).Store(tmp + 80); (c30 * va).Store(tmp + 96); (c31 * va).Store(tmp + 112);
        if (TShape.Rows > 4)
        {
            (c40 * va).Store(tmp + 128); (c41 * va).Store(tmp + 144); (c50 * va).Store(tmp + 160); (c51 * va).Store(tmp + 176);
            (c60 * va).Store(tmp + 192); (c61 * va).Store(tmp + 208); (c70 * va).Store(tmp + 224); (c71 * va).Store(tmp + 240);
        }
        if (TShape.Rows > 8)
        {
            (c80 * va).Store(tmp + 256); (c81 * va).Store(tmp + 272); (c90 * va).Store(tmp + 288); (c91 * va).Store(tmp + 304);
            (ca0 * va).Store(tmp + 320); (ca1 * va).Store(tmp + 336); (cb0 * va).Store(tmp + 352); (cb1 * va).Store(tmp + 368);
        }
        StoreSpilledTile(c, ldc, tmp, WideNR, mr, nr, accumulate, bias, biasRs, biasCs);
    }

    /// <summary>One full row of the tile: StoreRowBias or StoreRow with 512-bit vectors, two of them or one.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void WideRow<TShape>(float* dst, Vector512<float> lo, Vector512<float> hi, Vector512<float> alpha, bool accumulate, float* bias, int biasCs)
        where TShape : struct, IWideShape
    {
        if (TShape.Vectors == 2)
        {
            if (bias != null) StoreRowBias<F512, Vector512<float>>(dst, 16, lo, hi, alpha, bias, biasCs);
            else StoreRow<F512, Vector512<float>>(dst, 16, lo, hi, alpha, accumulate);
            return;
        }
        // One vector: the same arithmetic as the first half of StoreRowBias and StoreRow.
        if (bias != null) F512.Store(F512.MulAdd(lo, alpha, biasCs == 0 ? F512.Splat(*bias) : F512.Load(bias)), dst);
        else if (accumulate) F512.Store(F512.MulAdd(lo, alpha, F512.Load(dst)), dst);
        else F512.Store(F512.Mul(lo, alpha), dst);
    }
}

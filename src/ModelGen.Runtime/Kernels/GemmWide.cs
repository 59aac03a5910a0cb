using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// The AVX-512 product: a 12×32 register tile (24 accumulators of the 32 zmm registers) over packed A and packed B,
/// for products wide enough that packing A pays. It computes exactly what <see cref="Blocked{TOps, TV}"/> computes
/// with 512-bit vectors (the same k blocks of <see cref="KC"/>, the same order of operations in each, the same
/// stores), so C is bit-identical to it; only the loop order and the data layout differ.
/// </summary>
public static partial class Gemm
{
    /// <summary>Rows of the wide register tile.</summary>
    internal const int WideMR = 12;
    /// <summary>Columns of the wide register tile: two 512-bit vectors.</summary>
    private const int WideNR = 32;
    /// <summary>
    /// Rows of A packed at a time, 11 tiles: 132 rows × 256 deep is 132 KB, which stays in L2 while every B panel
    /// passes. B is packed once per row block, so a BERT layer at sequence 128 packs its weights once per product.
    /// </summary>
    private const int WideMC = 132;

    /// <summary>
    /// From this n up, packing A pays: each packed element feeds at least 32 vector FMAs. Measured side by side in one
    /// process against the 6-row tile that reads A in place (2-core Xeon, AVX-512, medians of 11): 1024³ 19.8 against
    /// 27.1 ms, 128×3072×768 7.9 against 10.8 ms, 128×768×768 1.8 against 2.3 ms; but 784×256×256 0.91 against 0.75 ms
    /// and 3136×64×576 3.5 against 2.2 ms, where the scalar transposition into panels costs more than it saves.
    /// </summary>
    internal const int WideMinN = 512;

    /// <summary>Whether a float product n columns wide takes this kernel (the product engine and its epilogue blocks ask the same question).</summary>
    internal static bool TakesWideKernel(int n) => Vector512.IsHardwareAccelerated && n >= WideMinN;

    /// <summary>
    /// C (=, or += when accumulating, or = bias +) alpha·A·B, as <see cref="Blocked{TOps, TV}"/>. Loop order: k blocks,
    /// then blocks of <see cref="WideMC"/> rows of A packed into 12-row panels (A[r, p] at panel[p*12 + r]), then
    /// 32-column panels of B packed (B[p, j] at panel[p*32 + j]), then the 12-row tiles: a B panel (32 KB) stays in
    /// L1 while the row panels of the A block stream past it from L2.
    /// </summary>
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void BlockedWide(float* a, int ars, int acs, float* b, int brs, int bcs, float* c, int ldc,
        int m, int n, int k, float alpha, bool accumulate, float* bias, int biasRs, int biasCs)
    {
        float* packedA = stackalloc float[WideMC * KC];
        float* packedB = stackalloc float[KC * WideNR];
        for (int p0 = 0; p0 < k; p0 += KC)
        {
            int kc = Math.Min(KC, k - p0);
            // The bias goes in with the first k block's store; later blocks accumulate onto it (as Blocked does).
            bool acc = accumulate || p0 > 0;
            float* blockBias = p0 == 0 ? bias : null;
            for (int i0 = 0; i0 < m; i0 += WideMC)
            {
                int mc = Math.Min(WideMC, m - i0);
                PackRowPanels(a + (nint)i0 * ars + (nint)p0 * acs, ars, acs, mc, kc, packedA);
                for (int j0 = 0; j0 < n; j0 += WideNR)
                {
                    int nr = Math.Min(WideNR, n - j0);
                    float* panel = packedB;
                    if (bcs == PackedB) panel = PackedPanelAt(b, brs, p0, j0);
                    else Pack(b + (nint)p0 * brs + (nint)j0 * bcs, brs, bcs, kc, nr, WideNR, packedB);
                    for (int ir = 0; ir < mc; ir += WideMR)
                    {
                        int row = i0 + ir;
                        WideMicro(packedA + ir * kc, panel, kc, c + (nint)row * ldc + j0, ldc, Math.Min(WideMR, mc - ir), nr, alpha, acc,
                            blockBias == null ? null : blockBias + (nint)row * biasRs + (nint)j0 * biasCs, biasRs, biasCs);
                    }
                }
            }
        }
    }

    /// <summary>Packs mc rows × kc of A into 12-row panels, panel t at dst + t*12*kc; rows past mc are zero.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void PackRowPanels(float* a, int ars, int acs, int mc, int kc, float* dst)
    {
        for (int ir = 0; ir < mc; ir += WideMR)
        {
            int mr = Math.Min(WideMR, mc - ir);
            float* panel = dst + ir * kc;
            float* rows = a + (nint)ir * ars;
            if (mr == WideMR && acs == 1 && Avx.IsSupported) PackRowPanelTransposing(rows, ars, kc, panel);
            else if (mr == WideMR && ars == 1 && Avx.IsSupported) PackRowPanelCopying(rows, acs, kc, panel);
            else PackRowPanelScalar(rows, ars, acs, mr, kc, panel);
        }
    }

    /// <summary>
    /// One full panel from row-major A (acs 1): 4×8 blocks (4 rows, 8 k) are loaded as 4 vectors and transposed into
    /// eight 4-float column pieces. The scalar loop moved one float per load and store, and packing was 10% of a 1024³
    /// product's time; this is about 4.5 times faster per panel.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void PackRowPanelTransposing(float* a, int ars, int kc, float* panel)
    {
        for (int r0 = 0; r0 < WideMR; r0 += 4)
        {
            float* s0 = a + (nint)r0 * ars, s1 = s0 + ars, s2 = s1 + ars, s3 = s2 + ars;
            int p = 0;
            for (; p + 8 <= kc; p += 8)
            {
                Vector256<float> x0 = Avx.LoadVector256(s0 + p), x1 = Avx.LoadVector256(s1 + p);
                Vector256<float> x2 = Avx.LoadVector256(s2 + p), x3 = Avx.LoadVector256(s3 + p);
                // Within each 128-bit lane: t0 = (r0[0], r1[0], r0[1], r1[1]), t1 = (r0[2], r1[2], r0[3], r1[3]), and
                // likewise t2, t3 for rows 2 and 3; then column q of the lane is (t0|t1 low or high pair, t2|t3's).
                Vector256<float> t0 = Avx.UnpackLow(x0, x1), t1 = Avx.UnpackHigh(x0, x1);
                Vector256<float> t2 = Avx.UnpackLow(x2, x3), t3 = Avx.UnpackHigh(x2, x3);
                Vector256<float> k0 = Avx.Shuffle(t0, t2, 0x44), k1 = Avx.Shuffle(t0, t2, 0xEE);
                Vector256<float> k2 = Avx.Shuffle(t1, t3, 0x44), k3 = Avx.Shuffle(t1, t3, 0xEE);
                float* d = panel + p * WideMR + r0;
                k0.GetLower().Store(d); k1.GetLower().Store(d + WideMR); k2.GetLower().Store(d + 2 * WideMR); k3.GetLower().Store(d + 3 * WideMR);
                k0.GetUpper().Store(d + 4 * WideMR); k1.GetUpper().Store(d + 5 * WideMR); k2.GetUpper().Store(d + 6 * WideMR); k3.GetUpper().Store(d + 7 * WideMR);
            }
            for (; p < kc; p++)
            {
                float* d = panel + p * WideMR + r0;
                d[0] = s0[p]; d[1] = s1[p]; d[2] = s2[p]; d[3] = s3[p];
            }
        }
    }

    /// <summary>One full panel from column-major A (ars 1, a transposed A): the 12 rows of each k are already contiguous.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void PackRowPanelCopying(float* a, int acs, int kc, float* panel)
    {
        for (int p = 0; p < kc; p++)
        {
            float* src = a + (nint)p * acs, d = panel + p * WideMR;
            Avx.LoadVector256(src).Store(d);
            Sse.LoadVector128(src + 8).Store(d + 8);
        }
    }

    /// <summary>Any strides and a partial panel (mr rows, the rest zero): one float at a time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void PackRowPanelScalar(float* a, int ars, int acs, int mr, int kc, float* panel)
    {
        for (int r = 0; r < WideMR; r++)
        {
            if (r >= mr)
            {
                for (int p = 0; p < kc; p++) panel[p * WideMR + r] = 0f;
                continue;
            }
            float* src = a + (nint)r * ars;
            for (int p = 0; p < kc; p++) panel[p * WideMR + r] = src[(nint)p * acs];
        }
    }

    /// <summary>
    /// One 12×32 tile from a 12-row panel of A and a 32-column panel of B, kc deep. Stores as
    /// <see cref="Micro{TOps, TV, TRows}"/> does, so that the two kernels give the same bits.
    /// </summary>
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void WideMicro(float* pa, float* pb, int kc, float* c, int ldc, int mr, int nr, float alpha, bool accumulate,
        float* bias, int biasRs, int biasCs)
    {
        var z = Vector512<float>.Zero;
        Vector512<float> c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z, c40 = z, c41 = z, c50 = z, c51 = z;
        Vector512<float> c60 = z, c61 = z, c70 = z, c71 = z, c80 = z, c81 = z, c90 = z, c91 = z, ca0 = z, ca1 = z, cb0 = z, cb1 = z;
        // No call in this loop: the 24 accumulators, 2 B vectors and the broadcast stay in registers.
        for (int p = 0; p < kc; p++, pa += WideMR, pb += WideNR)
        {
            var b0 = Vector512.Load(pb);
            var b1 = Vector512.Load(pb + 16);
            var s = Vector512.Create(pa[0]); c00 = F512.MulAdd(s, b0, c00); c01 = F512.MulAdd(s, b1, c01);
            s = Vector512.Create(pa[1]); c10 = F512.MulAdd(s, b0, c10); c11 = F512.MulAdd(s, b1, c11);
            s = Vector512.Create(pa[2]); c20 = F512.MulAdd(s, b0, c20); c21 = F512.MulAdd(s, b1, c21);
            s = Vector512.Create(pa[3]); c30 = F512.MulAdd(s, b0, c30); c31 = F512.MulAdd(s, b1, c31);
            s = Vector512.Create(pa[4]); c40 = F512.MulAdd(s, b0, c40); c41 = F512.MulAdd(s, b1, c41);
            s = Vector512.Create(pa[5]); c50 = F512.MulAdd(s, b0, c50); c51 = F512.MulAdd(s, b1, c51);
            s = Vector512.Create(pa[6]); c60 = F512.MulAdd(s, b0, c60); c61 = F512.MulAdd(s, b1, c61);
            s = Vector512.Create(pa[7]); c70 = F512.MulAdd(s, b0, c70); c71 = F512.MulAdd(s, b1, c71);
            s = Vector512.Create(pa[8]); c80 = F512.MulAdd(s, b0, c80); c81 = F512.MulAdd(s, b1, c81);
            s = Vector512.Create(pa[9]); c90 = F512.MulAdd(s, b0, c90); c91 = F512.MulAdd(s, b1, c91);
            s = Vector512.Create(pa[10]); ca0 = F512.MulAdd(s, b0, ca0); ca1 = F512.MulAdd(s, b1, ca1);
            s = Vector512.Create(pa[11]); cb0 = F512.MulAdd(s, b0, cb0); cb1 = F512.MulAdd(s, b1, cb1);
        }
        var va = Vector512.Create(alpha);
        if (nr == WideNR)
        {
            WideRow(c, c00, c01, va, accumulate, bias, biasCs);
            if (mr > 1) WideRow(c + ldc, c10, c11, va, accumulate, bias == null ? null : bias + biasRs, biasCs);
            if (mr > 2) WideRow(c + 2 * (nint)ldc, c20, c21, va, accumulate, bias == null ? null : bias + 2 * (nint)biasRs, biasCs);
            if (mr > 3) WideRow(c + 3 * (nint)ldc, c30, c31, va, accumulate, bias == null ? null : bias + 3 * (nint)biasRs, biasCs);
            if (mr > 4) WideRow(c + 4 * (nint)ldc, c40, c41, va, accumulate, bias == null ? null : bias + 4 * (nint)biasRs, biasCs);
            if (mr > 5) WideRow(c + 5 * (nint)ldc, c50, c51, va, accumulate, bias == null ? null : bias + 5 * (nint)biasRs, biasCs);
            if (mr > 6) WideRow(c + 6 * (nint)ldc, c60, c61, va, accumulate, bias == null ? null : bias + 6 * (nint)biasRs, biasCs);
            if (mr > 7) WideRow(c + 7 * (nint)ldc, c70, c71, va, accumulate, bias == null ? null : bias + 7 * (nint)biasRs, biasCs);
            if (mr > 8) WideRow(c + 8 * (nint)ldc, c80, c81, va, accumulate, bias == null ? null : bias + 8 * (nint)biasRs, biasCs);
            if (mr > 9) WideRow(c + 9 * (nint)ldc, c90, c91, va, accumulate, bias == null ? null : bias + 9 * (nint)biasRs, biasCs);
            if (mr > 10) WideRow(c + 10 * (nint)ldc, ca0, ca1, va, accumulate, bias == null ? null : bias + 10 * (nint)biasRs, biasCs);
            if (mr > 11) WideRow(c + 11 * (nint)ldc, cb0, cb1, va, accumulate, bias == null ? null : bias + 11 * (nint)biasRs, biasCs);
            return;
        }
        // Ragged right edge: spill alpha·tile and copy only the valid columns (Micro's edge arithmetic).
        float* tmp = stackalloc float[WideMR * WideNR];
        (c00 * va).Store(tmp); (c01 * va).Store(tmp + 16); (c10 * va).Store(tmp + 32); (c11 * va).Store(tmp + 48);
        (c20 * va).Store(tmp + 64); (c21 * va).Store(tmp + 80); (c30 * va).Store(tmp + 96); (c31 * va).Store(tmp + 112);
        (c40 * va).Store(tmp + 128); (c41 * va).Store(tmp + 144); (c50 * va).Store(tmp + 160); (c51 * va).Store(tmp + 176);
        (c60 * va).Store(tmp + 192); (c61 * va).Store(tmp + 208); (c70 * va).Store(tmp + 224); (c71 * va).Store(tmp + 240);
        (c80 * va).Store(tmp + 256); (c81 * va).Store(tmp + 272); (c90 * va).Store(tmp + 288); (c91 * va).Store(tmp + 304);
        (ca0 * va).Store(tmp + 320); (ca1 * va).Store(tmp + 336); (cb0 * va).Store(tmp + 352); (cb1 * va).Store(tmp + 368);
        StoreSpilledTile(c, ldc, tmp, WideNR, mr, nr, accumulate, bias, biasRs, biasCs);
    }

    /// <summary>One full row of the tile: StoreRowBias or StoreRow with 512-bit vectors.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void WideRow(float* dst, Vector512<float> lo, Vector512<float> hi, Vector512<float> alpha, bool accumulate, float* bias, int biasCs)
    {
        if (bias != null) StoreRowBias<F512, Vector512<float>>(dst, 16, lo, hi, alpha, bias, biasCs);
        else StoreRow<F512, Vector512<float>>(dst, 16, lo, hi, alpha, accumulate);
    }
}

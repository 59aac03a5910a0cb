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
    /// Up to this many rows (22 tiles) A is packed as one block instead of blocks of <see cref="WideMC"/>, so that B is
    /// packed (or, packed at load, streamed) once per k block rather than once per block of rows: a 1×1 Conv 256→256
    /// on 28×28, 256 rows, ran 0.933 against 0.961 ms (Zen 4, medians of 301 in one process), while 1024³ gained
    /// nothing from bigger blocks. The block takes up to 264 KB of stack beside B's 32 KB, well inside the 1.5 MB of
    /// a .NET thread's stack.
    /// </summary>
    private const int WideSingleBlockMaxRows = 264;

    /// <summary>Rows of A packed at a time for an m-row product.</summary>
    private static int WideRowBlock(int m) => m <= WideSingleBlockMaxRows ? m : WideMC;

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
    /// then blocks of <see cref="WideRowBlock"/> rows of A packed into 12-row panels (A[r, p] at panel[p*12 + r]), then
    /// 32-column panels of B packed (B[p, j] at panel[p*32 + j]), then the 12-row tiles: a B panel (32 KB) stays in
    /// L1 while the row panels of the A block stream past it from L2.
    /// </summary>
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void BlockedWide(float* a, int ars, int acs, float* b, int brs, int bcs, float* c, int ldc,
        int m, int n, int k, float alpha, bool accumulate, float* bias, int biasRs, int biasCs)
    {
        int rowBlock = WideRowBlock(m);
        float* packedA = stackalloc float[(rowBlock + WideMR - 1) / WideMR * WideMR * Math.Min(KC, k)];
        float* packedB = stackalloc float[KC * WideNR];
        for (int p0 = 0; p0 < k; p0 += KC)
        {
            int kc = Math.Min(KC, k - p0);
            // The bias goes in with the first k block's store; later blocks accumulate onto it (as Blocked does).
            bool acc = accumulate || p0 > 0;
            float* blockBias = p0 == 0 ? bias : null;
            for (int i0 = 0; i0 < m; i0 += rowBlock)
            {
                int mc = Math.Min(rowBlock, m - i0);
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
                        WideTile(packedA + ir * kc, panel, kc, c + (nint)row * ldc + j0, ldc, Math.Min(WideMR, mc - ir), nr, alpha, acc,
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
}

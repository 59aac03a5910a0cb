using System;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// The blocked product for 256- and 128-bit vectors: B in blocks of <see cref="ColumnBlock"/> columns by
/// <see cref="KC"/> rows, packed once per block into panels two vectors wide (or read in place when packed at load),
/// then every 6-row tile of A, read in place, against all the block's panels. The tile's A (6 × 256 floats) stays in
/// L1 across the panels and the block (128 KB) in L2, as MLAS orders its loops. Each element of C gets the same
/// operations in the same order as in <see cref="Blocked{TOps, TV}"/> (k blocks of <see cref="KC"/>, then k in
/// order), so the choice between them never changes a bit.
/// </summary>
/// <remarks>
/// Measured against <see cref="Blocked{TOps, TV}"/> (a 2-column panel in L1, all of A streamed past it) in one process
/// on AMD Zen 3 (AVX2, 1 core), GFLOP/s medians of interleaved runs: 1024³ 73 against 59, 784×256×256 88 against 82,
/// 3136×64×576 78 against 70, 128×3072×768 67 against 26 (B row-major, packed here). The 512-bit products keep the
/// kernels measured on AVX-512 machines.
/// </remarks>
public static partial class Gemm
{
    /// <summary>Columns of B per packed block: 128 × <see cref="KC"/> floats is 128 KB, a quarter of a Zen 3 core's L2.</summary>
    private const int ColumnBlock = 128;

    /// <summary>Rows per epilogue block with this kernel: 22 tiles, so B is packed once per 132 rows, not per 48.</summary>
    private const int ColumnBlockEpilogueRows = 132;

    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void BlockedColumns<TOps, TV>(float* a, int ars, int acs, float* b, int brs, int bcs, float* c, int ldc,
        int m, int n, int k, float alpha, bool accumulate, float* bias, int biasRs, int biasCs) where TOps : struct, IFloatVec<TV> where TV : struct
    {
        int nr = 2 * TOps.Count;
        float* panels = stackalloc float[KC * ColumnBlock];
        for (int jb = 0; jb < n; jb += ColumnBlock)
        {
            int nc = Math.Min(ColumnBlock, n - jb);
            for (int p0 = 0; p0 < k; p0 += KC)
            {
                int kc = Math.Min(KC, k - p0);
                if (bcs == 1) PackBlockRows<TOps, TV>(b + (nint)p0 * brs + jb, brs, kc, nc, panels);
                else if (bcs != PackedB)
                    for (int j0 = 0; j0 < nc; j0 += nr) Pack(b + (nint)p0 * brs + (nint)(jb + j0) * bcs, brs, bcs, kc, Math.Min(nr, nc - j0), nr, panels + (nint)j0 * kc);
                // The bias goes in with the first k block's store; later blocks accumulate onto it.
                bool acc = accumulate || p0 > 0;
                float* blockBias = p0 == 0 ? bias : null;
                for (int i0 = 0; i0 < m; i0 += MR)
                {
                    for (int j0 = 0; j0 < nc; j0 += nr)
                    {
                        int col = jb + j0;
                        var rows = bcs == PackedB ? new StridedRows(PackedPanelAt(b, brs, p0, col), PackedPanel) : new StridedRows(panels + (nint)j0 * kc, nr);
                        Micro<TOps, TV, StridedRows>(a + (nint)i0 * ars + (nint)p0 * acs, ars, acs, rows, kc, c + (nint)i0 * ldc + col, ldc,
                            Math.Min(MR, m - i0), Math.Min(nr, nc - j0), alpha, acc,
                            blockBias == null ? null : blockBias + (nint)i0 * biasRs + (nint)col * biasCs, biasRs, biasCs);
                    }
                }
            }
        }
    }

    /// <summary>
    /// Packs kc rows × nc columns of row-major B into panels of 2·Count columns (panel t at dst + t·kc·2·Count, row p of
    /// it at + p·2·Count), zero past nc. Row by row, so B is read in order: packing panel by panel read each B row once
    /// per panel, and a 128×3072×768 product ran at half the speed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void PackBlockRows<TOps, TV>(float* b, int brs, int kc, int nc, float* dst) where TOps : struct, IFloatVec<TV> where TV : struct
    {
        int w = TOps.Count, nr = 2 * w, full = nc / nr * nr;
        nint panelSize = (nint)kc * nr;
        for (int p = 0; p < kc; p++)
        {
            float* src = b + (nint)p * brs, row = dst + p * nr;
            int j = 0;
            for (; j < full; j += nr, row += panelSize)
            {
                TOps.Store(TOps.Load(src + j), row);
                TOps.Store(TOps.Load(src + j + w), row + w);
            }
            if (j == nc) continue;
            int q = 0;
            for (; j + q < nc; q++) row[q] = src[j + q];
            for (; q < nr; q++) row[q] = 0f;
        }
    }
}

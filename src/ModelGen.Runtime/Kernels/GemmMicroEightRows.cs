using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// The 8-row register tile for AVX-512: 8 rows of A times a panel three vectors wide, 24 accumulators of the 32 zmm
/// registers (two 4-row halves of <see cref="MicroFourRows{TOps, TV, TRows}"/> sharing each k's three B loads). Per k
/// it issues 24 FMAs for 3 B loads and 8 broadcasts, where the 4-row tile issues 12 for 3 and 4: the B rows of a
/// shifted convolution are unaligned, so each 512-bit load splits across cache lines, and the 4-row tile ran conv 3×3
/// 64→64 at 56×56 at two thirds of the FMA peak. With 16 registers (AVX2) 24 accumulators would spill, so only
/// 512-bit vectors take it.
/// </summary>
public static partial class Gemm
{
    /// <summary>Rows of the 8-row tile.</summary>
    internal const int MR8 = 8;

    /// <summary>Whether <paramref name="m"/> rows of a product with vectors of <typeparamref name="TOps"/> go in 8-row tiles: 512-bit vectors and m a multiple of 8.</summary>
    internal static bool EightRowTilesFit<TOps>(int m) => typeof(TOps) == typeof(F512) && m % MR8 == 0;

    /// <summary>
    /// One 8×nr tile of C (nr at most three vectors) from a kc-deep panel of B (row p at panel.Row(p)): C (=, or +=
    /// when accumulating, or = bias +) alpha·A·B, the bias as in <see cref="Micro{TOps, TV, TRows}"/>. Every element
    /// sums its k in the same order as in the 4-row tile, so the two give the same bits.
    /// </summary>
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void MicroEightRows<TOps, TV, TRows>(float* a, int ars, int acs, TRows panel, int kc, float* c, int ldc,
        int nr, float alpha, bool accumulate, float* bias, int biasRs, int biasCs)
        where TOps : struct, IFloatVec<TV> where TV : struct where TRows : struct, IPanelRows
    {
        int w = TOps.Count, width = 3 * w;
        float* a0 = a, a1 = a + ars, a2 = a + 2 * (nint)ars, a3 = a + 3 * (nint)ars;
        float* a4 = a + 4 * (nint)ars, a5 = a + 5 * (nint)ars, a6 = a + 6 * (nint)ars, a7 = a + 7 * (nint)ars;
        TV c00 = TOps.Zero, c01 = TOps.Zero, c02 = TOps.Zero, c10 = TOps.Zero, c11 = TOps.Zero, c12 = TOps.Zero;
        TV c20 = TOps.Zero, c21 = TOps.Zero, c22 = TOps.Zero, c30 = TOps.Zero, c31 = TOps.Zero, c32 = TOps.Zero;
        TV c40 = TOps.Zero, c41 = TOps.Zero, c42 = TOps.Zero, c50 = TOps.Zero, c51 = TOps.Zero, c52 = TOps.Zero;
        TV c60 = TOps.Zero, c61 = TOps.Zero, c62 = TOps.Zero, c70 = TOps.Zero, c71 = TOps.Zero, c72 = TOps.Zero;
        nint off = 0;
        for (int p = 0; p < kc; p++, off += acs)
        {
            float* pb = panel.Row(p);
            TV b0 = TOps.Load(pb), b1 = TOps.Load(pb + w), b2 = TOps.Load(pb + 2 * w);
            RankOne<TOps, TV>(b0, b1, b2, a0, a1, a2, a3, off, ref c00, ref c01, ref c02, ref c10, ref c11, ref c12, ref c20, ref c21, ref c22, ref c30, ref c31, ref c32);
            RankOne<TOps, TV>(b0, b1, b2, a4, a5, a6, a7, off, ref c40, ref c41, ref c42, ref c50, ref c51, ref c52, ref c60, ref c61, ref c62, ref c70, ref c71, ref c72);
        }
        TV va = TOps.Splat(alpha);
        if (nr == width)
        {
            StoreThree<TOps, TV>(c, w, c00, c01, c02, va, accumulate, bias, biasCs);
            StoreThree<TOps, TV>(c + ldc, w, c10, c11, c12, va, accumulate, RowBias(bias, 1, biasRs), biasCs);
            StoreThree<TOps, TV>(c + 2 * (nint)ldc, w, c20, c21, c22, va, accumulate, RowBias(bias, 2, biasRs), biasCs);
            StoreThree<TOps, TV>(c + 3 * (nint)ldc, w, c30, c31, c32, va, accumulate, RowBias(bias, 3, biasRs), biasCs);
            StoreThree<TOps, TV>(c + 4 * (nint)ldc, w, c40, c41, c42, va, accumulate, RowBias(bias, 4, biasRs), biasCs);
            StoreThree<TOps, TV>(c + 5 * (nint)ldc, w, c50, c51, c52, va, accumulate, RowBias(bias, 5, biasRs), biasCs);
            StoreThree<TOps, TV>(c + 6 * (nint)ldc, w, c60, c61, c62, va, accumulate, RowBias(bias, 6, biasRs), biasCs);
            StoreThree<TOps, TV>(c + 7 * (nint)ldc, w, c70, c71, c72, va, accumulate, RowBias(bias, 7, biasRs), biasCs);
            return;
        }
        // Ragged right edge: spill the tile and copy only the valid columns.
        float* tmp = stackalloc float[MR8 * 3 * 16];
        SpillThree<TOps, TV>(tmp, w, c00, c01, c02, va); SpillThree<TOps, TV>(tmp + width, w, c10, c11, c12, va);
        SpillThree<TOps, TV>(tmp + 2 * width, w, c20, c21, c22, va); SpillThree<TOps, TV>(tmp + 3 * width, w, c30, c31, c32, va);
        SpillThree<TOps, TV>(tmp + 4 * width, w, c40, c41, c42, va); SpillThree<TOps, TV>(tmp + 5 * width, w, c50, c51, c52, va);
        SpillThree<TOps, TV>(tmp + 6 * width, w, c60, c61, c62, va); SpillThree<TOps, TV>(tmp + 7 * width, w, c70, c71, c72, va);
        StoreSpilledTile(c, ldc, tmp, width, MR8, nr, accumulate, bias, biasRs, biasCs);
    }

    /// <summary>Row r's bias (rows biasRs apart), or null when there is none.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe float* RowBias(float* bias, int r, int biasRs) => bias == null ? null : bias + (nint)r * biasRs;

    /// <summary>alpha·(v0, v1, v2) to three consecutive vectors at dst.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void SpillThree<TOps, TV>(float* dst, int w, TV v0, TV v1, TV v2, TV alpha)
        where TOps : struct, IFloatVec<TV> where TV : struct
    {
        TOps.Store(TOps.Mul(v0, alpha), dst);
        TOps.Store(TOps.Mul(v1, alpha), dst + w);
        TOps.Store(TOps.Mul(v2, alpha), dst + 2 * w);
    }
}

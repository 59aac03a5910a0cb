using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// The 4-row register tile: 4 rows of A times a panel three vectors wide, 12 accumulators as in the 6-row
/// <see cref="Micro{TOps, TV, TRows}"/> (3 B loads and 4 broadcasts per k instead of 2 and 6). For a product whose
/// rows are a multiple of 4 but not of 6 (a convolution's 8 or 16 output channels) it computes no discarded rows:
/// mnist-8's 1→8 conv ran a 6-row and a 2-row tile, 12 rows of work for 8.
/// </summary>
public static partial class Gemm
{
    /// <summary>Rows of the 4-row tile.</summary>
    internal const int MR4 = 4;

    /// <summary>
    /// Whether the 4-row tile computes fewer rows than the 6-row one for <paramref name="m"/> rows: m a multiple of 4
    /// whose 6-row tiles would pad it (8 → 12, 16 → 18, 32 → 36, but not 12 or 24).
    /// </summary>
    internal static bool FourRowTilesFit(int m) => m % MR4 == 0 && (m + MR - 1) / MR * MR > m;

    /// <summary>
    /// One 4×nr tile of C (nr at most three vectors) from a kc-deep panel of B (row p at panel.Row(p), three vectors of it
    /// read): C (=, or += when accumulating, or = bias +) alpha·A·B, the bias as in <see cref="Micro{TOps, TV, TRows}"/>.
    /// </summary>
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void MicroFourRows<TOps, TV, TRows>(float* a, int ars, int acs, TRows panel, int kc, float* c, int ldc,
        int mr, int nr, float alpha, bool accumulate, float* bias, int biasRs, int biasCs)
        where TOps : struct, IFloatVec<TV> where TV : struct where TRows : struct, IPanelRows
    {
        int w = TOps.Count, width = 3 * w;
        // Rows past mr alias row 0: computed and discarded, so the loop has no row branches.
        float* a0 = a;
        float* a1 = mr > 1 ? a + ars : a;
        float* a2 = mr > 2 ? a + 2 * (nint)ars : a;
        float* a3 = mr > 3 ? a + 3 * (nint)ars : a;
        TV c00 = TOps.Zero, c01 = TOps.Zero, c02 = TOps.Zero, c10 = TOps.Zero, c11 = TOps.Zero, c12 = TOps.Zero;
        TV c20 = TOps.Zero, c21 = TOps.Zero, c22 = TOps.Zero, c30 = TOps.Zero, c31 = TOps.Zero, c32 = TOps.Zero;
        // Two k per iteration, as in the 6-row tile.
        nint off = 0, step = acs, end = (nint)(kc & ~1) * acs;
        for (int p = 0; off < end; off += 2 * step, p += 2)
        {
            RankOne<TOps, TV>(panel.Row(p), w, a0, a1, a2, a3, off, ref c00, ref c01, ref c02, ref c10, ref c11, ref c12, ref c20, ref c21, ref c22, ref c30, ref c31, ref c32);
            RankOne<TOps, TV>(panel.Row(p + 1), w, a0, a1, a2, a3, off + step, ref c00, ref c01, ref c02, ref c10, ref c11, ref c12, ref c20, ref c21, ref c22, ref c30, ref c31, ref c32);
        }
        if ((kc & 1) != 0)
            RankOne<TOps, TV>(panel.Row(kc - 1), w, a0, a1, a2, a3, end, ref c00, ref c01, ref c02, ref c10, ref c11, ref c12, ref c20, ref c21, ref c22, ref c30, ref c31, ref c32);
        TV va = TOps.Splat(alpha);
        if (nr == width)
        {
            StoreThree<TOps, TV>(c, w, c00, c01, c02, va, accumulate, bias, biasCs);
            if (mr > 1) StoreThree<TOps, TV>(c + ldc, w, c10, c11, c12, va, accumulate, bias == null ? null : bias + biasRs, biasCs);
            if (mr > 2) StoreThree<TOps, TV>(c + 2 * (nint)ldc, w, c20, c21, c22, va, accumulate, bias == null ? null : bias + 2 * (nint)biasRs, biasCs);
            if (mr > 3) StoreThree<TOps, TV>(c + 3 * (nint)ldc, w, c30, c31, c32, va, accumulate, bias == null ? null : bias + 3 * (nint)biasRs, biasCs);
            return;
        }
        // Ragged right edge: spill the tile and copy only the valid columns.
        float* tmp = stackalloc float[MR4 * 3 * 16];
        TOps.Store(TOps.Mul(c00, va), tmp); TOps.Store(TOps.Mul(c01, va), tmp + w); TOps.Store(TOps.Mul(c02, va), tmp + 2 * w);
        TOps.Store(TOps.Mul(c10, va), tmp + width); TOps.Store(TOps.Mul(c11, va), tmp + width + w); TOps.Store(TOps.Mul(c12, va), tmp + width + 2 * w);
        TOps.Store(TOps.Mul(c20, va), tmp + 2 * width); TOps.Store(TOps.Mul(c21, va), tmp + 2 * width + w); TOps.Store(TOps.Mul(c22, va), tmp + 2 * width + 2 * w);
        TOps.Store(TOps.Mul(c30, va), tmp + 3 * width); TOps.Store(TOps.Mul(c31, va), tmp + 3 * width + w); TOps.Store(TOps.Mul(c32, va), tmp + 3 * width + 2 * w);
        StoreSpilledTile(c, ldc, tmp, width, mr, nr, accumulate, bias, biasRs, biasCs);
    }

    /// <summary>One k of the 4-row tile: B row pb (three vectors) times A[r, k] (at a_r[off]) into the 12 accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void RankOne<TOps, TV>(float* pb, int w, float* a0, float* a1, float* a2, float* a3, nint off,
        ref TV c00, ref TV c01, ref TV c02, ref TV c10, ref TV c11, ref TV c12, ref TV c20, ref TV c21, ref TV c22, ref TV c30, ref TV c31, ref TV c32)
        where TOps : struct, IFloatVec<TV> where TV : struct
    {
        TV b0 = TOps.Load(pb), b1 = TOps.Load(pb + w), b2 = TOps.Load(pb + 2 * w);
        RankOne<TOps, TV>(b0, b1, b2, a0, a1, a2, a3, off, ref c00, ref c01, ref c02, ref c10, ref c11, ref c12, ref c20, ref c21, ref c22, ref c30, ref c31, ref c32);
    }

    /// <summary>One k of four rows with B's three vectors already loaded (the 8-row tile shares them between its halves).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void RankOne<TOps, TV>(TV b0, TV b1, TV b2, float* a0, float* a1, float* a2, float* a3, nint off,
        ref TV c00, ref TV c01, ref TV c02, ref TV c10, ref TV c11, ref TV c12, ref TV c20, ref TV c21, ref TV c22, ref TV c30, ref TV c31, ref TV c32)
        where TOps : struct, IFloatVec<TV> where TV : struct
    {
        TV s = TOps.Splat(a0[off]); c00 = TOps.MulAdd(s, b0, c00); c01 = TOps.MulAdd(s, b1, c01); c02 = TOps.MulAdd(s, b2, c02);
        s = TOps.Splat(a1[off]); c10 = TOps.MulAdd(s, b0, c10); c11 = TOps.MulAdd(s, b1, c11); c12 = TOps.MulAdd(s, b2, c12);
        s = TOps.Splat(a2[off]); c20 = TOps.MulAdd(s, b0, c20); c21 = TOps.MulAdd(s, b1, c21); c22 = TOps.MulAdd(s, b2, c22);
        s = TOps.Splat(a3[off]); c30 = TOps.MulAdd(s, b0, c30); c31 = TOps.MulAdd(s, b1, c31); c32 = TOps.MulAdd(s, b2, c32);
    }

    /// <summary>A full row of the 4-row tile: = bias + alpha·sum (bias per row, biasCs 0, or a row, biasCs 1), or += , or =.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void StoreThree<TOps, TV>(float* dst, int w, TV v0, TV v1, TV v2, TV alpha, bool accumulate, float* bias, int biasCs)
        where TOps : struct, IFloatVec<TV> where TV : struct
    {
        if (bias != null)
        {
            TV b0 = biasCs == 0 ? TOps.Splat(*bias) : TOps.Load(bias);
            TV b1 = biasCs == 0 ? b0 : TOps.Load(bias + w), b2 = biasCs == 0 ? b0 : TOps.Load(bias + 2 * w);
            TOps.Store(TOps.MulAdd(v0, alpha, b0), dst);
            TOps.Store(TOps.MulAdd(v1, alpha, b1), dst + w);
            TOps.Store(TOps.MulAdd(v2, alpha, b2), dst + 2 * w);
        }
        else if (accumulate)
        {
            TOps.Store(TOps.MulAdd(v0, alpha, TOps.Load(dst)), dst);
            TOps.Store(TOps.MulAdd(v1, alpha, TOps.Load(dst + w)), dst + w);
            TOps.Store(TOps.MulAdd(v2, alpha, TOps.Load(dst + 2 * w)), dst + 2 * w);
        }
        else
        {
            TOps.Store(TOps.Mul(v0, alpha), dst);
            TOps.Store(TOps.Mul(v1, alpha), dst + w);
            TOps.Store(TOps.Mul(v2, alpha), dst + 2 * w);
        }
    }
}

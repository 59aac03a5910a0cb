using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// The blocked convolution's interior tiles on AVX-512: 12 positions × 2 vectors of channels, 24 accumulators of the
/// 32 zmm registers (two 6-position halves sharing each tap's two weight loads), then the 6-position tile for what is
/// left. Per tap the 6-position tile issues 12 FMAs for 2 weight loads and 6 broadcasts, this one 24 for 2 and 12.
/// Every output sums its (input channel, tap) terms in the same order as in the 6-position tile, so the bits are the same.
/// </summary>
public static partial class Conv
{
    /// <summary>Most (input channel, tap) pairs whose input offsets the 12-position tiles take from a stack table.</summary>
    private const int MaxTwelvePairs = 4096;

    /// <summary>
    /// The interior tiles of [ox, interiorEnd) that fit whole, 12 positions at a time where <paramref name="pairOffsets"/>
    /// is given and the unit has every kernel row; returns where the checked tiles take over.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    private static unsafe int InteriorTiles<TOps, TV, TStep>(in TileArgs t, float* x, float* y, int ox, int interiorEnd, int* tapOffsets, int* pairOffsets, int step)
        where TOps : struct, IFloatVec<TV> where TV : struct where TStep : struct, IPositionStep
    {
        if (pairOffsets != null && t.KhBegin == 0 && t.KhEnd == t.S.KH)
            for (; ox + 2 * TilePositions <= interiorEnd; ox += 2 * TilePositions) InteriorTileTwelve<TOps, TV, TStep>(t, x, y, ox, pairOffsets, step);
        for (; ox + TilePositions <= interiorEnd; ox += TilePositions) InteriorTile<TOps, TV, TStep>(t, x, y, ox, tapOffsets, step);
        return ox;
    }

    /// <summary>
    /// <see cref="InteriorTile{TOps, TV, TStep}"/> over 12 positions, ox .. ox + 11, for a unit with all its kernel rows:
    /// its weights are then consecutive over (input channel, tap), and the input offsets come from <paramref name="pairOffsets"/>.
    /// </summary>
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void InteriorTileTwelve<TOps, TV, TStep>(in TileArgs t, float* x, float* y, int ox, int* pairOffsets, int runtimeStep)
        where TOps : struct, IFloatVec<TV> where TV : struct where TStep : struct, IPositionStep
    {
        ref readonly BlockedShape s = ref t.S;
        TV a00 = TOps.Load(t.Bias0), a01 = TOps.Load(t.Bias1);
        TV a10 = a00, a11 = a01, a20 = a00, a21 = a01, a30 = a00, a31 = a01, a40 = a00, a41 = a01, a50 = a00, a51 = a01;
        TV b00 = a00, b01 = a01, b10 = a00, b11 = a01, b20 = a00, b21 = a01, b30 = a00, b31 = a01, b40 = a00, b41 = a01, b50 = a00, b51 = a01;
        nint step = TStep.Of(runtimeStep), w1Offset = (nint)(t.W1 - t.W0), half = TilePositions * step;
        int pairs = s.InChannels * s.KH * s.KW;
        float* xb = x + (nint)t.Batch * s.InputBatchStride + (nint)(t.Oy * s.SH - s.PadTop) * s.InputRowStride + (nint)(ox * s.SW - s.PadLeft) * s.InputColumnStride;
        float* w0 = t.W0;
        for (int q = 0; q < pairs; q++, w0 += ChannelBlock)
        {
            TV v0 = TOps.Load(w0), v1 = TOps.Load(w0 + w1Offset);
            float* xp = xb + pairOffsets[q];
            TapStep<TOps, TV>(v0, v1, xp, step, ref a00, ref a01, ref a10, ref a11, ref a20, ref a21, ref a30, ref a31, ref a40, ref a41, ref a50, ref a51);
            TapStep<TOps, TV>(v0, v1, xp + half, step, ref b00, ref b01, ref b10, ref b11, ref b20, ref b21, ref b30, ref b31, ref b40, ref b41, ref b50, ref b51);
        }
        // Every accumulator goes to a buffer before any call (StoreTile is one): one live across a call was kept on the
        // stack through the whole loop.
        int w = TOps.Count;
        float* tile = stackalloc float[2 * 2 * TilePositions * ChannelBlock];
        TOps.Store(a00, tile); TOps.Store(a01, tile + w); TOps.Store(a10, tile + 2 * w); TOps.Store(a11, tile + 3 * w);
        TOps.Store(a20, tile + 4 * w); TOps.Store(a21, tile + 5 * w); TOps.Store(a30, tile + 6 * w); TOps.Store(a31, tile + 7 * w);
        TOps.Store(a40, tile + 8 * w); TOps.Store(a41, tile + 9 * w); TOps.Store(a50, tile + 10 * w); TOps.Store(a51, tile + 11 * w);
        TOps.Store(b00, tile + 12 * w); TOps.Store(b01, tile + 13 * w); TOps.Store(b10, tile + 14 * w); TOps.Store(b11, tile + 15 * w);
        TOps.Store(b20, tile + 16 * w); TOps.Store(b21, tile + 17 * w); TOps.Store(b30, tile + 18 * w); TOps.Store(b31, tile + 19 * w);
        TOps.Store(b40, tile + 20 * w); TOps.Store(b41, tile + 21 * w); TOps.Store(b50, tile + 22 * w); TOps.Store(b51, tile + 23 * w);
        StoreHalf<TOps, TV>(t, y, ox, tile);
        StoreHalf<TOps, TV>(t, y, ox + TilePositions, tile + 12 * w);
    }

    /// <summary>Six positions of a spilled 12-position tile (position p's two vectors at half + 2p·w) through StoreTile.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static unsafe void StoreHalf<TOps, TV>(in TileArgs t, float* y, int ox, float* half)
        where TOps : struct, IFloatVec<TV> where TV : struct
    {
        int w = TOps.Count;
        StoreTile<TOps, TV>(t, y, ox, TilePositions, TOps.Load(half), TOps.Load(half + w), TOps.Load(half + 2 * w), TOps.Load(half + 3 * w),
            TOps.Load(half + 4 * w), TOps.Load(half + 5 * w), TOps.Load(half + 6 * w), TOps.Load(half + 7 * w),
            TOps.Load(half + 8 * w), TOps.Load(half + 9 * w), TOps.Load(half + 10 * w), TOps.Load(half + 11 * w));
    }
}

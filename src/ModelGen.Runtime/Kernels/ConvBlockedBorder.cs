using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// The blocked convolution's border columns, one output position at a time. The checked 6-position tile computes six
/// positions whatever it stores, so a row's one or two padded columns on each side (a 3×3 or 5×5 window with pads 1 or
/// 2) cost it six positions' work each, through its per-position bounds tests: a fifth of super-resolution-10's
/// blocked-convolution time went there. Each position here sums the same terms in the same order as the checked tile
/// (zeros for the padding included), so the bits are the same.
/// </summary>
public static partial class Conv
{
    /// <summary>Border runs this short take the per-position path; longer ones the 6-position checked tile.</summary>
    private const int MaxBorderPositions = 2;

    /// <summary>Output positions ox .. ox + count - 1 of the tile's row and channel pair, each on its own, with checked taps.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void BorderPositions<TOps, TV>(in TileArgs t, float* x, float* y, int ox, int count)
        where TOps : struct, IFloatVec<TV> where TV : struct
    {
        ref readonly BlockedShape s = ref t.S;
        int colStride = s.InputColumnStride, kk = s.KH * s.KW * ChannelBlock, iy0 = t.Oy * s.SH - s.PadTop;
        float* xb = x + (nint)t.Batch * s.InputBatchStride;
        for (int p = 0; p < count; p++)
        {
            TV a0 = TOps.Load(t.Bias0), a1 = TOps.Load(t.Bias1);
            int ix0 = (ox + p) * s.SW - s.PadLeft;
            for (int ic = 0; ic < s.InChannels; ic++)
            {
                float* xc = xb + s.InputChannelOffset(ic);
                float* w0c = t.W0 + (nint)ic * kk, w1c = t.W1 + (nint)ic * kk;
                for (int kh = t.KhBegin; kh < t.KhEnd; kh++)
                {
                    float* xr = xc + (nint)(iy0 + kh) * s.InputRowStride + (nint)ix0 * colStride;
                    float* w0r = w0c + kh * s.KW * ChannelBlock, w1r = w1c + kh * s.KW * ChannelBlock;
                    for (int kw = 0; kw < s.KW; kw++)
                    {
                        TV v = TOps.Splat(Tap(xr + kw * colStride, 0, ix0 + kw, s.W, 1));
                        a0 = TOps.MulAdd(v, TOps.Load(w0r + kw * ChannelBlock), a0);
                        a1 = TOps.MulAdd(v, TOps.Load(w1r + kw * ChannelBlock), a1);
                    }
                }
            }
            StoreTile<TOps, TV>(t, y, ox + p, 1, a0, a1, a0, a1, a0, a1, a0, a1, a0, a1, a0, a1);
        }
    }
}

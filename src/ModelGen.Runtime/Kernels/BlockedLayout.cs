using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// The channel-blocked layout NCHW16c ([batch, ⌈C/16⌉, spatial..., 16]; channel c at block c/16, lane c%16) and the
/// reorders at the edges of a blocked chain: <see cref="ToBlocked"/> where a chain reads a plain tensor,
/// <see cref="FromBlocked"/> where the rest of the graph reads its result, and the weight packing that runs once at
/// load time. Lanes past the last channel are written as zeros by <see cref="ToBlocked"/> and never read.
/// </summary>
public static class BlockedLayout
{
    /// <summary>x [batch, channels, size] → y [batch, ⌈channels/16⌉, size, 16], the last block's spare lanes zero.</summary>
    /// <param name="x">Plain input.</param>
    /// <param name="y">Blocked output.</param>
    /// <param name="batch">Batch size.</param>
    /// <param name="channels">Channels.</param>
    /// <param name="size">Spatial positions (the product of the spatial dims).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void ToBlocked<T>(ReadOnlySpan<T> x, Span<T> y, int batch, int channels, int size) where T : unmanaged, INumber<T>
    {
        int blocks = Blocks(batch, channels, size);
        int block = Conv.ChannelBlock;
        Simd.Need(x.Length, (long)batch * channels * size, nameof(x));
        Simd.Need(y.Length, (long)batch * blocks * size * block, nameof(y));
        fixed (T* px = x, py = y)
            for (int b = 0; b < batch; b++)
                for (int cb = 0; cb < blocks; cb++)
                {
                    T* dst = py + (nint)(b * blocks + cb) * size * block;
                    int lanes = Math.Min(block, channels - cb * block);
                    if (lanes < block) new Span<T>(dst, size * block).Clear();
                    Transpose(px + (nint)(b * channels + cb * block) * size, 1, size, dst, block, 1, lanes, size);
                }
    }

    /// <summary>x [batch, ⌈channels/16⌉, size, 16] → y [batch, channels, size] (the spare lanes dropped).</summary>
    /// <param name="x">Blocked input.</param>
    /// <param name="y">Plain output.</param>
    /// <param name="batch">Batch size.</param>
    /// <param name="channels">Channels.</param>
    /// <param name="size">Spatial positions (the product of the spatial dims).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void FromBlocked<T>(ReadOnlySpan<T> x, Span<T> y, int batch, int channels, int size) where T : unmanaged, INumber<T>
    {
        int blocks = Blocks(batch, channels, size);
        int block = Conv.ChannelBlock;
        Simd.Need(x.Length, (long)batch * blocks * size * block, nameof(x));
        Simd.Need(y.Length, (long)batch * channels * size, nameof(y));
        fixed (T* px = x, py = y)
            for (int b = 0; b < batch; b++)
                for (int cb = 0; cb < blocks; cb++)
                {
                    T* src = px + (nint)(b * blocks + cb) * size * block;
                    T* dst = py + (nint)(b * channels + cb * block) * size;
                    Transpose(src, block, 1, dst, 1, size, Math.Min(block, channels - cb * block), size);
                }
    }

    /// <summary>
    /// dst[l·dstLane + p·dstPos] = src[p·srcPos + l·srcLane] for lanes l and positions p, by chunks of positions that
    /// stay in L1: each chunk's lanes are walked one after another, so the strided side is read or written from L1
    /// and the plane side streams (lane by lane over the whole tensor would touch every cache line 16 times).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Transpose<T>(T* src, nint srcPos, nint srcLane, T* dst, nint dstPos, nint dstLane, int lanes, int size) where T : unmanaged
    {
        const int Chunk = 64;
        for (int p0 = 0; p0 < size; p0 += Chunk)
        {
            int n = Math.Min(Chunk, size - p0);
            for (int l = 0; l < lanes; l++)
            {
                T* s = src + p0 * srcPos + l * srcLane;
                T* d = dst + p0 * dstPos + l * dstLane;
                for (int p = 0; p < n; p++) d[p * dstPos] = s[p * srcPos];
            }
        }
    }

    /// <summary>
    /// Conv weights w [outChannels, inChannels, kernel...] → [⌈outChannels/16⌉, inChannels, kernel..., 16]: for each
    /// tap, the 16 output channels of a block side by side, the vector the blocked kernel multiplies a broadcast input by.
    /// Spare lanes of the last block are zero. Runs once, in the load-time stage.
    /// </summary>
    /// <param name="w">Weights in ONNX's layout.</param>
    /// <param name="packed">The packed weights.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="taps">inChannels × the kernel's spatial size.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PackBlockedWeights<T>(ReadOnlySpan<T> w, Span<T> packed, int outChannels, int taps) where T : unmanaged, INumber<T>
    {
        int blocks = Blocks(1, outChannels, taps);
        int block = Conv.ChannelBlock;
        Simd.Need(w.Length, (long)outChannels * taps, nameof(w));
        Simd.Need(packed.Length, (long)blocks * taps * block, nameof(packed));
        packed.Slice(0, blocks * taps * block).Clear();
        for (int oc = 0; oc < outChannels; oc++)
        {
            var dst = packed.Slice(oc / block * taps * block + oc % block);
            var src = w.Slice(oc * taps, taps);
            for (int t = 0; t < taps; t++) dst[t * block] = src[t];
        }
    }

    private static int Blocks(int batch, int channels, int size)
    {
        if (batch < 0 || channels < 1 || size < 0) throw new ArgumentException("Blocked layouts need a non-negative batch and size and at least one channel.");
        long blocks = (channels + (long)Conv.ChannelBlock - 1) / Conv.ChannelBlock;
        if ((long)batch * blocks * Conv.ChannelBlock * Math.Max(size, 1) > int.MaxValue) throw new ArgumentException("The blocked tensor has more than int.MaxValue elements.");
        return (int)blocks;
    }
}

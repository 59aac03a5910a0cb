using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using ModelGen.Runtime.Threading;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// Direct 2-D convolution over the channel-blocked layout (NCHW16c: [batch, ⌈C/16⌉, H, W, 16], channel c at block
/// c/16, lane c%16), the layout the compiler chooses at build time for chains of convolutions
/// (<c>ai.modelgen::BlockedConv</c>). Each output row is computed in register tiles of
/// <see cref="TilePositions"/> positions × two vectors of output channels: every tap broadcasts one input value
/// and multiply-adds it into the tile, so the tile's 12 accumulators stay in registers over all input channels and
/// taps, and no im2col scratch is written. The input may be blocked or plain NCHW (the chain's first convolution
/// reads the model's tensor as it is), and so may the output (its last one writes NCHW for the rest of the graph).
/// Weights come packed once at load time by <see cref="BlockedLayout.PackBlockedWeights"/>. Float only; group 1, no dilation.
/// </summary>
public static partial class Conv
{
    /// <summary>Channels per block of the blocked layout: one 512-bit vector of floats.</summary>
    public const int ChannelBlock = 16;

    /// <summary>Output positions per register tile (each with two vectors of channels: 12 accumulators).</summary>
    internal const int TilePositions = 6;

    /// <summary><see cref="Blocked{T, TEpilogue}"/> without an epilogue.</summary>
    /// <param name="x">Input: [batch, ⌈inChannels/16⌉, inH, inW, 16] when <paramref name="inputBlocked"/>, else [batch, inChannels, inH, inW].</param>
    /// <param name="w">Weights from <see cref="BlockedLayout.PackBlockedWeights"/>: [⌈outChannels/16⌉, inChannels, kH, kW, 16].</param>
    /// <param name="bias">Bias [outChannels], or empty.</param>
    /// <param name="y">Output: [batch, ⌈outChannels/16⌉, outH, outW, 16] when <paramref name="outputBlocked"/>, else [batch, outChannels, outH, outW].</param>
    /// <param name="inputBlocked">Whether x is blocked.</param>
    /// <param name="outputBlocked">Whether y is blocked.</param>
    /// <param name="batch">Batch size.</param>
    /// <param name="inChannels">Input channels.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="inSpatial">Input spatial dims (2).</param>
    /// <param name="kernel">Kernel spatial dims (2).</param>
    /// <param name="outSpatial">Output spatial dims (2).</param>
    /// <param name="strides">Strides (2).</param>
    /// <param name="dilations">Dilations (2), all 1.</param>
    /// <param name="padsBegin">Leading pads (2); end padding is implied by outSpatial.</param>
    /// <param name="threads">The model's thread budget (null: the calling thread only); any budget gives the same bits.</param>
    public static void Blocked<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> bias, Span<T> y, bool inputBlocked, bool outputBlocked,
        int batch, int inChannels, int outChannels, ReadOnlySpan<int> inSpatial, ReadOnlySpan<int> kernel, ReadOnlySpan<int> outSpatial,
        ReadOnlySpan<int> strides, ReadOnlySpan<int> dilations, ReadOnlySpan<int> padsBegin, ParallelRange? threads = null) where T : unmanaged, INumber<T> =>
        Blocked<T, NoEpilogue<T>>(x, w, bias, default, y, inputBlocked, outputBlocked, batch, inChannels, outChannels, inSpatial, kernel, outSpatial,
            strides, dilations, padsBegin, threads);

    /// <summary>
    /// The blocked direct convolution followed by a one-operand epilogue (a fused activation), applied to each output
    /// row of a block (or of a channel plane, for a plain output) as soon as it is complete.
    /// </summary>
    /// <param name="x">Input: [batch, ⌈inChannels/16⌉, inH, inW, 16] when <paramref name="inputBlocked"/>, else [batch, inChannels, inH, inW].</param>
    /// <param name="w">Weights from <see cref="BlockedLayout.PackBlockedWeights"/>: [⌈outChannels/16⌉, inChannels, kH, kW, 16].</param>
    /// <param name="bias">Bias [outChannels], or empty.</param>
    /// <param name="residual">Must be empty: the blocked kernel takes no residual.</param>
    /// <param name="y">Output: [batch, ⌈outChannels/16⌉, outH, outW, 16] when <paramref name="outputBlocked"/>, else [batch, outChannels, outH, outW].</param>
    /// <param name="inputBlocked">Whether x is blocked.</param>
    /// <param name="outputBlocked">Whether y is blocked.</param>
    /// <param name="batch">Batch size.</param>
    /// <param name="inChannels">Input channels.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="inSpatial">Input spatial dims (2).</param>
    /// <param name="kernel">Kernel spatial dims (2).</param>
    /// <param name="outSpatial">Output spatial dims (2).</param>
    /// <param name="strides">Strides (2).</param>
    /// <param name="dilations">Dilations (2), all 1.</param>
    /// <param name="padsBegin">Leading pads (2); end padding is implied by outSpatial.</param>
    /// <param name="threads">The model's thread budget (null: the calling thread only); any budget gives the same bits.</param>
    public static unsafe void Blocked<T, TEpilogue>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> bias, ReadOnlySpan<T> residual, Span<T> y,
        bool inputBlocked, bool outputBlocked, int batch, int inChannels, int outChannels, ReadOnlySpan<int> inSpatial, ReadOnlySpan<int> kernel,
        ReadOnlySpan<int> outSpatial, ReadOnlySpan<int> strides, ReadOnlySpan<int> dilations, ReadOnlySpan<int> padsBegin, ParallelRange? threads = null)
        where T : unmanaged, INumber<T> where TEpilogue : struct, IEpilogue<T>
    {
        if (typeof(T) != typeof(float)) throw new NotSupportedException("The blocked convolution is float only.");
        if (!residual.IsEmpty) throw new ArgumentException("The blocked convolution takes no residual.", nameof(residual));
        var s = BlockedShape.Of(inputBlocked, outputBlocked, batch, inChannels, outChannels, inSpatial, kernel, outSpatial, strides, dilations, padsBegin);
        Simd.Need(x.Length, s.InputLength, nameof(x));
        Simd.Need(w.Length, (long)s.OutBlocks * inChannels * s.KH * s.KW * ChannelBlock, nameof(w));
        Simd.Need(y.Length, s.OutputLength, nameof(y));
        if (!bias.IsEmpty) Simd.Need(bias.Length, outChannels, nameof(bias));
        int units = s.Units;
        long work = (long)units * 2 * ChannelBlock * s.OW * inChannels * s.KH * s.KW;
        fixed (T* px = x, pw = w, pb = bias, py = y)
        {
            var job = new BlockedJob<T, TEpilogue> { Shape = s, X = (float*)px, W = (float*)pw, Bias = bias.IsEmpty ? null : (float*)pb, Y = (float*)py, YLength = y.Length };
            ParallelRange.For(threads, units, work, job);
        }
    }

    /// <summary>The sizes and strides of one blocked convolution, checked once; unmanaged, so a job can carry it.</summary>
    internal readonly struct BlockedShape
    {
        public readonly int Batch, InChannels, OutChannels, H, W, KH, KW, OH, OW, SH, SW, PadTop, PadLeft;
        public readonly bool InputBlocked, OutputBlocked;

        private BlockedShape(bool inputBlocked, bool outputBlocked, int batch, int inChannels, int outChannels, int h, int w, int kh, int kw, int oh, int ow,
            int sh, int sw, int padTop, int padLeft)
        {
            InputBlocked = inputBlocked; OutputBlocked = outputBlocked; Batch = batch; InChannels = inChannels; OutChannels = outChannels;
            H = h; W = w; KH = kh; KW = kw; OH = oh; OW = ow; SH = sh; SW = sw; PadTop = padTop; PadLeft = padLeft;
        }

        public static BlockedShape Of(bool inputBlocked, bool outputBlocked, int batch, int inChannels, int outChannels, ReadOnlySpan<int> inSpatial,
            ReadOnlySpan<int> kernel, ReadOnlySpan<int> outSpatial, ReadOnlySpan<int> strides, ReadOnlySpan<int> dilations, ReadOnlySpan<int> padsBegin)
        {
            if (inSpatial.Length != 2 || kernel.Length != 2 || outSpatial.Length != 2 || strides.Length != 2 || dilations.Length != 2 || padsBegin.Length != 2)
                throw new ArgumentException("The blocked convolution is 2-D: every spatial list needs two entries.");
            if (dilations[0] != 1 || dilations[1] != 1) throw new ArgumentException("The blocked convolution has no dilation.", nameof(dilations));
            if (batch < 0 || inChannels < 1 || outChannels < 1 || kernel[0] < 1 || kernel[1] < 1 || strides[0] < 1 || strides[1] < 1 ||
                padsBegin[0] < 0 || padsBegin[1] < 0 || inSpatial[0] < 0 || inSpatial[1] < 0 || outSpatial[0] < 0 || outSpatial[1] < 0)
                throw new ArgumentException("Blocked convolution sizes must be positive (pads and spatial dims non-negative).");
            return new BlockedShape(inputBlocked, outputBlocked, batch, inChannels, outChannels, inSpatial[0], inSpatial[1], kernel[0], kernel[1],
                outSpatial[0], outSpatial[1], strides[0], strides[1], padsBegin[0], padsBegin[1]);
        }

        public int InBlocks => (InChannels + ChannelBlock - 1) / ChannelBlock;
        public int OutBlocks => (OutChannels + ChannelBlock - 1) / ChannelBlock;

        /// <summary>Pairs of output blocks: a unit of work is one row of one pair (two blocks, or the last one alone).</summary>
        public int Pairs => (OutBlocks + 1) / 2;
        public int Units => Batch * Pairs * OH;

        public long InputLength => InputBlocked ? (long)Batch * InBlocks * H * W * ChannelBlock : (long)Batch * InChannels * H * W;
        public long OutputLength => OutputBlocked ? (long)Batch * OutBlocks * OH * OW * ChannelBlock : (long)Batch * OutChannels * OH * OW;

        /// <summary>Input channel c's offset in its batch item: block and lane (blocked) or plane (plain).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int InputChannelOffset(int c) => InputBlocked ? c / ChannelBlock * H * W * ChannelBlock + c % ChannelBlock : c * H * W;

        /// <summary>Floats between horizontally adjacent input values of one channel.</summary>
        public int InputColumnStride => InputBlocked ? ChannelBlock : 1;
        public int InputRowStride => W * InputColumnStride;
        public int InputBatchStride => InputBlocked ? InBlocks * H * W * ChannelBlock : InChannels * H * W;

        /// <summary>First output column whose taps all fall inside the input row, and one past the last.</summary>
        public int InteriorBegin => Math.Min(OW, (PadLeft + SW - 1) / SW);
        public int InteriorEnd => Math.Max(InteriorBegin, Math.Min(OW, W - KW + PadLeft < 0 ? 0 : (W - KW + PadLeft) / SW + 1));
    }

    private unsafe struct BlockedJob<T, TEpilogue> : IRangeJob where T : unmanaged where TEpilogue : struct, IEpilogue<T>
    {
        public BlockedShape Shape;
        public float* X, W, Bias, Y;
        public int YLength;

        public void Execute(int start, int end, int part)
        {
            if (Vector512.IsHardwareAccelerated) BlockedUnits<F512, Vector512<float>, T, TEpilogue>(Shape, X, W, Bias, Y, YLength, start, end);
            else if (Vector256.IsHardwareAccelerated) BlockedUnits<F256, Vector256<float>, T, TEpilogue>(Shape, X, W, Bias, Y, YLength, start, end);
            else if (Vector128.IsHardwareAccelerated) BlockedUnits<F128, Vector128<float>, T, TEpilogue>(Shape, X, W, Bias, Y, YLength, start, end);
            else BlockedUnitsScalar<T, TEpilogue>(Shape, X, W, Bias, Y, YLength, start, end);
        }
    }

    /// <summary>
    /// Units [start, end): each one output row of one pair of output blocks, by channel groups of two vectors
    /// (32 channels at 512 bits, 16 at 256, 8 at 128), left border, interior tiles, then right border and tail.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void BlockedUnits<TOps, TV, T, TEpilogue>(in BlockedShape s, float* x, float* w, float* bias, float* y, int yLength, int start, int end)
        where TOps : struct, IFloatVec<TV> where TV : struct where T : unmanaged where TEpilogue : struct, IEpilogue<T>
    {
        int vc = TOps.Count, groupChannels = 2 * vc;
        int interiorBegin = s.InteriorBegin, interiorEnd = s.InteriorEnd;
        float* biasPair = stackalloc float[2 * ChannelBlock];
        // Interior tiles walk (input channel, tap) with the taps' input offsets from a table; kernels past the table's
        // size (none the compiler has met) keep the nested kh, kw loops.
        int taps = s.KH * s.KW;
        bool flat = taps <= MaxFlatTaps;
        int* tapOffsets = stackalloc int[flat ? taps : 1];
        if (flat)
            for (int kh = 0; kh < s.KH; kh++)
                for (int kw = 0; kw < s.KW; kw++) tapOffsets[kh * s.KW + kw] = kh * s.InputRowStride + kw * s.InputColumnStride;
        int step = s.SW * s.InputColumnStride;
        // The 12-position tiles (512-bit only) walk every (input channel, tap) in one branchless loop, the input offsets
        // from this table (with a nested loop the JIT kept half their accumulators on the stack).
        int pairs = s.InChannels * taps;
        bool twelve = typeof(TOps) == typeof(F512) && flat && pairs <= MaxTwelvePairs;
        int* pairTable = stackalloc int[twelve ? pairs : 1];
        int* pairOffsets = twelve ? pairTable : null;
        if (twelve)
            for (int ic = 0; ic < s.InChannels; ic++)
                for (int tap = 0; tap < taps; tap++) pairOffsets[ic * taps + tap] = s.InputChannelOffset(ic) + tapOffsets[tap];
        for (int unit = start; unit < end; unit++)
        {
            int oy = unit % s.OH, pair = unit / s.OH % s.Pairs, b = unit / (s.OH * s.Pairs);
            int c0 = pair * 2 * ChannelBlock, cEnd = Math.Min(s.OutBlocks * ChannelBlock, c0 + 2 * ChannelBlock);
            for (int i = 0; i < 2 * ChannelBlock; i++) biasPair[i] = bias != null && c0 + i < s.OutChannels ? bias[c0 + i] : 0f;
            int iy0 = oy * s.SH - s.PadTop;
            int khBegin = Math.Max(0, -iy0), khEnd = Math.Min(s.KH, s.H - iy0);
            for (int g = c0; g < cEnd; g += groupChannels)
            {
                // The second vector's channels may lie past the last block (512 bits, odd block count): it then repeats the first and is not stored.
                bool second = g + vc < cEnd;
                var t = new TileArgs(s, b, oy, g, second ? g + vc : g, second, khBegin, khEnd, w, biasPair + (g - c0), biasPair + (second ? g + vc - c0 : g - c0));
                int ox = 0;
                for (int n; ox < interiorBegin; ox += n) CheckedColumns<TOps, TV>(t, x, y, ox, n = Math.Min(TilePositions, interiorBegin - ox));
                if (!flat) for (; ox + TilePositions <= interiorEnd; ox += TilePositions) BlockedTile<TOps, TV, Unchecked>(t, x, y, ox, TilePositions);
                else if (step == ChannelBlock) ox = InteriorTiles<TOps, TV, Step16>(t, x, y, ox, interiorEnd, tapOffsets, pairOffsets, step);
                else if (step == 1) ox = InteriorTiles<TOps, TV, Step1>(t, x, y, ox, interiorEnd, tapOffsets, pairOffsets, step);
                else ox = InteriorTiles<TOps, TV, StepAny>(t, x, y, ox, interiorEnd, tapOffsets, pairOffsets, step);
                for (int n; ox < s.OW; ox += n) CheckedColumns<TOps, TV>(t, x, y, ox, n = Math.Min(TilePositions, s.OW - ox));
            }
            if (!TEpilogue.IsIdentity) ApplyRowEpilogue<T, TEpilogue>(s, y, yLength, b, oy, c0, cEnd);
        }
    }

    /// <summary>Applies the epilogue to the unit's finished row: one contiguous row per block, or one plane row per channel.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void ApplyRowEpilogue<T, TEpilogue>(in BlockedShape s, float* y, int yLength, int b, int oy, int c0, int cEnd)
        where T : unmanaged where TEpilogue : struct, IEpilogue<T>
    {
        var output = new Span<T>(y, yLength);
        if (s.OutputBlocked)
            for (int c = c0; c < cEnd; c += ChannelBlock)
                TEpilogue.Apply(output, default, ((b * s.OutBlocks + c / ChannelBlock) * s.OH + oy) * s.OW * ChannelBlock, s.OW * ChannelBlock);
        else
            for (int c = c0; c < Math.Min(cEnd, s.OutChannels); c++)
                TEpilogue.Apply(output, default, ((b * s.OutChannels + c) * s.OH + oy) * s.OW, s.OW);
    }

    /// <summary>What a tile needs besides its column: the row, the channel group's two weight streams and bias vectors.</summary>
    private readonly unsafe struct TileArgs
    {
        public readonly BlockedShape S;
        public readonly int Batch, Oy, Channel0, Channel1, KhBegin, KhEnd;
        public readonly bool Second;
        public readonly float* W0, W1, Bias0, Bias1;

        public TileArgs(in BlockedShape s, int batch, int oy, int channel0, int channel1, bool second, int khBegin, int khEnd, float* w, float* bias0, float* bias1)
        {
            S = s; Batch = batch; Oy = oy; Channel0 = channel0; Channel1 = channel1; Second = second; KhBegin = khBegin; KhEnd = khEnd;
            int taps = s.InChannels * s.KH * s.KW * ChannelBlock;
            // Packed weights: [outBlock][inChannel][kh][kw][lane]; a vector's weights start at its block and first lane.
            W0 = w + channel0 / ChannelBlock * taps + channel0 % ChannelBlock;
            W1 = w + channel1 / ChannelBlock * taps + channel1 % ChannelBlock;
            Bias0 = bias0; Bias1 = bias1;
        }
    }

    private interface IBoundsCheck { static abstract bool On { get; } }
    private struct Checked : IBoundsCheck { public static bool On => true; }
    private struct Unchecked : IBoundsCheck { public static bool On => false; }

    /// <summary>
    /// One register tile: <paramref name="count"/> (at most 6) output positions from column <paramref name="ox"/>, by the
    /// group's two vectors of channels. Unchecked tiles lie inside the input row; checked ones test every column and
    /// read zero outside it (the padding), and positions past count are computed but not stored.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    private static unsafe void BlockedTile<TOps, TV, TCheck>(in TileArgs t, float* x, float* y, int ox, int count)
        where TOps : struct, IFloatVec<TV> where TV : struct where TCheck : struct, IBoundsCheck
    {
        ref readonly BlockedShape s = ref t.S;
        TV a00 = TOps.Load(t.Bias0), a01 = TOps.Load(t.Bias1);
        TV a10 = a00, a11 = a01, a20 = a00, a21 = a01, a30 = a00, a31 = a01, a40 = a00, a41 = a01, a50 = a00, a51 = a01;
        int colStride = s.InputColumnStride, step = s.SW * colStride, kk = s.KH * s.KW * ChannelBlock;
        int ix0 = ox * s.SW - s.PadLeft, iy0 = t.Oy * s.SH - s.PadTop;
        float* xb = x + (nint)t.Batch * s.InputBatchStride;
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
                    float* xp = xr + kw * colStride;
                    if (TCheck.On)
                    {
                        TV w0 = TOps.Load(w0r + kw * ChannelBlock), w1 = TOps.Load(w1r + kw * ChannelBlock);
                        int ix = ix0 + kw;
                        TV v;
                        v = TOps.Splat(Tap(xp, 0, ix, s.W, count)); a00 = TOps.MulAdd(v, w0, a00); a01 = TOps.MulAdd(v, w1, a01);
                        v = TOps.Splat(Tap(xp, step, ix + s.SW, s.W, count - 1)); a10 = TOps.MulAdd(v, w0, a10); a11 = TOps.MulAdd(v, w1, a11);
                        v = TOps.Splat(Tap(xp, 2 * step, ix + 2 * s.SW, s.W, count - 2)); a20 = TOps.MulAdd(v, w0, a20); a21 = TOps.MulAdd(v, w1, a21);
                        v = TOps.Splat(Tap(xp, 3 * step, ix + 3 * s.SW, s.W, count - 3)); a30 = TOps.MulAdd(v, w0, a30); a31 = TOps.MulAdd(v, w1, a31);
                        v = TOps.Splat(Tap(xp, 4 * step, ix + 4 * s.SW, s.W, count - 4)); a40 = TOps.MulAdd(v, w0, a40); a41 = TOps.MulAdd(v, w1, a41);
                        v = TOps.Splat(Tap(xp, 5 * step, ix + 5 * s.SW, s.W, count - 5)); a50 = TOps.MulAdd(v, w0, a50); a51 = TOps.MulAdd(v, w1, a51);
                    }
                    else
                        TapStep<TOps, TV>(w0r + kw * ChannelBlock, (nint)(w1r - w0r), xp, step,
                            ref a00, ref a01, ref a10, ref a11, ref a20, ref a21, ref a30, ref a31, ref a40, ref a41, ref a50, ref a51);
                }
            }
        }
        StoreTile<TOps, TV>(t, y, ox, count, a00, a01, a10, a11, a20, a21, a30, a31, a40, a41, a50, a51);
    }

    /// <summary>Columns the interior tiles do not cover: one or two by the per-position path, more by the checked tile.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void CheckedColumns<TOps, TV>(in TileArgs t, float* x, float* y, int ox, int count)
        where TOps : struct, IFloatVec<TV> where TV : struct
    {
        if (count <= MaxBorderPositions) BorderPositions<TOps, TV>(t, x, y, ox, count);
        else BlockedTile<TOps, TV, Checked>(t, x, y, ox, count);
    }

    /// <summary>Most taps (kH·kW) for which the interior tiles take their offsets from a stack table.</summary>
    private const int MaxFlatTaps = 1024;

    /// <summary>The distance between a tile's neighbouring positions in the input, as a type where it is a constant.</summary>
    private interface IPositionStep { static abstract nint Of(int step); }
    /// <summary>Blocked input, stride 1: positions 16 floats apart, so the broadcasts address with constant offsets.</summary>
    private struct Step16 : IPositionStep { public static nint Of(int step) => ChannelBlock; }
    /// <summary>Plain input, stride 1 (a chain's first convolution).</summary>
    private struct Step1 : IPositionStep { public static nint Of(int step) => 1; }
    private struct StepAny : IPositionStep { public static nint Of(int step) => step; }

    /// <summary>
    /// A full tile inside the input row and all of the unit's kernel rows: <see cref="BlockedTile{TOps, TV, TCheck}"/>
    /// unchecked, with the kh and kw loops flattened into one over the taps (weights consecutive, input offsets from
    /// <paramref name="tapOffsets"/>): a 3×3 kernel's inner loop ran three iterations between its loop-control
    /// instructions, and the blocked 64→64 convolution reached 56% of the AVX2 FMA peak (Zen 3). The sums are taken in
    /// the same order, so the bits are the same.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    private static unsafe void InteriorTile<TOps, TV, TStep>(in TileArgs t, float* x, float* y, int ox, int* tapOffsets, int runtimeStep)
        where TOps : struct, IFloatVec<TV> where TV : struct where TStep : struct, IPositionStep
    {
        ref readonly BlockedShape s = ref t.S;
        TV a00 = TOps.Load(t.Bias0), a01 = TOps.Load(t.Bias1);
        TV a10 = a00, a11 = a01, a20 = a00, a21 = a01, a30 = a00, a31 = a01, a40 = a00, a41 = a01, a50 = a00, a51 = a01;
        nint step = TStep.Of(runtimeStep), w1Offset = (nint)(t.W1 - t.W0);
        int kk = s.KH * s.KW * ChannelBlock, tapBegin = t.KhBegin * s.KW, tapEnd = t.KhEnd * s.KW;
        float* xb = x + (nint)t.Batch * s.InputBatchStride + (nint)(t.Oy * s.SH - s.PadTop) * s.InputRowStride + (nint)(ox * s.SW - s.PadLeft) * s.InputColumnStride;
        for (int ic = 0; ic < s.InChannels; ic++)
        {
            float* xc = xb + s.InputChannelOffset(ic);
            float* w0 = t.W0 + (nint)ic * kk + tapBegin * ChannelBlock;
            for (int tap = tapBegin; tap < tapEnd; tap++, w0 += ChannelBlock)
                TapStep<TOps, TV>(w0, w1Offset, xc + tapOffsets[tap], step, ref a00, ref a01, ref a10, ref a11, ref a20, ref a21, ref a30, ref a31, ref a40, ref a41, ref a50, ref a51);
        }
        StoreTile<TOps, TV>(t, y, ox, TilePositions, a00, a01, a10, a11, a20, a21, a30, a31, a40, a41, a50, a51);
    }

    /// <summary>One tap of a tile: the two weight vectors (w0, and w0 + w1Offset) times the six positions' inputs from xp, step apart.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void TapStep<TOps, TV>(float* w0, nint w1Offset, float* xp, nint step,
        ref TV a00, ref TV a01, ref TV a10, ref TV a11, ref TV a20, ref TV a21, ref TV a30, ref TV a31, ref TV a40, ref TV a41, ref TV a50, ref TV a51)
        where TOps : struct, IFloatVec<TV> where TV : struct =>
        TapStep<TOps, TV>(TOps.Load(w0), TOps.Load(w0 + w1Offset), xp, step, ref a00, ref a01, ref a10, ref a11, ref a20, ref a21, ref a30, ref a31, ref a40, ref a41, ref a50, ref a51);

    /// <summary>One tap of six positions with the tap's two weight vectors loaded (the 12-position tile shares them between its halves).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void TapStep<TOps, TV>(TV v0, TV v1, float* xp, nint step,
        ref TV a00, ref TV a01, ref TV a10, ref TV a11, ref TV a20, ref TV a21, ref TV a30, ref TV a31, ref TV a40, ref TV a41, ref TV a50, ref TV a51)
        where TOps : struct, IFloatVec<TV> where TV : struct
    {
        TV v = TOps.Splat(xp[0]); a00 = TOps.MulAdd(v, v0, a00); a01 = TOps.MulAdd(v, v1, a01);
        v = TOps.Splat(xp[step]); a10 = TOps.MulAdd(v, v0, a10); a11 = TOps.MulAdd(v, v1, a11);
        v = TOps.Splat(xp[2 * step]); a20 = TOps.MulAdd(v, v0, a20); a21 = TOps.MulAdd(v, v1, a21);
        v = TOps.Splat(xp[3 * step]); a30 = TOps.MulAdd(v, v0, a30); a31 = TOps.MulAdd(v, v1, a31);
        v = TOps.Splat(xp[4 * step]); a40 = TOps.MulAdd(v, v0, a40); a41 = TOps.MulAdd(v, v1, a41);
        v = TOps.Splat(xp[5 * step]); a50 = TOps.MulAdd(v, v0, a50); a51 = TOps.MulAdd(v, v1, a51);
    }

    /// <summary>The input value of a checked tile's position: zero left or right of the row and for positions past the tile's count.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe float Tap(float* xp, int offset, int ix, int width, int remaining) =>
        remaining > 0 && (uint)ix < (uint)width ? xp[offset] : 0f;

    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    private static unsafe void StoreTile<TOps, TV>(in TileArgs t, float* y, int ox, int count,
        TV a00, TV a01, TV a10, TV a11, TV a20, TV a21, TV a30, TV a31, TV a40, TV a41, TV a50, TV a51)
        where TOps : struct, IFloatVec<TV> where TV : struct
    {
        ref readonly BlockedShape s = ref t.S;
        if (s.OutputBlocked && count == TilePositions)
        {
            float* y0 = y + BlockedOutputOffset(s, t.Batch, t.Oy, ox, t.Channel0);
            TOps.Store(a00, y0); TOps.Store(a10, y0 + ChannelBlock); TOps.Store(a20, y0 + 2 * ChannelBlock);
            TOps.Store(a30, y0 + 3 * ChannelBlock); TOps.Store(a40, y0 + 4 * ChannelBlock); TOps.Store(a50, y0 + 5 * ChannelBlock);
            if (!t.Second) return;
            float* y1 = y + BlockedOutputOffset(s, t.Batch, t.Oy, ox, t.Channel1);
            TOps.Store(a01, y1); TOps.Store(a11, y1 + ChannelBlock); TOps.Store(a21, y1 + 2 * ChannelBlock);
            TOps.Store(a31, y1 + 3 * ChannelBlock); TOps.Store(a41, y1 + 4 * ChannelBlock); TOps.Store(a51, y1 + 5 * ChannelBlock);
            return;
        }
        // A partial tile, or a plain output: through a small buffer, position by position and lane by lane.
        int vc = TOps.Count;
        float* tile = stackalloc float[2 * TilePositions * ChannelBlock];
        TOps.Store(a00, tile); TOps.Store(a01, tile + vc); TOps.Store(a10, tile + 2 * vc); TOps.Store(a11, tile + 3 * vc);
        TOps.Store(a20, tile + 4 * vc); TOps.Store(a21, tile + 5 * vc); TOps.Store(a30, tile + 6 * vc); TOps.Store(a31, tile + 7 * vc);
        TOps.Store(a40, tile + 8 * vc); TOps.Store(a41, tile + 9 * vc); TOps.Store(a50, tile + 10 * vc); TOps.Store(a51, tile + 11 * vc);
        for (int p = 0; p < count; p++)
            for (int v = 0; v < (t.Second ? 2 : 1); v++)
                StoreLanes(s, y, t.Batch, t.Oy, ox + p, v == 0 ? t.Channel0 : t.Channel1, tile + (2 * p + v) * vc, vc);
    }

    /// <summary>Stores <paramref name="lanes"/> consecutive channels from <paramref name="channel"/> of one output position (plain outputs skip channels past the last).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void StoreLanes(in BlockedShape s, float* y, int b, int oy, int ox, int channel, float* values, int lanes)
    {
        if (s.OutputBlocked)
        {
            float* dst = y + BlockedOutputOffset(s, b, oy, ox, channel);
            for (int l = 0; l < lanes; l++) dst[l] = values[l];
            return;
        }
        int plane = s.OH * s.OW;
        float* first = y + ((nint)b * s.OutChannels * s.OH + oy) * s.OW + ox;
        for (int l = 0; l < lanes && channel + l < s.OutChannels; l++) first[(nint)(channel + l) * plane] = values[l];
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static nint BlockedOutputOffset(in BlockedShape s, int b, int oy, int ox, int channel) =>
        ((((nint)b * s.OutBlocks + channel / ChannelBlock) * s.OH + oy) * s.OW + ox) * ChannelBlock + channel % ChannelBlock;

    /// <summary>
    /// The scalar twin (no 128-bit SIMD): the same units, each output value summed over input channels and taps in
    /// the vector paths' order, so the results agree with them up to fused versus separate multiply-adds.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void BlockedUnitsScalar<T, TEpilogue>(in BlockedShape s, float* x, float* w, float* bias, float* y, int yLength, int start, int end)
        where T : unmanaged where TEpilogue : struct, IEpilogue<T>
    {
        int kk = s.KH * s.KW * ChannelBlock;
        for (int unit = start; unit < end; unit++)
        {
            int oy = unit % s.OH, pair = unit / s.OH % s.Pairs, b = unit / (s.OH * s.Pairs);
            int c0 = pair * 2 * ChannelBlock, cEnd = Math.Min(s.OutBlocks * ChannelBlock, c0 + 2 * ChannelBlock);
            float* xb = x + (nint)b * s.InputBatchStride;
            for (int c = c0; c < cEnd; c++)
            {
                float* wc = w + c / ChannelBlock * s.InChannels * kk + c % ChannelBlock;
                for (int ox = 0; ox < s.OW; ox++)
                {
                    float sum = bias != null && c < s.OutChannels ? bias[c] : 0f;
                    for (int ic = 0; ic < s.InChannels; ic++)
                        for (int kh = 0; kh < s.KH; kh++)
                        {
                            int iy = oy * s.SH - s.PadTop + kh;
                            if ((uint)iy >= (uint)s.H) continue;
                            for (int kw = 0; kw < s.KW; kw++)
                            {
                                int ix = ox * s.SW - s.PadLeft + kw;
                                if ((uint)ix >= (uint)s.W) continue;
                                sum += xb[s.InputChannelOffset(ic) + (nint)iy * s.InputRowStride + (nint)ix * s.InputColumnStride] *
                                       wc[ic * kk + (kh * s.KW + kw) * ChannelBlock];
                            }
                        }
                    StoreLanes(s, y, b, oy, ox, c, &sum, 1);
                }
            }
            if (!TEpilogue.IsIdentity) ApplyRowEpilogue<T, TEpilogue>(s, y, yLength, b, oy, c0, cEnd);
        }
    }
}

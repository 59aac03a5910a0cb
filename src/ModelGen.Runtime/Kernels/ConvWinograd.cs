using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using ModelGen.Runtime.Threading;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// The 3×3 stride-1 convolution by Winograd F(4×4, 3×3): the output in 4×4 tiles, each from a 6×6 input tile, with
/// 36 multiplications per pair of channels where the direct tile has 144. Per block of <see cref="WinogradBlock"/>
/// tiles: each input channel's tiles are transformed (<see cref="InputTiles{TOps, TV}"/>), then the 36 points are 36
/// products [outChannels × inChannels]·[inChannels × tiles] on the GEMM's register tiles (B read in place, as the
/// shifted convolution reads it), then each output channel's tiles are transformed back, biased and written out, and
/// the epilogue (a residual Add included) runs over the rows they cover. The transformed filters come from
/// <see cref="WinogradWeights{T}"/> at load time. The sums are not the direct convolution's: the transforms round differently, by a few float steps of the largest
/// term (the tests compare against ONNX Runtime's direct convolution with a tolerance).
/// </summary>
public static partial class Conv
{
    /// <summary>Tiles per block: one 48-wide register panel (three 512-bit vectors; two or four panels of narrower ones).</summary>
    public const int WinogradBlock = 48;

    /// <summary>Floats of the padded planes <see cref="Winograd{T, TEpilogue}"/> takes as scratch: each plane rounded up to whole tiles, plus the halo.</summary>
    public static int WinogradPaddedLength(int inChannels, int outH, int outW) => inChannels * (4 * ((outH + 3) / 4) + 2) * (4 * ((outW + 3) / 4) + 2);

    /// <summary>Floats of one block's scratch: the transformed input and products of its tiles, and the transforms' stages.</summary>
    public static int WinogradBlockLength(int inChannels, int outChannels) => WinogradBlock * WinogradPoints * (inChannels + outChannels + 2);

    /// <summary>y = conv(x, w) + bias, 3×3, stride 1, by Winograd F(4×4, 3×3), with no epilogue.</summary>
    public static void Winograd<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> u, ReadOnlySpan<T> bias, Span<T> y, Span<T> padded, Span<T> block,
        int batch, int inChannels, int outChannels, ReadOnlySpan<int> inSpatial, ReadOnlySpan<int> outSpatial, ReadOnlySpan<int> padsBegin,
        ParallelRange? threads = null) where T : unmanaged, INumber<T> =>
        Winograd<T, NoEpilogue<T>>(x, u, bias, default, y, padded, block, batch, inChannels, outChannels, inSpatial, outSpatial, padsBegin, threads);

    /// <summary>
    /// y = conv(x, w) + bias for a 3×3 kernel at stride 1 and dilation 1 (group 1), by Winograd F(4×4, 3×3), then the
    /// epilogue on the output rows of each block's tiles as soon as they are written; float only.
    /// </summary>
    /// <param name="x">Input [batch, inChannels, inH, inW].</param>
    /// <param name="u">Filters transformed by <see cref="WinogradWeights{T}"/>: [36, outChannels, inChannels].</param>
    /// <param name="bias">Bias [outChannels], or empty.</param>
    /// <param name="residual">The epilogue's second operand, y's shape, or empty.</param>
    /// <param name="y">Output [batch, outChannels, outH, outW].</param>
    /// <param name="padded">Scratch: <see cref="WinogradPaddedLength"/> floats.</param>
    /// <param name="block">Scratch: <see cref="WinogradBlockLength"/> floats (the first thread's block).</param>
    /// <param name="batch">Batch size.</param>
    /// <param name="inChannels">Input channels.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="inSpatial">Input spatial dims (2).</param>
    /// <param name="outSpatial">Output spatial dims (2): inH + pads − 2 and inW + pads − 2.</param>
    /// <param name="padsBegin">Leading pads (2); end padding is implied by outSpatial.</param>
    /// <param name="threads">The model's thread budget (null: the calling thread only); any budget gives the same bits.</param>
    public static void Winograd<T, TEpilogue>(ReadOnlySpan<T> x, ReadOnlySpan<T> u, ReadOnlySpan<T> bias, ReadOnlySpan<T> residual, Span<T> y,
        Span<T> padded, Span<T> block, int batch, int inChannels, int outChannels, ReadOnlySpan<int> inSpatial, ReadOnlySpan<int> outSpatial,
        ReadOnlySpan<int> padsBegin, ParallelRange? threads = null)
        where T : unmanaged, INumber<T> where TEpilogue : struct, IEpilogue<T> =>
        WinogradCore<T, TEpilogue>(x, u, bias, residual, y, padded, block, batch, inChannels, outChannels, inSpatial, outSpatial, padsBegin, threads, scalarTwin: false);

    /// <summary><see cref="Winograd{T, TEpilogue}"/>, with the transforms' scalar twin when <paramref name="scalarTwin"/> (for its tests).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void WinogradCore<T, TEpilogue>(ReadOnlySpan<T> x, ReadOnlySpan<T> u, ReadOnlySpan<T> bias, ReadOnlySpan<T> residual, Span<T> y,
        Span<T> padded, Span<T> block, int batch, int inChannels, int outChannels, ReadOnlySpan<int> inSpatial, ReadOnlySpan<int> outSpatial,
        ReadOnlySpan<int> padsBegin, ParallelRange? threads, bool scalarTwin)
        where T : unmanaged, INumber<T> where TEpilogue : struct, IEpilogue<T>
    {
        if (typeof(T) != typeof(float)) throw new NotSupportedException("Conv.Winograd computes float convolutions only.");
        if (inSpatial.Length != 2 || outSpatial.Length != 2 || padsBegin.Length < 2) throw new ArgumentException("Conv.Winograd takes 2-D convolutions.");
        var g = new WinogradGeometry(inChannels, outChannels, inSpatial[0], inSpatial[1], outSpatial[0], outSpatial[1], padsBegin[0], padsBegin[1]);
        // Any output size works: rows and columns past the input (end pads, however wide) are zeros of the padded planes.
        if (batch < 0 || g.OutH < 1 || g.OutW < 1 || g.InH < 1 || g.InW < 1)
            throw new ArgumentException($"Conv.Winograd: output {g.OutH}×{g.OutW} or input {g.InH}×{g.InW} is empty.");
        Simd.Need(x.Length, (long)batch * inChannels * g.InH * g.InW, nameof(x));
        Simd.Need(u.Length, (long)WinogradPoints * outChannels * inChannels, nameof(u));
        Simd.Need(y.Length, (long)batch * outChannels * g.OutH * g.OutW, nameof(y));
        if (!bias.IsEmpty) Simd.Need(bias.Length, outChannels, nameof(bias));
        if (!residual.IsEmpty) Simd.Need(residual.Length, y.Length, nameof(residual));
        Simd.Need(padded.Length, WinogradPaddedLength(inChannels, g.OutH, g.OutW), nameof(padded));
        Simd.Need(block.Length, WinogradBlockLength(inChannels, outChannels), nameof(block));
        int blocks = (g.Tiles + WinogradBlock - 1) / WinogradBlock;
        int parts = ParallelRange.PartsFor(threads, blocks, (long)g.Tiles * WinogradPoints * inChannels * outChannels);
        int blockLength = WinogradBlockLength(inChannels, outChannels);
        // Parts past the first need their own block scratch, which the budget keeps between calls.
        byte[]? more = parts > 1 ? threads!.Scratch((long)blockLength * sizeof(float) * (parts - 1)) : null;
        int* rowOffsets = stackalloc int[inChannels];
        for (int c = 0; c < inChannels; c++) rowOffsets[c] = c * WinogradBlock;
        fixed (T* px = x, pu = u, pb = bias, pr = residual, py = y, pp = padded, pk = block)
        fixed (byte* pm = more)
        {
            for (int b = 0; b < batch; b++)
            {
                PadPlanes((float*)px + (nint)b * inChannels * g.InH * g.InW, (float*)pp, inChannels, g.InH, g.InW, g.Hp, g.Wp, g.PadTop, g.PadLeft);
                var job = new WinogradJob<T, TEpilogue>
                {
                    Geometry = g, U = (float*)pu, Bias = bias.IsEmpty ? null : (float*)pb, Padded = (float*)pp, RowOffsets = rowOffsets,
                    Block = (float*)pk, MoreBlocks = (float*)pm, BlockLength = blockLength, Y = (float*)py, YLength = y.Length,
                    Residual = (float*)pr, ResidualLength = residual.Length, ImageOffset = b * outChannels * g.OutH * g.OutW, ScalarTwin = scalarTwin,
                };
                ParallelRange.Run(threads, blocks, parts, job);
            }
        }
    }

    /// <summary>The sizes of one Winograd convolution: tiles of 4×4 outputs, padded planes of whole tiles plus the 2-wide halo.</summary>
    private readonly struct WinogradGeometry
    {
        public readonly int InChannels, OutChannels, InH, InW, OutH, OutW, PadTop, PadLeft, TilesH, TilesW, Hp, Wp;

        public WinogradGeometry(int inChannels, int outChannels, int inH, int inW, int outH, int outW, int padTop, int padLeft)
        {
            InChannels = inChannels; OutChannels = outChannels; InH = inH; InW = inW; OutH = outH; OutW = outW; PadTop = padTop; PadLeft = padLeft;
            TilesH = (outH + 3) / 4;
            TilesW = (outW + 3) / 4;
            Hp = 4 * TilesH + 2;
            Wp = 4 * TilesW + 2;
        }

        public int Tiles => TilesH * TilesW;
    }

    /// <summary>Blocks [start, end) of one image's tiles: transform in, 36 products, transform out, epilogue, store.</summary>
    private unsafe struct WinogradJob<T, TEpilogue> : IRangeJob where T : unmanaged where TEpilogue : struct, IEpilogue<T>
    {
        public WinogradGeometry Geometry;
        public float* U, Bias, Padded, Block, MoreBlocks, Y, Residual;
        public int* RowOffsets;
        public int BlockLength, YLength, ResidualLength, ImageOffset;
        public bool ScalarTwin;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public readonly void Execute(int start, int end, int part)
        {
            float* scratch = part == 0 ? Block : MoreBlocks + (nint)(part - 1) * BlockLength;
            for (int blk = start; blk < end; blk++)
            {
                if (ScalarTwin) Run<FScalar, float>(blk, scratch);
                else if (Vector512.IsHardwareAccelerated) Run<F512, Vector512<float>>(blk, scratch);
                else if (Vector256.IsHardwareAccelerated) Run<F256, Vector256<float>>(blk, scratch);
                else if (Vector128.IsHardwareAccelerated) Run<F128, Vector128<float>>(blk, scratch);
                else Run<FScalar, float>(blk, scratch);
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private readonly void Run<TOps, TV>(int blk, float* scratch) where TOps : struct, IFloatVec<TV> where TV : struct
        {
            WinogradGeometry g = Geometry;
            const int B = WinogradBlock;
            int c = g.InChannels, k = g.OutChannels;
            float* v = scratch, m = v + (nint)WinogradPoints * c * B, tile = m + (nint)WinogradPoints * k * B, stage = tile + WinogradPoints * B;
            int t0 = blk * B, count = Math.Min(B, g.Tiles - t0);
            for (int ic = 0; ic < c; ic++)
            {
                GatherTiles(Padded + (nint)ic * g.Hp * g.Wp, g, t0, count, tile);
                InputTiles<TOps, TV>(tile, stage, v + ic * B, (nint)c * B, B);
            }
            for (int xi = 0; xi < WinogradPoints; xi++)
                ShiftedProduct(U + (nint)xi * k * c, c, v + (nint)xi * c * B, RowOffsets, null, m + (nint)xi * k * B, k, B, c);
            for (int oc = 0; oc < k; oc++)
            {
                OutputTiles<TOps, TV>(m + oc * B, (nint)k * B, stage, tile, Bias == null ? 0f : Bias[oc], B);
                int plane = ImageOffset + oc * g.OutH * g.OutW;
                ScatterTiles(tile, g, t0, count, Y + plane);
                if (!TEpilogue.IsIdentity) EpilogueRows(g, t0, count, plane);
            }
        }

        /// <summary>
        /// The epilogue over the rows of y that tiles t0 … t0 + count of one output plane (at <paramref name="plane"/>)
        /// cover: each tile row's run of tiles is up to four row segments, read with the residual at the same offsets.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private readonly void EpilogueRows(in WinogradGeometry g, int t0, int count, int plane)
        {
            // T is float (checked on entry); the epilogue is typed by the caller's T.
            var y = new Span<T>(Y, YLength);
            var residual = new ReadOnlySpan<T>(Residual, ResidualLength);
            for (int t = 0; t < count;)
            {
                int ti = (t0 + t) / g.TilesW, tj = (t0 + t) % g.TilesW, run = Math.Min(count - t, g.TilesW - tj);
                int rows = Math.Min(4, g.OutH - 4 * ti), cols = Math.Min(4 * run, g.OutW - 4 * tj);
                for (int a = 0; a < rows; a++) TEpilogue.Apply(y, residual, plane + (4 * ti + a) * g.OutW + 4 * tj, cols);
                t += run;
            }
        }
    }

    /// <summary>
    /// The 6×6 input tiles t0 … t0 + count of one padded plane into d[(6·r + m)·block + t]; lanes past count are zero,
    /// so the transforms always run whole vectors. A run of tiles along one tile row reads each plane row once: columns
    /// 0–3 of four tiles are four 4-float loads turned into four 4-tile vectors by a 4×4 transpose, and columns 4 and 5
    /// are columns 0 and 1 of the next tile (the halo column past the last tile is in the plane).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void GatherTiles(float* plane, in WinogradGeometry g, int t0, int count, float* d)
    {
        const int B = WinogradBlock;
        for (int t = 0; t < count;)
        {
            int ti = (t0 + t) / g.TilesW, tj = (t0 + t) % g.TilesW, run = Math.Min(count - t, g.TilesW - tj);
            for (int r = 0; r < 6; r++)
            {
                float* src = plane + (nint)(4 * ti + r) * g.Wp + 4 * tj;
                float* dst = d + 6 * r * B + t;
                int i = 0;
                if (Sse.IsSupported)
                    for (; i + 4 <= run; i += 4)
                    {
                        Transpose4(Vector128.Load(src + 4 * i), Vector128.Load(src + 4 * i + 4), Vector128.Load(src + 4 * i + 8), Vector128.Load(src + 4 * i + 12),
                            out var c0, out var c1, out var c2, out var c3);
                        c0.Store(dst + i); c1.Store(dst + B + i); c2.Store(dst + 2 * B + i); c3.Store(dst + 3 * B + i);
                    }
                for (; i < run; i++)
                {
                    float* p = src + 4 * i;
                    dst[i] = p[0]; dst[B + i] = p[1]; dst[2 * B + i] = p[2]; dst[3 * B + i] = p[3];
                }
                // Columns 4 and 5: columns 0 and 1 one tile on.
                Simd.CopyShort(dst + 1, dst + 4 * B, run - 1);
                Simd.CopyShort(dst + B + 1, dst + 5 * B, run - 1);
                dst[4 * B + run - 1] = src[4 * run];
                dst[5 * B + run - 1] = src[4 * run + 1];
            }
            t += run;
        }
        if (count < B)
            for (int p = 0; p < WinogradPoints; p++) new Span<float>(d + p * B + count, B - count).Clear();
    }

    /// <summary>
    /// Tiles t0 … t0 + count of o[(4·a + b)·block + t] into one output plane, the last row and column of tiles cut to
    /// the plane: four whole tiles along a row are four 4-tile vectors of one column each, transposed into four rows of 4.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void ScatterTiles(float* o, in WinogradGeometry g, int t0, int count, float* plane)
    {
        const int B = WinogradBlock;
        for (int t = 0; t < count;)
        {
            int ti = (t0 + t) / g.TilesW, tj = (t0 + t) % g.TilesW, run = Math.Min(count - t, g.TilesW - tj);
            int rows = Math.Min(4, g.OutH - 4 * ti);
            // Tiles of the run whose four columns are all inside the plane.
            int whole = Math.Min(run, g.OutW / 4 - tj);
            for (int a = 0; a < rows; a++)
            {
                float* dst = plane + (nint)(4 * ti + a) * g.OutW + 4 * tj;
                float* src = o + 4 * a * B + t;
                int i = 0;
                if (Sse.IsSupported)
                    for (; i + 4 <= whole; i += 4)
                    {
                        Transpose4(Vector128.Load(src + i), Vector128.Load(src + B + i), Vector128.Load(src + 2 * B + i), Vector128.Load(src + 3 * B + i),
                            out var r0, out var r1, out var r2, out var r3);
                        r0.Store(dst + 4 * i); r1.Store(dst + 4 * i + 4); r2.Store(dst + 4 * i + 8); r3.Store(dst + 4 * i + 12);
                    }
                for (; i < run; i++)
                {
                    int cols = Math.Min(4, g.OutW - 4 * (tj + i));
                    for (int b = 0; b < cols; b++) dst[4 * i + b] = src[b * B + i];
                }
            }
            t += run;
        }
    }

    /// <summary>The 4×4 transpose of the rows v0 … v3 (SSE unpacks and moves): c_j holds element j of each row.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose4(Vector128<float> v0, Vector128<float> v1, Vector128<float> v2, Vector128<float> v3,
        out Vector128<float> c0, out Vector128<float> c1, out Vector128<float> c2, out Vector128<float> c3)
    {
        var lo01 = Sse.UnpackLow(v0, v1);   // v0[0] v1[0] v0[1] v1[1]
        var lo23 = Sse.UnpackLow(v2, v3);   // v2[0] v3[0] v2[1] v3[1]
        var hi01 = Sse.UnpackHigh(v0, v1);  // v0[2] v1[2] v0[3] v1[3]
        var hi23 = Sse.UnpackHigh(v2, v3);  // v2[2] v3[2] v2[3] v3[3]
        c0 = Sse.MoveLowToHigh(lo01, lo23);
        c1 = Sse.MoveHighToLow(lo23, lo01);
        c2 = Sse.MoveLowToHigh(hi01, hi23);
        c3 = Sse.MoveHighToLow(hi23, hi01);
    }
}

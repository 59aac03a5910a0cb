using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using ModelGen.Runtime.Threading;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// A stride-1 2-D float convolution as a GEMM over the zero-padded input shifted by each tap, with no column matrix.
/// The input is copied once into a plane of Hp = outH + (kH−1)·dH rows by Wp = outW + (kW−1)·dW columns per channel;
/// output position (oh, ow) is then q = oh·Wp + ow, and tap (ic, kh, kw) reads padded[ic·Hp·Wp + kh·dH·Wp + kw·dW + q]:
/// row p of B is the padded input at a fixed offset, and its columns are contiguous. The micro-kernel reads those rows
/// in place (OffsetRows), computing Wp − outW discarded columns per output row, and each tile of output
/// rows is copied out of a small scratch. im2col wrote kH·kW copies of the input per call instead: on conv 3×3
/// 64→64 at 56×56 building the columns was 18% of the time, with the GEMM itself at the FMA peak.
/// </summary>
public static partial class Conv
{
    /// <summary>Largest reduction depth (inChannels·kH·kW) <see cref="Shifted{T}"/> takes: its tap offsets live on the stack.</summary>
    public const int MaxShiftedDepth = 8192;

    /// <summary>Floats past the padded planes that <see cref="Shifted{T}"/> may read (a ragged last panel loads whole vectors) and that its scratch must hold.</summary>
    public const int ShiftedSlack = 64;

    /// <summary>
    /// <see cref="Shifted{T, TEpilogue}"/> without an epilogue.
    /// </summary>
    /// <param name="x">Input [batch, inChannels, inH, inW].</param>
    /// <param name="w">Weights [outChannels, inChannels, kH, kW].</param>
    /// <param name="bias">Bias [outChannels], or empty.</param>
    /// <param name="y">Output [batch, outChannels, outH, outW].</param>
    /// <param name="padded">Scratch: inChannels·Hp·Wp + <see cref="ShiftedSlack"/> elements (see the class remarks).</param>
    /// <param name="tile">Scratch: outChannels·tileRows·Wp elements.</param>
    /// <param name="tileRows">Output rows per GEMM tile (at least 1).</param>
    /// <param name="batch">Batch size.</param>
    /// <param name="inChannels">Input channels.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="inSpatial">Input spatial dims (2).</param>
    /// <param name="kernel">Kernel spatial dims.</param>
    /// <param name="outSpatial">Output spatial dims.</param>
    /// <param name="strides">Strides: both 1.</param>
    /// <param name="dilations">Dilation per spatial axis.</param>
    /// <param name="padsBegin">Leading padding per spatial axis (end padding is implied by outSpatial).</param>
    /// <param name="threads">The model's thread budget (null: the calling thread only); any budget gives the same bits.</param>
    public static void Shifted<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> bias, Span<T> y, Span<T> padded, Span<T> tile, int tileRows,
        int batch, int inChannels, int outChannels, ReadOnlySpan<int> inSpatial, ReadOnlySpan<int> kernel, ReadOnlySpan<int> outSpatial,
        ReadOnlySpan<int> strides, ReadOnlySpan<int> dilations, ReadOnlySpan<int> padsBegin, ParallelRange? threads = null) where T : unmanaged, INumber<T> =>
        Shifted<T, NoEpilogue<T>>(x, w, bias, default, y, padded, tile, tileRows, batch, inChannels, outChannels, inSpatial, kernel, outSpatial,
            strides, dilations, padsBegin, threads);

    /// <summary>
    /// y = conv(x, w) + bias (group 1, stride 1, any dilation and padding), then the epilogue on each tile's output rows;
    /// float only (the compiler chooses it for float convolutions).
    /// </summary>
    /// <param name="x">Input [batch, inChannels, inH, inW].</param>
    /// <param name="w">Weights [outChannels, inChannels, kH, kW].</param>
    /// <param name="bias">Bias [outChannels], or empty.</param>
    /// <param name="residual">The epilogue's second operand (y's shape), or empty.</param>
    /// <param name="y">Output [batch, outChannels, outH, outW].</param>
    /// <param name="padded">Scratch: inChannels·Hp·Wp + <see cref="ShiftedSlack"/> elements (see the class remarks).</param>
    /// <param name="tile">Scratch: outChannels·tileRows·Wp elements.</param>
    /// <param name="tileRows">Output rows per GEMM tile (at least 1).</param>
    /// <param name="batch">Batch size.</param>
    /// <param name="inChannels">Input channels.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="inSpatial">Input spatial dims (2).</param>
    /// <param name="kernel">Kernel spatial dims.</param>
    /// <param name="outSpatial">Output spatial dims.</param>
    /// <param name="strides">Strides: both 1.</param>
    /// <param name="dilations">Dilation per spatial axis.</param>
    /// <param name="padsBegin">Leading padding per spatial axis (end padding is implied by outSpatial).</param>
    /// <param name="threads">The model's thread budget (null: the calling thread only); any budget gives the same bits.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Shifted<T, TEpilogue>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> bias, ReadOnlySpan<T> residual, Span<T> y,
        Span<T> padded, Span<T> tile, int tileRows, int batch, int inChannels, int outChannels, ReadOnlySpan<int> inSpatial, ReadOnlySpan<int> kernel,
        ReadOnlySpan<int> outSpatial, ReadOnlySpan<int> strides, ReadOnlySpan<int> dilations, ReadOnlySpan<int> padsBegin, ParallelRange? threads = null)
        where T : unmanaged, INumber<T> where TEpilogue : struct, IEpilogue<T>
    {
        if (typeof(T) != typeof(float)) throw new NotSupportedException("Conv.Shifted computes float convolutions only.");
        if (tileRows < 1) throw new ArgumentException("tileRows must be at least 1.", nameof(tileRows));
        if (!Validate(x, w, bias, y, batch, inChannels, outChannels, 1, inSpatial, kernel, outSpatial, strides, dilations, padsBegin)) return;
        if (inSpatial.Length != 2 || strides[0] != 1 || strides[1] != 1) throw new ArgumentException("Conv.Shifted takes 2-D convolutions with stride 1.");
        ShiftedGeometry g = new ShiftedGeometry(inChannels, outChannels, inSpatial, kernel, outSpatial, dilations, padsBegin, tileRows);
        if (g.Depth > MaxShiftedDepth) throw new ArgumentException($"Conv.Shifted takes a reduction depth up to {MaxShiftedDepth}, not {g.Depth}.");
        Simd.Need(padded.Length, g.PaddedLength, nameof(padded));
        Simd.Need(tile.Length, g.TileLength, nameof(tile));
        if (!residual.IsEmpty) Simd.Need(residual.Length, y.Length, nameof(residual));
        int* offsets = stackalloc int[g.Depth];
        g.TapOffsets(offsets);
        long work = (long)outChannels * g.OutH * g.OutW * g.Depth;
        int tiles = (g.OutH + g.TileRows - 1) / g.TileRows;
        int parts = ParallelRange.PartsFor(threads, tiles, work);
        if (parts > 1)
        {
            // At least four tiles per part, so that the parts finish together (56 rows in tiles of 9 split 4 + 3 between
            // two threads). A position's sum does not depend on the tile it is in, so the bits stay those of one thread.
            int finer = Math.Max(1, (g.OutH + 4 * parts - 1) / (4 * parts));
            if (finer < g.TileRows)
            {
                g = g.WithTileRows(finer);
                tiles = (g.OutH + g.TileRows - 1) / g.TileRows;
                parts = ParallelRange.PartsFor(threads, tiles, work);
            }
        }
        bool narrow = IsNarrowPlane(g);
        // Parts past the first need their own tile scratch, which the budget keeps between calls (the narrow planes use none).
        byte[]? more = parts > 1 && !narrow ? threads!.Scratch((long)g.TileLength * sizeof(float) * (parts - 1)) : null;
        fixed (T* px = x, pw = w, pb = bias, pr = residual, py = y, pp = padded, pt = tile)
        fixed (byte* pm = more)
        {
            int narrowItems = outChannels / NarrowChannels * g.OutH;
            int narrowParts = narrow ? ParallelRange.PartsFor(threads, narrowItems, work) : 1;
            for (int b = 0; b < batch; b++)
            {
                PadPlanes((float*)px + (nint)b * inChannels * g.InH * g.InW, (float*)pp, g);
                if (narrow)
                {
                    // Planes one vector wide: rows straight into y (ConvNarrowPlane.cs).
                    var rows = new NarrowJob<T, TEpilogue>
                    {
                        Geometry = g, Offsets = offsets, W = (float*)pw, Bias = bias.IsEmpty ? null : (float*)pb, Padded = (float*)pp,
                        Y = (float*)py + (nint)b * outChannels * g.OutH * g.OutW, Residual = (float*)pr,
                        ResidualOffset = b * outChannels * g.OutH * g.OutW, YLength = y.Length, ResidualLength = residual.Length,
                    };
                    ParallelRange.Run(threads, narrowItems, narrowParts, rows);
                    continue;
                }
                var job = new ShiftedJob<T, TEpilogue>
                {
                    Geometry = g, Offsets = offsets, W = (float*)pw, Bias = bias.IsEmpty ? null : (float*)pb, Padded = (float*)pp,
                    Tile = (float*)pt, MoreTiles = (float*)pm, Y = (float*)py + (nint)b * outChannels * g.OutH * g.OutW,
                    Residual = (float*)pr, ResidualOffset = b * outChannels * g.OutH * g.OutW, YLength = y.Length, ResidualLength = residual.Length,
                };
                if (parts > 1) ParallelRange.Run(threads!, tiles, parts, job);
                else job.Execute(0, tiles, 0);
            }
        }
    }

    /// <summary>The sizes <see cref="Shifted{T, TEpilogue}"/> works with.</summary>
    private readonly struct ShiftedGeometry
    {
        public readonly int InChannels, OutChannels, InH, InW, OutH, OutW, KH, KW, DH, DW, PadTop, PadLeft, Hp, Wp, Depth, TileRows;

        public ShiftedGeometry(int inChannels, int outChannels, ReadOnlySpan<int> inSpatial, ReadOnlySpan<int> kernel, ReadOnlySpan<int> outSpatial,
            ReadOnlySpan<int> dilations, ReadOnlySpan<int> pads, int tileRows)
        {
            InChannels = inChannels; OutChannels = outChannels; InH = inSpatial[0]; InW = inSpatial[1]; OutH = outSpatial[0]; OutW = outSpatial[1];
            KH = kernel[0]; KW = kernel[1]; DH = dilations[0]; DW = dilations[1]; PadTop = pads[0]; PadLeft = pads[1];
            Hp = OutH + (KH - 1) * DH;
            Wp = OutW + (KW - 1) * DW;
            Depth = inChannels * KH * KW;
            TileRows = Math.Min(tileRows, OutH);
        }

        private ShiftedGeometry(in ShiftedGeometry g, int tileRows)
        {
            this = g;
            TileRows = tileRows;
        }

        /// <summary>The same convolution in tiles of fewer output rows (they fit the same tile scratch).</summary>
        public ShiftedGeometry WithTileRows(int tileRows) => new ShiftedGeometry(this, tileRows);

        public int PaddedLength => InChannels * Hp * Wp + ShiftedSlack;
        public int TileLength => OutChannels * TileRows * Wp;

        /// <summary>offsets[p] for p = (ic, kh, kw): where B's row p starts in the padded planes, relative to position 0.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public unsafe void TapOffsets(int* offsets)
        {
            int p = 0;
            for (int ic = 0; ic < InChannels; ic++)
                for (int kh = 0; kh < KH; kh++)
                    for (int kw = 0; kw < KW; kw++)
                        offsets[p++] = (ic * Hp + kh * DH) * Wp + kw * DW;
        }
    }

    /// <summary>
    /// The padded planes of one image: padded[ic, r, c] = x[ic, r − padTop, c − padLeft], zero outside the input (also
    /// where the input has rows or columns no output reads); then the slack is zeroed, so a ragged panel reads zeros.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void PadPlanes(float* x, float* padded, in ShiftedGeometry g)
    {
        PadPlanes(x, padded, g.InChannels, g.InH, g.InW, g.Hp, g.Wp, g.PadTop, g.PadLeft);
        new Span<float>(padded + (nint)g.InChannels * g.Hp * g.Wp, ShiftedSlack).Clear();
    }

    /// <summary>
    /// padded[ic, r, c] (planes of hp × wp) = x[ic, r − padTop, c − padLeft] (planes of inH × inW), zero outside the
    /// input; input rows and columns past the padded plane are left out.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void PadPlanes(float* x, float* padded, int channels, int inH, int inW, int hp, int wp, int padTop, int padLeft)
    {
        for (int ic = 0; ic < channels; ic++)
            for (int r = 0; r < hp; r++)
            {
                float* dst = padded + ((nint)ic * hp + r) * wp;
                int ih = r - padTop;
                if ((uint)ih >= (uint)inH) { PaddedRow.Zero(dst, wp); continue; }
                // Columns c with c − padLeft inside the input row.
                int c0 = Math.Clamp(padLeft, 0, wp), c1 = Math.Clamp(padLeft + inW, c0, wp);
                PaddedRow.Copy(x + ((nint)ic * inH + ih) * inW + (c0 - padLeft), c1 - c0, dst, c0, wp - c1);
            }
    }

    /// <summary>Tiles [start, end) of output rows: the GEMM into the part's tile scratch, then the rows copied out and the epilogue.</summary>
    private unsafe struct ShiftedJob<T, TEpilogue> : IRangeJob where T : unmanaged where TEpilogue : struct, IEpilogue<T>
    {
        public ShiftedGeometry Geometry;
        public int* Offsets;
        public float* W, Bias, Padded, Tile, MoreTiles, Y, Residual;
        public int ResidualOffset, YLength, ResidualLength;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public readonly void Execute(int start, int end, int part)
        {
            ShiftedGeometry g = Geometry;
            float* tile = part == 0 ? Tile : MoreTiles + (nint)(part - 1) * g.TileLength;
            int outSize = g.OutH * g.OutW;
            for (int t = start; t < end; t++)
            {
                int oh0 = t * g.TileRows, rows = Math.Min(g.TileRows, g.OutH - oh0);
                // Positions oh0·Wp .. (the last row needs only its outW columns); the tile holds them at ldc n.
                int n = (rows - 1) * g.Wp + g.OutW;
                ShiftedProduct(W, g.Depth, Padded + (nint)oh0 * g.Wp, Offsets, Bias, tile, g.OutChannels, n, g.Depth);
                for (int oc = 0; oc < g.OutChannels; oc++)
                    for (int r = 0; r < rows; r++)
                        Simd.Copy(tile + (nint)oc * n + (nint)r * g.Wp, Y + (nint)oc * outSize + (nint)(oh0 + r) * g.OutW, g.OutW);
                if (!TEpilogue.IsIdentity)
                {
                    // T is float (checked on entry); the epilogue is typed by the caller's T.
                    var y = new Span<T>(Y - ResidualOffset, YLength);
                    var residual = new ReadOnlySpan<T>(Residual, ResidualLength);
                    for (int oc = 0; oc < g.OutChannels; oc++) TEpilogue.Apply(y, residual, ResidualOffset + oc * outSize + oh0 * g.OutW, rows * g.OutW);
                }
            }
        }
    }

    /// <summary>
    /// C[m, n] (ldc n) = A·B + bias per row, A = w (row-major, ars), B row p at b + offsets[p] (contiguous columns):
    /// register tiles of the widest vectors (8 rows × 3 vectors where 512-bit vectors and the rows allow, else 4 × 3 or
    /// 6 × 2) over 256-deep blocks, as the GEMM's in-place path; a plain loop where there is no float SIMD.
    /// </summary>
    private static unsafe void ShiftedProduct(float* a, int ars, float* b, int* offsets, float* bias, float* c, int m, int n, int k)
    {
        if (Vector512.IsHardwareAccelerated) ShiftedProduct<F512, Vector512<float>>(a, ars, b, offsets, bias, c, m, n, k);
        else if (Vector256.IsHardwareAccelerated) ShiftedProduct<F256, Vector256<float>>(a, ars, b, offsets, bias, c, m, n, k);
        else if (Vector128.IsHardwareAccelerated) ShiftedProduct<F128, Vector128<float>>(a, ars, b, offsets, bias, c, m, n, k);
        else ShiftedProductScalar(a, ars, b, offsets, bias, c, m, n, k);
    }

    private static unsafe void ShiftedProduct<TOps, TV>(float* a, int ars, float* b, int* offsets, float* bias, float* c, int m, int n, int k)
        where TOps : struct, IFloatVec<TV> where TV : struct
    {
        if (Gemm.EightRowTilesFit<TOps>(m)) ShiftedProduct<TOps, TV, EightRowTile>(a, ars, b, offsets, bias, c, m, n, k);
        else if (Gemm.FourRowTilesFit(m)) ShiftedProduct<TOps, TV, FourRowTile>(a, ars, b, offsets, bias, c, m, n, k);
        else ShiftedProduct<TOps, TV, SixRowTile>(a, ars, b, offsets, bias, c, m, n, k);
    }

    /// <summary>The product in TTile's register tiles over panels of its width and 256-deep blocks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void ShiftedProduct<TOps, TV, TTile>(float* a, int ars, float* b, int* offsets, float* bias, float* c, int m, int n, int k)
        where TOps : struct, IFloatVec<TV> where TV : struct where TTile : struct, IShiftedTile
    {
        const int KC = 256;
        int nrFull = TTile.Vectors * TOps.Count;
        for (int j0 = 0; j0 < n; j0 += nrFull)
        {
            int nr = Math.Min(nrFull, n - j0);
            for (int p0 = 0; p0 < k; p0 += KC)
            {
                int kc = Math.Min(KC, k - p0);
                var rows = new OffsetRows(b + j0, offsets + p0);
                for (int i0 = 0; i0 < m; i0 += TTile.Rows)
                    TTile.Run<TOps, TV>(a + (nint)i0 * ars + p0, ars, rows, kc, c + (nint)i0 * n + j0, n, Math.Min(TTile.Rows, m - i0), nr,
                        p0 > 0, p0 == 0 && bias != null ? bias + i0 : null);
            }
        }
    }

    /// <summary>A register tile of the GEMM's micro-kernels, as <see cref="ShiftedProduct{TOps, TV, TTile}"/> drives it.</summary>
    private unsafe interface IShiftedTile
    {
        /// <summary>Rows of A per tile.</summary>
        static abstract int Rows { get; }
        /// <summary>Vectors of B per tile row.</summary>
        static abstract int Vectors { get; }
        /// <summary>One mr×nr tile: C (= bias +, or += when accumulating) A·B over kc rows of B.</summary>
        static abstract void Run<TOps, TV>(float* a, int ars, OffsetRows rows, int kc, float* c, int ldc, int mr, int nr, bool accumulate, float* bias)
            where TOps : struct, IFloatVec<TV> where TV : struct;
    }

    /// <summary>6 rows × 2 vectors: any row count.</summary>
    private readonly unsafe struct SixRowTile : IShiftedTile
    {
        public static int Rows => 6;
        public static int Vectors => 2;
        public static void Run<TOps, TV>(float* a, int ars, OffsetRows rows, int kc, float* c, int ldc, int mr, int nr, bool accumulate, float* bias)
            where TOps : struct, IFloatVec<TV> where TV : struct =>
            Gemm.Micro<TOps, TV, OffsetRows>(a, ars, 1, rows, kc, c, ldc, mr, nr, 1f, accumulate, bias, 1, 0);
    }

    /// <summary>4 rows × 3 vectors: row counts that are a multiple of 4 but that 6-row tiles would pad.</summary>
    private readonly unsafe struct FourRowTile : IShiftedTile
    {
        public static int Rows => Gemm.MR4;
        public static int Vectors => 3;
        public static void Run<TOps, TV>(float* a, int ars, OffsetRows rows, int kc, float* c, int ldc, int mr, int nr, bool accumulate, float* bias)
            where TOps : struct, IFloatVec<TV> where TV : struct =>
            Gemm.MicroFourRows<TOps, TV, OffsetRows>(a, ars, 1, rows, kc, c, ldc, mr, nr, 1f, accumulate, bias, 1, 0);
    }

    /// <summary>8 rows × 3 vectors (AVX-512 only): row counts that are a multiple of 8.</summary>
    private readonly unsafe struct EightRowTile : IShiftedTile
    {
        public static int Rows => Gemm.MR8;
        public static int Vectors => 3;
        public static void Run<TOps, TV>(float* a, int ars, OffsetRows rows, int kc, float* c, int ldc, int mr, int nr, bool accumulate, float* bias)
            where TOps : struct, IFloatVec<TV> where TV : struct =>
            Gemm.MicroEightRows<TOps, TV, OffsetRows>(a, ars, 1, rows, kc, c, ldc, nr, 1f, accumulate, bias, 1, 0);
    }

    /// <summary>The scalar twin of <see cref="ShiftedProduct{TOps, TV, TTile}"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void ShiftedProductScalar(float* a, int ars, float* b, int* offsets, float* bias, float* c, int m, int n, int k)
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                float acc = 0f;
                for (int p = 0; p < k; p++) acc += a[(nint)i * ars + p] * b[offsets[p] + j];
                c[(nint)i * n + j] = acc + (bias != null ? bias[i] : 0f);
            }
    }
}

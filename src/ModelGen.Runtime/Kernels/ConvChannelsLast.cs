using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// Conv writing its output channels-last, y[batch, outSpatial..., outChannels], for a Conv whose only reader
/// was a Transpose to that layout (the compiler's build-time layout choice; no reorder at run time). The GEMM
/// runs as in the channels-first kernels, channels by positions, into a tile of at most columnTile positions
/// that stays in L1, and the tile is written out transposed (bias and epilogue applied in the tile first).
/// Plain loops around the shared GEMM, so the SIMD paths and their scalar twins are those of <see cref="Gemm"/>.
/// </summary>
public static partial class Conv
{
    /// <summary><see cref="Pointwise{T}"/> with y channels-last: y[b, p, oc].</summary>
    /// <param name="x">Input [batch, inChannels, size].</param>
    /// <param name="w">Weights [outChannels, inChannels/group].</param>
    /// <param name="bias">Bias [outChannels], or empty.</param>
    /// <param name="y">Output [batch, size, outChannels].</param>
    /// <param name="tile">Scratch: at least (outChannels/group)·min(columnTile, size) elements.</param>
    /// <param name="columnTile">Positions per tile (at least 1).</param>
    /// <param name="batch">Batch size.</param>
    /// <param name="inChannels">Input channels.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="group">Group count (divides both channel counts).</param>
    /// <param name="size">Spatial positions (the product of the spatial dims).</param>
    public static void PointwiseChannelsLast<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> bias, Span<T> y, Span<T> tile, int columnTile,
        int batch, int inChannels, int outChannels, int group, int size) where T : unmanaged, INumber<T> =>
        PointwiseChannelsLast<T, NoEpilogue<T>>(x, w, bias, default, y, tile, columnTile, batch, inChannels, outChannels, group, size);

    /// <summary><see cref="PointwiseChannelsLast{T}"/> followed by a one-operand epilogue, applied to each tile before it is written out.</summary>
    /// <param name="x">Input [batch, inChannels, size].</param>
    /// <param name="w">Weights [outChannels, inChannels/group].</param>
    /// <param name="bias">Bias [outChannels], or empty.</param>
    /// <param name="residual">Must be empty: a residual epilogue is not written channels-last.</param>
    /// <param name="y">Output [batch, size, outChannels].</param>
    /// <param name="tile">Scratch: at least (outChannels/group)·min(columnTile, size) elements.</param>
    /// <param name="columnTile">Positions per tile (at least 1).</param>
    /// <param name="batch">Batch size.</param>
    /// <param name="inChannels">Input channels.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="group">Group count (divides both channel counts).</param>
    /// <param name="size">Spatial positions (the product of the spatial dims).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void PointwiseChannelsLast<T, TEpilogue>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> bias, ReadOnlySpan<T> residual, Span<T> y,
        Span<T> tile, int columnTile, int batch, int inChannels, int outChannels, int group, int size)
        where T : unmanaged, INumber<T> where TEpilogue : struct, IEpilogue<T>
    {
        if (batch < 0 || inChannels < 0 || outChannels < 0 || size < 0 || group <= 0 || inChannels % group != 0 || outChannels % group != 0)
            throw new ArgumentException("Channel counts must be non-negative multiples of a positive group.");
        if (columnTile < 1) throw new ArgumentException("columnTile must be at least 1.", nameof(columnTile));
        if (!residual.IsEmpty) throw new ArgumentException("A channels-last convolution takes no residual.", nameof(residual));
        int cinG = inChannels / group, coutG = outChannels / group;
        Simd.Need(x.Length, (long)batch * inChannels * size, nameof(x));
        Simd.Need(w.Length, (long)outChannels * cinG, nameof(w));
        Simd.Need(y.Length, (long)batch * outChannels * size, nameof(y));
        if (!bias.IsEmpty) Simd.Need(bias.Length, outChannels, nameof(bias));
        Simd.Need(tile.Length, (long)coutG * Math.Min(columnTile, size), nameof(tile));
        bool hasBias = !bias.IsEmpty;
        for (int b = 0; b < batch; b++)
            for (int c0 = 0; c0 < size; c0 += columnTile)
            {
                int nc = Math.Min(columnTile, size - c0);
                for (int g = 0; g < group; g++)
                {
                    // The per-channel bias is one value per row of the product: the GEMM adds it as it stores.
                    Gemm.Product(w, g * coutG * cinG, cinG, 1, x, (b * inChannels + g * cinG) * size + c0, size, 1,
                        tile, 0, nc, coutG, nc, cinG, T.One, false, hasBias ? bias : default, g * coutG, 1, 0);
                    if (!TEpilogue.IsIdentity) TEpilogue.Apply(tile, default, 0, coutG * nc);
                    WriteChannelsLast(tile, coutG, nc, y, (b * size + c0) * outChannels + g * coutG, outChannels);
                }
            }
    }

    /// <summary><see cref="Im2ColGemm{T}"/> with y channels-last: y[b, outSpatial..., oc].</summary>
    /// <param name="x">Input [batch, inChannels, inSpatial...].</param>
    /// <param name="w">Weights [outChannels, inChannels/group, kernel...].</param>
    /// <param name="bias">Bias [outChannels], or empty.</param>
    /// <param name="y">Output [batch, outSpatial..., outChannels].</param>
    /// <param name="columns">Scratch: at least (inChannels/group)·prod(kernel)·min(columnTile, outSize) elements.</param>
    /// <param name="tile">Scratch: at least (outChannels/group)·min(columnTile, outSize) elements.</param>
    /// <param name="columnTile">Output positions per tile (at least 1).</param>
    /// <param name="batch">Batch size.</param>
    /// <param name="inChannels">Input channels.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="group">Group count (divides both channel counts).</param>
    /// <param name="inSpatial">Input spatial dims.</param>
    /// <param name="kernel">Kernel spatial dims.</param>
    /// <param name="outSpatial">Output spatial dims.</param>
    /// <param name="strides">Stride per spatial axis.</param>
    /// <param name="dilations">Dilation per spatial axis.</param>
    /// <param name="padsBegin">Leading padding per spatial axis (end padding is implied by outSpatial).</param>
    public static void Im2ColGemmChannelsLast<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> bias, Span<T> y, Span<T> columns, Span<T> tile, int columnTile,
        int batch, int inChannels, int outChannels, int group, ReadOnlySpan<int> inSpatial, ReadOnlySpan<int> kernel,
        ReadOnlySpan<int> outSpatial, ReadOnlySpan<int> strides, ReadOnlySpan<int> dilations, ReadOnlySpan<int> padsBegin)
        where T : unmanaged, INumber<T> =>
        Im2ColGemmChannelsLast<T, NoEpilogue<T>>(x, w, bias, default, y, columns, tile, columnTile, batch, inChannels, outChannels, group, inSpatial, kernel, outSpatial, strides, dilations, padsBegin);

    /// <summary><see cref="Im2ColGemmChannelsLast{T}"/> followed by a one-operand epilogue, applied to each tile before it is written out.</summary>
    /// <param name="x">Input [batch, inChannels, inSpatial...].</param>
    /// <param name="w">Weights [outChannels, inChannels/group, kernel...].</param>
    /// <param name="bias">Bias [outChannels], or empty.</param>
    /// <param name="residual">Must be empty: a residual epilogue is not written channels-last.</param>
    /// <param name="y">Output [batch, outSpatial..., outChannels].</param>
    /// <param name="columns">Scratch: at least (inChannels/group)·prod(kernel)·min(columnTile, outSize) elements.</param>
    /// <param name="tile">Scratch: at least (outChannels/group)·min(columnTile, outSize) elements.</param>
    /// <param name="columnTile">Output positions per tile (at least 1).</param>
    /// <param name="batch">Batch size.</param>
    /// <param name="inChannels">Input channels.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="group">Group count (divides both channel counts).</param>
    /// <param name="inSpatial">Input spatial dims.</param>
    /// <param name="kernel">Kernel spatial dims.</param>
    /// <param name="outSpatial">Output spatial dims.</param>
    /// <param name="strides">Stride per spatial axis.</param>
    /// <param name="dilations">Dilation per spatial axis.</param>
    /// <param name="padsBegin">Leading padding per spatial axis (end padding is implied by outSpatial).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Im2ColGemmChannelsLast<T, TEpilogue>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> bias, ReadOnlySpan<T> residual, Span<T> y,
        Span<T> columns, Span<T> tile, int columnTile, int batch, int inChannels, int outChannels, int group, ReadOnlySpan<int> inSpatial,
        ReadOnlySpan<int> kernel, ReadOnlySpan<int> outSpatial, ReadOnlySpan<int> strides, ReadOnlySpan<int> dilations, ReadOnlySpan<int> padsBegin)
        where T : unmanaged, INumber<T> where TEpilogue : struct, IEpilogue<T>
    {
        if (columnTile < 1) throw new ArgumentException("columnTile must be at least 1.", nameof(columnTile));
        if (!residual.IsEmpty) throw new ArgumentException("A channels-last convolution takes no residual.", nameof(residual));
        if (!Validate(x, w, bias, y, batch, inChannels, outChannels, group, inSpatial, kernel, outSpatial, strides, dilations, padsBegin)) return;
        int cinG = inChannels / group, coutG = outChannels / group;
        int inSize = Simd.Product(inSpatial, nameof(inSpatial)), outSize = Simd.Product(outSpatial, nameof(outSpatial));
        int rows = cinG * Simd.Product(kernel, nameof(kernel));
        Simd.Need(columns.Length, (long)rows * Math.Min(columnTile, outSize), nameof(columns));
        Simd.Need(tile.Length, (long)coutG * Math.Min(columnTile, outSize), nameof(tile));
        bool hasBias = !bias.IsEmpty;
        for (int b = 0; b < batch; b++)
            for (int g = 0; g < group; g++)
            {
                int xOff = (b * inChannels + g * cinG) * inSize;
                for (int c0 = 0; c0 < outSize; c0 += columnTile)
                {
                    int nc = Math.Min(columnTile, outSize - c0);
                    // 2-D through the pointer loop with inline runs, as channels-first does: the span-based loop paid a call
                    // per run, and ultraface's 4×5 heads (runs of 5) spent 3.8 % of the model in it.
                    if (inSpatial.Length == 2)
                        Im2Col2D(x, xOff, columns, c0, nc, cinG, inSize, inSpatial, kernel, outSpatial, strides, dilations, padsBegin);
                    else Im2Col(x, xOff, columns, c0, nc, cinG, inSize, inSpatial, kernel, outSpatial, strides, dilations, padsBegin);
                    Gemm.Product(w, g * coutG * rows, rows, 1, columns, 0, nc, 1, tile, 0, nc, coutG, nc, rows, T.One, false,
                        hasBias ? bias : default, g * coutG, 1, 0);
                    if (!TEpilogue.IsIdentity) TEpilogue.Apply(tile, default, 0, coutG * nc);
                    WriteChannelsLast(tile, coutG, nc, y, (b * outSize + c0) * outChannels + g * coutG, outChannels);
                }
            }
    }

    /// <summary>y[yOff + j*ld + r] = tile[r*positions + j]: a channels × positions tile written as positions × channels rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void WriteChannelsLast<T>(ReadOnlySpan<T> tile, int channels, int positions, Span<T> y, int yOff, int ld) where T : unmanaged
    {
        for (int j = 0; j < positions; j++)
        {
            Span<T> row = y.Slice(yOff + j * ld, channels);
            for (int r = 0; r < channels; r++) row[r] = tile[r * positions + j];
        }
    }
}

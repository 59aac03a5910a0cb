using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// ONNX ConvTranspose, N-D spatial: y[n, oc, o] = bias[oc] + Σ x[n, ic, p]·w[ic, oc', tap] over the input positions p
/// and taps with o = p·stride + tap·dilation − padBegin. Per group and tile of input positions, the shared GEMM writes
/// every (output channel, tap) row into <c>columns</c>, and a col2im pass adds those rows into y.
/// </summary>
public static class ConvTranspose
{
    /// <summary>Runs the transposed convolution.</summary>
    /// <param name="x">Input [batch, inChannels, inSpatial...].</param>
    /// <param name="w">Weights [inChannels, outChannels/group, kernel...].</param>
    /// <param name="bias">Bias [outChannels], or empty.</param>
    /// <param name="y">Output [batch, outChannels, outSpatial...].</param>
    /// <param name="columns">Scratch: (outChannels/group)·prod(kernel)·min(columnTile, prod(inSpatial)) elements.</param>
    /// <param name="columnTile">Input positions per GEMM tile (at least 1).</param>
    /// <param name="batch">Batch size.</param>
    /// <param name="inChannels">Input channels.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="group">Group count (divides both channel counts).</param>
    /// <param name="inSpatial">Input spatial dims.</param>
    /// <param name="kernel">Kernel spatial dims.</param>
    /// <param name="outSpatial">Output spatial dims.</param>
    /// <param name="strides">Stride per spatial axis.</param>
    /// <param name="dilations">Dilation per spatial axis.</param>
    /// <param name="padsBegin">Leading padding per spatial axis.</param>
    public static void Run<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> bias, Span<T> y, Span<T> columns, int columnTile,
        int batch, int inChannels, int outChannels, int group, ReadOnlySpan<int> inSpatial, ReadOnlySpan<int> kernel,
        ReadOnlySpan<int> outSpatial, ReadOnlySpan<int> strides, ReadOnlySpan<int> dilations, ReadOnlySpan<int> padsBegin)
        where T : unmanaged, INumber<T> =>
        Run<T, NoEpilogue<T>>(x, w, bias, default, y, columns, columnTile, batch, inChannels, outChannels, group, inSpatial, kernel, outSpatial, strides, dilations, padsBegin);

    /// <summary>
    /// <see cref="Run{T}"/> followed by an epilogue (a fused activation, a residual Add), applied to each group's output
    /// channels of one image once the last tile's col2im has added into them (every tile can reach every output
    /// position, so no earlier block is final).
    /// </summary>
    /// <param name="x">Input [batch, inChannels, inSpatial...].</param>
    /// <param name="w">Weights [inChannels, outChannels/group, kernel...].</param>
    /// <param name="bias">Bias [outChannels], or empty.</param>
    /// <param name="residual">The epilogue's second operand (y's shape), or empty.</param>
    /// <param name="y">Output [batch, outChannels, outSpatial...].</param>
    /// <param name="columns">Scratch: (outChannels/group)·prod(kernel)·min(columnTile, prod(inSpatial)) elements.</param>
    /// <param name="columnTile">Input positions per GEMM tile (at least 1).</param>
    /// <param name="batch">Batch size.</param>
    /// <param name="inChannels">Input channels.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="group">Group count (divides both channel counts).</param>
    /// <param name="inSpatial">Input spatial dims.</param>
    /// <param name="kernel">Kernel spatial dims.</param>
    /// <param name="outSpatial">Output spatial dims.</param>
    /// <param name="strides">Stride per spatial axis.</param>
    /// <param name="dilations">Dilation per spatial axis.</param>
    /// <param name="padsBegin">Leading padding per spatial axis.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T, TEpilogue>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> bias, ReadOnlySpan<T> residual, Span<T> y, Span<T> columns, int columnTile,
        int batch, int inChannels, int outChannels, int group, ReadOnlySpan<int> inSpatial, ReadOnlySpan<int> kernel,
        ReadOnlySpan<int> outSpatial, ReadOnlySpan<int> strides, ReadOnlySpan<int> dilations, ReadOnlySpan<int> padsBegin)
        where T : unmanaged, INumber<T> where TEpilogue : struct, IEpilogue<T>
    {
        int dims = inSpatial.Length;
        if (dims < 1 || dims > 8 || kernel.Length != dims || outSpatial.Length != dims || strides.Length != dims || dilations.Length != dims || padsBegin.Length != dims)
            throw new ArgumentException("Spatial argument lists must all have the input's spatial rank (1..8).");
        if (batch < 0 || group <= 0 || inChannels % group != 0 || outChannels % group != 0 || columnTile < 1)
            throw new ArgumentException("Channel counts must be multiples of a positive group, and the tile positive.");
        int cinG = inChannels / group, coutG = outChannels / group;
        int inSize = Simd.Product(inSpatial, nameof(inSpatial)), outSize = Simd.Product(outSpatial, nameof(outSpatial)), kSize = Simd.Product(kernel, nameof(kernel));
        int rows = coutG * kSize;
        Simd.Need(x.Length, (long)batch * inChannels * inSize, nameof(x));
        Simd.Need(w.Length, (long)inChannels * rows, nameof(w));
        Simd.Need(y.Length, (long)batch * outChannels * outSize, nameof(y));
        Simd.Need(columns.Length, (long)rows * Math.Min(columnTile, inSize), nameof(columns));
        if (!bias.IsEmpty) Simd.Need(bias.Length, outChannels, nameof(bias));
        if (!residual.IsEmpty) Simd.Need(residual.Length, (long)batch * outChannels * outSize, nameof(residual));
        for (int b = 0; b < batch; b++)
            for (int oc = 0; oc < outChannels; oc++)
                y.Slice((b * outChannels + oc) * outSize, outSize).Fill(bias.IsEmpty ? T.Zero : bias[oc]);
        if (inSize == 0 || rows == 0)
        {
            // No product to add: y is the bias alone, which the epilogue still applies to.
            if (!TEpilogue.IsIdentity) TEpilogue.Apply(y, residual, 0, batch * outChannels * outSize);
            return;
        }
        Span<int> tap = stackalloc int[8], pos = stackalloc int[8];
        for (int b = 0; b < batch; b++)
            for (int g = 0; g < group; g++)
            {
                int xOff = (b * inChannels + g * cinG) * inSize, yOff = (b * outChannels + g * coutG) * outSize;
                for (int p0 = 0; p0 < inSize; p0 += columnTile)
                {
                    int nc = Math.Min(columnTile, inSize - p0);
                    // columns[r, j] = Σ_ic w[g·cinG + ic, r] · x[ic, p0 + j]: A = the group's weights transposed (row stride 1, column stride rows).
                    Gemm.Product(w, g * cinG * rows, 1, rows, x, xOff + p0, inSize, 1, columns, 0, nc, rows, nc, cinG, T.One, false);
                    Col2Im(columns, nc, p0, y, yOff, coutG, kSize, inSpatial, kernel, outSpatial, strides, dilations, padsBegin, tap, pos);
                }
                if (!TEpilogue.IsIdentity) TEpilogue.Apply(y, residual, yOff, coutG * outSize);
            }
    }

    /// <summary>Adds each (output channel, tap) row of the tile into y at o = p·stride + tap·dilation − padBegin, where that lies inside.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Col2Im<T>(ReadOnlySpan<T> columns, int nc, int p0, Span<T> y, int yOff, int coutG, int kSize, ReadOnlySpan<int> inSpatial,
        ReadOnlySpan<int> kernel, ReadOnlySpan<int> outSpatial, ReadOnlySpan<int> strides, ReadOnlySpan<int> dilations, ReadOnlySpan<int> padsBegin,
        Span<int> tap, Span<int> pos) where T : unmanaged, INumber<T>
    {
        int dims = inSpatial.Length, outSize = Simd.Product(outSpatial, "outSpatial");
        for (int oc = 0; oc < coutG; oc++)
        {
            tap.Clear();
            for (int t = 0; t < kSize; t++)
            {
                ReadOnlySpan<T> row = columns.Slice((oc * kSize + t) * nc, nc);
                Span<T> plane = y.Slice(yOff + oc * outSize, outSize);
                // The first position of the tile as a multi-index; then stepped like an odometer.
                for (int d = dims - 1, rem = p0; d >= 0; d--) { pos[d] = rem % inSpatial[d]; rem /= inSpatial[d]; }
                for (int j = 0; j < nc; j++)
                {
                    int o = 0;
                    bool inside = true;
                    for (int d = 0; d < dims; d++)
                    {
                        int od = pos[d] * strides[d] + tap[d] * dilations[d] - padsBegin[d];
                        if ((uint)od >= (uint)outSpatial[d]) { inside = false; break; }
                        o = o * outSpatial[d] + od;
                    }
                    if (inside) plane[o] += row[j];
                    for (int d = dims - 1; d >= 0; d--)
                    {
                        if (++pos[d] < inSpatial[d]) break;
                        pos[d] = 0;
                    }
                }
                for (int d = dims - 1; d >= 0; d--)
                {
                    if (++tap[d] < kernel[d]) break;
                    tap[d] = 0;
                }
            }
        }
    }
}

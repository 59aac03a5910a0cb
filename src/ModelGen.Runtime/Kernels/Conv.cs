using System;
using System.Numerics;
using System.Runtime.Intrinsics;
using ModelGen.Runtime.Threading;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// ONNX Conv, N-D spatial, in the three algorithms the compiler chooses between at build time by shape:
/// <see cref="Direct{T}"/> (one input channel per group: depthwise and friends, a loop of row AXPYs, no scratch),
/// <see cref="Pointwise{T}"/> (1×1, stride 1, no padding: a GEMM straight on x, no scratch), and
/// <see cref="Im2ColGemm{T}"/> (im2col into a scratch of column tiles the compiler sizes, then the shared
/// register-blocked GEMM of <see cref="Gemm"/>).
/// </summary>
public static partial class Conv
{
    /// <summary>
    /// One input channel per group (group == inChannels): y[b, oc] = bias[oc] + Σ taps of x[b, oc / (outChannels/inChannels)].
    /// </summary>
    /// <param name="x">Input [batch, inChannels, inSpatial...].</param>
    /// <param name="w">Weights [outChannels, 1, kernel...].</param>
    /// <param name="bias">Bias [outChannels], or empty.</param>
    /// <param name="y">Output [batch, outChannels, outSpatial...].</param>
    /// <param name="batch">Batch size.</param>
    /// <param name="inChannels">Input channels (= the group count).</param>
    /// <param name="outChannels">Output channels, a multiple of inChannels.</param>
    /// <param name="inSpatial">Input spatial dims.</param>
    /// <param name="kernel">Kernel spatial dims.</param>
    /// <param name="outSpatial">Output spatial dims.</param>
    /// <param name="strides">Stride per spatial axis.</param>
    /// <param name="dilations">Dilation per spatial axis.</param>
    /// <param name="padsBegin">Leading padding per spatial axis (end padding is implied by outSpatial).</param>
    /// <param name="threads">The model's thread budget (null: the calling thread only); any budget gives the same bits.</param>
    public static void Direct<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> bias, Span<T> y, int batch, int inChannels, int outChannels,
        ReadOnlySpan<int> inSpatial, ReadOnlySpan<int> kernel, ReadOnlySpan<int> outSpatial, ReadOnlySpan<int> strides, ReadOnlySpan<int> dilations,
        ReadOnlySpan<int> padsBegin, ParallelRange? threads = null) where T : unmanaged, INumber<T> =>
        Direct<T, NoEpilogue<T>>(x, w, bias, default, y, batch, inChannels, outChannels, inSpatial, kernel, outSpatial, strides, dilations, padsBegin, threads);

    /// <summary>
    /// <see cref="Direct{T}"/> followed by an epilogue (a fused activation, a residual Add), applied to each output
    /// channel's plane as soon as it is complete.
    /// </summary>
    /// <param name="x">Input [batch, inChannels, inSpatial...].</param>
    /// <param name="w">Weights [outChannels, 1, kernel...].</param>
    /// <param name="bias">Bias [outChannels], or empty.</param>
    /// <param name="residual">The epilogue's second operand (y's shape), or empty.</param>
    /// <param name="y">Output [batch, outChannels, outSpatial...].</param>
    /// <param name="batch">Batch size.</param>
    /// <param name="inChannels">Input channels (= the group count).</param>
    /// <param name="outChannels">Output channels, a multiple of inChannels.</param>
    /// <param name="inSpatial">Input spatial dims.</param>
    /// <param name="kernel">Kernel spatial dims.</param>
    /// <param name="outSpatial">Output spatial dims.</param>
    /// <param name="strides">Stride per spatial axis.</param>
    /// <param name="dilations">Dilation per spatial axis.</param>
    /// <param name="padsBegin">Leading padding per spatial axis (end padding is implied by outSpatial).</param>
    /// <param name="threads">The model's thread budget (null: the calling thread only); any budget gives the same bits.</param>
    public static void Direct<T, TEpilogue>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> bias, ReadOnlySpan<T> residual, Span<T> y, int batch, int inChannels, int outChannels,
        ReadOnlySpan<int> inSpatial, ReadOnlySpan<int> kernel, ReadOnlySpan<int> outSpatial, ReadOnlySpan<int> strides, ReadOnlySpan<int> dilations,
        ReadOnlySpan<int> padsBegin, ParallelRange? threads = null) where T : unmanaged, INumber<T> where TEpilogue : struct, IEpilogue<T>
    {
        if (inChannels <= 0) throw new ArgumentException("Direct convolution needs at least one input channel.");
        if (!Validate(x, w, bias, y, batch, inChannels, outChannels, inChannels, inSpatial, kernel, outSpatial, strides, dilations, padsBegin)) return;
        if (!residual.IsEmpty) Simd.Need(residual.Length, y.Length, nameof(residual));
        long work = (long)batch * outChannels * Simd.Product(outSpatial, nameof(outSpatial)) * Simd.Product(kernel, nameof(kernel));
        int planes = batch * outChannels, parts = ParallelRange.PartsFor(threads, planes, work);
        if (parts > 1) DirectPlanes<T, TEpilogue>(x, w, bias, residual, y, batch, inChannels, outChannels, inSpatial, kernel, outSpatial, strides, dilations, padsBegin, parts, threads!);
        else DirectCore<T, TEpilogue>(x, w, bias, residual, y, 0, planes, inChannels, outChannels, outChannels / inChannels, inSpatial, kernel, outSpatial, strides, dilations, padsBegin);
    }

    /// <summary>1×1, stride 1, unpadded: per group, y_g[coutG × size] = w_g[coutG × cinG] · x_g[cinG × size] (+ bias).</summary>
    /// <param name="x">Input [batch, inChannels, size].</param>
    /// <param name="w">Weights [outChannels, inChannels/group].</param>
    /// <param name="bias">Bias [outChannels], or empty.</param>
    /// <param name="y">Output [batch, outChannels, size].</param>
    /// <param name="batch">Batch size.</param>
    /// <param name="inChannels">Input channels.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="group">Group count (divides both channel counts).</param>
    /// <param name="size">Spatial positions (the product of the spatial dims).</param>
    /// <param name="threads">The model's thread budget (null: the calling thread only); any budget gives the same bits.</param>
    public static void Pointwise<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> bias, Span<T> y, int batch, int inChannels, int outChannels, int group, int size,
        ParallelRange? threads = null)
        where T : unmanaged, INumber<T> =>
        Pointwise<T, NoEpilogue<T>>(x, w, bias, default, y, batch, inChannels, outChannels, group, size, threads);

    /// <summary><see cref="Pointwise{T}"/> followed by an epilogue, applied to each group's block of rows as soon as the GEMM has written it.</summary>
    /// <param name="x">Input [batch, inChannels, size].</param>
    /// <param name="w">Weights [outChannels, inChannels/group].</param>
    /// <param name="bias">Bias [outChannels], or empty.</param>
    /// <param name="residual">The epilogue's second operand (y's shape), or empty.</param>
    /// <param name="y">Output [batch, outChannels, size].</param>
    /// <param name="batch">Batch size.</param>
    /// <param name="inChannels">Input channels.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="group">Group count (divides both channel counts).</param>
    /// <param name="size">Spatial positions (the product of the spatial dims).</param>
    /// <param name="threads">The model's thread budget (null: the calling thread only); any budget gives the same bits.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Pointwise<T, TEpilogue>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> bias, ReadOnlySpan<T> residual, Span<T> y, int batch, int inChannels, int outChannels, int group, int size,
        ParallelRange? threads = null)
        where T : unmanaged, INumber<T> where TEpilogue : struct, IEpilogue<T>
    {
        if (batch < 0 || inChannels < 0 || outChannels < 0 || size < 0 || group <= 0 || inChannels % group != 0 || outChannels % group != 0)
            throw new ArgumentException("Channel counts must be non-negative multiples of a positive group.");
        int cinG = inChannels / group, coutG = outChannels / group;
        Simd.Need(x.Length, (long)batch * inChannels * size, nameof(x));
        Simd.Need(w.Length, (long)outChannels * cinG, nameof(w));
        Simd.Need(y.Length, (long)batch * outChannels * size, nameof(y));
        if (!bias.IsEmpty) Simd.Need(bias.Length, outChannels, nameof(bias));
        if (!residual.IsEmpty) Simd.Need(residual.Length, (long)batch * outChannels * size, nameof(residual));
        bool hasBias = !bias.IsEmpty;
        for (int b = 0; b < batch; b++)
            for (int g = 0; g < group; g++)
            {
                int yOff = (b * outChannels + g * coutG) * size;
                // The bias is one value per output channel, i.e. per row of the product (bias stride 1 along rows,
                // 0 along columns): the GEMM adds it as it stores.
                Gemm.Product(w, g * coutG * cinG, cinG, 1, x, (b * inChannels + g * cinG) * size, size, 1,
                    y, yOff, size, coutG, size, cinG, T.One, false, hasBias ? bias : default, g * coutG, 1, 0, threads);
                if (!TEpilogue.IsIdentity) TEpilogue.Apply(y, residual, yOff, coutG * size);
            }
    }

    /// <summary>
    /// The general case: for each group, output positions are taken <paramref name="columnTile"/> at a time; their
    /// im2col rows go into <paramref name="columns"/> and the GEMM writes y. Taps in the padding read 0.
    /// </summary>
    /// <param name="x">Input [batch, inChannels, inSpatial...].</param>
    /// <param name="w">Weights [outChannels, inChannels/group, kernel...].</param>
    /// <param name="bias">Bias [outChannels], or empty.</param>
    /// <param name="y">Output [batch, outChannels, outSpatial...].</param>
    /// <param name="columns">Scratch: at least (inChannels/group)·prod(kernel)·columnTile elements.</param>
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
    /// <param name="threads">The model's thread budget (null: the calling thread only); any budget gives the same bits.</param>
    public static void Im2ColGemm<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> bias, Span<T> y, Span<T> columns, int columnTile,
        int batch, int inChannels, int outChannels, int group, ReadOnlySpan<int> inSpatial, ReadOnlySpan<int> kernel,
        ReadOnlySpan<int> outSpatial, ReadOnlySpan<int> strides, ReadOnlySpan<int> dilations, ReadOnlySpan<int> padsBegin, ParallelRange? threads = null)
        where T : unmanaged, INumber<T> =>
        Im2ColGemm<T, NoEpilogue<T>>(x, w, bias, default, y, columns, columnTile, batch, inChannels, outChannels, group, inSpatial, kernel, outSpatial, strides, dilations, padsBegin, threads);

    /// <summary><see cref="Im2ColGemm{T}"/> followed by an epilogue, applied to each column tile's rows as soon as the GEMM has written them (still in cache).</summary>
    /// <param name="x">Input [batch, inChannels, inSpatial...].</param>
    /// <param name="w">Weights [outChannels, inChannels/group, kernel...].</param>
    /// <param name="bias">Bias [outChannels], or empty.</param>
    /// <param name="residual">The epilogue's second operand (y's shape), or empty.</param>
    /// <param name="y">Output [batch, outChannels, outSpatial...].</param>
    /// <param name="columns">Scratch: at least (inChannels/group)·prod(kernel)·columnTile elements.</param>
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
    /// <param name="threads">The model's thread budget (null: the calling thread only); any budget gives the same bits.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Im2ColGemm<T, TEpilogue>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> bias, ReadOnlySpan<T> residual, Span<T> y, Span<T> columns, int columnTile,
        int batch, int inChannels, int outChannels, int group, ReadOnlySpan<int> inSpatial, ReadOnlySpan<int> kernel,
        ReadOnlySpan<int> outSpatial, ReadOnlySpan<int> strides, ReadOnlySpan<int> dilations, ReadOnlySpan<int> padsBegin, ParallelRange? threads = null)
        where T : unmanaged, INumber<T> where TEpilogue : struct, IEpilogue<T>
    {
        if (columnTile < 1) throw new ArgumentException("columnTile must be at least 1.", nameof(columnTile));
        if (!Validate(x, w, bias, y, batch, inChannels, outChannels, group, inSpatial, kernel, outSpatial, strides, dilations, padsBegin)) return;
        int cinG = inChannels / group, coutG = outChannels / group;
        int inSize = Simd.Product(inSpatial, nameof(inSpatial)), outSize = Simd.Product(outSpatial, nameof(outSpatial));
        int rows = cinG * Simd.Product(kernel, nameof(kernel));
        Simd.Need(columns.Length, (long)rows * Math.Min(columnTile, outSize), nameof(columns));
        if (!residual.IsEmpty) Simd.Need(residual.Length, y.Length, nameof(residual));
        // A network's RGB stem at stride 2 is computed directly where the machine has AVX-512 (ConvStemStride2.cs).
        if (IsStem<T>(inChannels, outChannels, group, inSpatial, kernel, outSpatial, strides, dilations, padsBegin))
        {
            Stem<T, TEpilogue>(x, w, bias, residual, y, batch, inChannels, outChannels, inSpatial, outSpatial, threads);
            return;
        }
        int tiles = (outSize + columnTile - 1) / columnTile;
        int parts = ParallelRange.PartsFor(threads, batch * group * tiles, (long)batch * outChannels * outSize * rows);
        if (parts > 1)
        {
            Im2ColTiles<T, TEpilogue>(x, w, bias, residual, y, columns, columnTile, batch, inChannels, outChannels, group, inSpatial, kernel, outSpatial,
                strides, dilations, padsBegin, rows, tiles, parts, threads!);
            return;
        }
        for (int b = 0; b < batch; b++)
            for (int g = 0; g < group; g++)
            {
                int xOff = (b * inChannels + g * cinG) * inSize, yOff = (b * outChannels + g * coutG) * outSize;
                for (int c0 = 0; c0 < outSize; c0 += columnTile)
                    Im2ColTile<T, TEpilogue>(x, xOff, w, bias, residual, y, yOff, columns, c0, Math.Min(columnTile, outSize - c0), g, cinG, coutG, rows,
                        inSize, outSize, inSpatial, kernel, outSpatial, strides, dilations, padsBegin);
            }
    }

    /// <summary>
    /// One column tile of <see cref="Im2ColGemm{T, TEpilogue}"/>: output positions [c0, c0+nc) of image and group (xOff, yOff, g).
    /// Its columns (a rows × nc matrix), the product with the group's weights (and the bias) into y, then the epilogue on those rows.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Im2ColTile<T, TEpilogue>(ReadOnlySpan<T> x, int xOff, ReadOnlySpan<T> w, ReadOnlySpan<T> bias, ReadOnlySpan<T> residual,
        Span<T> y, int yOff, Span<T> columns, int c0, int nc, int g, int cinG, int coutG, int rows, int inSize, int outSize,
        ReadOnlySpan<int> inSpatial, ReadOnlySpan<int> kernel, ReadOnlySpan<int> outSpatial, ReadOnlySpan<int> strides, ReadOnlySpan<int> dilations,
        ReadOnlySpan<int> padsBegin)
        where T : unmanaged, INumber<T> where TEpilogue : struct, IEpilogue<T>
    {
        if (inSpatial.Length == 2)
            Im2Col2D(x, xOff, columns, c0, nc, cinG, inSize, inSpatial, kernel, outSpatial, strides, dilations, padsBegin);
        else Im2Col(x, xOff, columns, c0, nc, cinG, inSize, inSpatial, kernel, outSpatial, strides, dilations, padsBegin);
        Gemm.Product(w, g * coutG * rows, rows, 1, columns, 0, nc, 1, y, yOff + c0, outSize, coutG, nc, rows, T.One, false, bias, g * coutG, 1, 0);
        if (!TEpilogue.IsIdentity)
            for (int r = 0; r < coutG; r++) TEpilogue.Apply(y, residual, yOff + c0 + r * outSize, nc);
    }

    /// <summary>Checks the arguments every algorithm shares; false when there is nothing to compute.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool Validate<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> bias, Span<T> y, int batch, int inChannels, int outChannels, int group,
        ReadOnlySpan<int> inSpatial, ReadOnlySpan<int> kernel, ReadOnlySpan<int> outSpatial, ReadOnlySpan<int> strides, ReadOnlySpan<int> dilations,
        ReadOnlySpan<int> padsBegin)
    {
        int dims = inSpatial.Length;
        if (dims < 1 || dims > 8 || kernel.Length != dims || outSpatial.Length != dims || strides.Length != dims
            || dilations.Length != dims || padsBegin.Length != dims)
            throw new ArgumentException("Spatial argument lists must all have the input's spatial rank (1..8).");
        if (batch < 0 || inChannels < 0 || outChannels < 0 || group <= 0 || inChannels % group != 0 || outChannels % group != 0)
            throw new ArgumentException("Channel counts must be non-negative multiples of a positive group.");
        for (int d = 0; d < dims; d++)
            if (strides[d] < 1 || dilations[d] < 1 || kernel[d] < 1) throw new ArgumentException("Kernel, strides and dilations must be positive.");
        int cinG = inChannels / group;
        int inSize = Simd.Product(inSpatial, nameof(inSpatial)), outSize = Simd.Product(outSpatial, nameof(outSpatial));
        int kSize = Simd.Product(kernel, nameof(kernel));
        Simd.Need(x.Length, (long)batch * inChannels * inSize, nameof(x));
        Simd.Need(w.Length, (long)outChannels * cinG * kSize, nameof(w));
        Simd.Need(y.Length, (long)batch * outChannels * outSize, nameof(y));
        if (!bias.IsEmpty) Simd.Need(bias.Length, outChannels, nameof(bias));
        return batch != 0 && outChannels != 0 && outSize != 0;
    }

    /// <summary>
    /// Column matrix for output positions [c0, c0+nc): row (ic, tap) holds, for each position, the input value
    /// that tap reads (0 in the padding). Walks positions in runs along the last output axis, where the valid
    /// range of a tap is found in closed form, so the inner work is a copy (stride 1) or a strided gather.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Im2Col<T>(ReadOnlySpan<T> x, int xOff, Span<T> col, int c0, int nc, int cinG, int inSize,
        ReadOnlySpan<int> inSpatial, ReadOnlySpan<int> kernel, ReadOnlySpan<int> outSpatial, ReadOnlySpan<int> strides,
        ReadOnlySpan<int> dilations, ReadOnlySpan<int> pads) where T : unmanaged
    {
        int dims = inSpatial.Length, last = dims - 1;
        int outL = outSpatial[last], inL = inSpatial[last], sL = strides[last];
        Span<int> inStride = stackalloc int[8], first = stackalloc int[8], o = stackalloc int[8], kk = stackalloc int[8];
        for (int d = last, s = 1; d >= 0; s *= inSpatial[d], d--) inStride[d] = s;
        for (int d = last, rem = c0; d >= 0; d--) { first[d] = rem % outSpatial[d]; rem /= outSpatial[d]; }
        int kSize = Simd.Product(kernel, "kernel");
        int row = 0;
        for (int ic = 0; ic < cinG; ic++)
        {
            int xc = xOff + ic * inSize;
            kk.Clear();
            for (int t = 0; t < kSize; t++, row++)
            {
                Span<T> dst = col.Slice(row * nc, nc);
                int offL = kk[last] * dilations[last] - pads[last];
                first.CopyTo(o);
                for (int pos = 0; pos < nc;)
                {
                    int oL = o[last], run = Math.Min(outL - oL, nc - pos);
                    int xo = xc;
                    bool valid = true;
                    for (int d = 0; d < last; d++)
                    {
                        int i = o[d] * strides[d] + kk[d] * dilations[d] - pads[d];
                        if ((uint)i >= (uint)inSpatial[d]) { valid = false; break; }
                        xo += i * inStride[d];
                    }
                    if (!valid) dst.Slice(pos, run).Clear();
                    else
                    {
                        int lo = Math.Clamp(Simd.CeilDiv(-offL, sL), oL, oL + run);
                        int hi = Math.Clamp(Simd.CeilDiv(inL - offL, sL), lo, oL + run);
                        dst.Slice(pos, lo - oL).Clear();
                        // A row entirely inside the padding has lo == hi: nothing to copy (and its start may lie before the input).
                        if (sL == 1) { if (hi > lo) x.Slice(xo + lo + offL, hi - lo).CopyTo(dst.Slice(pos + lo - oL)); }
                        else
                            for (int j = lo, xi = xo + lo * sL + offL; j < hi; j++, xi += sL) dst[pos + j - oL] = x[xi];
                        dst.Slice(pos + hi - oL, oL + run - hi).Clear();
                    }
                    pos += run;
                    o[last] += run;
                    if (o[last] == outL)
                    {
                        o[last] = 0;
                        for (int d = last - 1; d >= 0; d--)
                        {
                            if (++o[d] < outSpatial[d]) break;
                            o[d] = 0;
                        }
                    }
                }
                for (int d = last; d >= 0; d--)
                {
                    if (++kk[d] < kernel[d]) break;
                    kk[d] = 0;
                }
            }
        }
    }

    /// <summary>
    /// <see cref="Im2Col{T}"/> for 2-D convolutions (most of them), with each tap's valid column range computed once
    /// per tap instead of once per output row, and raw copies: on a small image (mnist-8's 14×14, 5×5 taps) the
    /// general N-D walk spent as long building the columns as the GEMM spent using them.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Im2Col2D<T>(ReadOnlySpan<T> x, int xOff, Span<T> col, int c0, int nc, int cinG, int inSize,
        ReadOnlySpan<int> inSpatial, ReadOnlySpan<int> kernel, ReadOnlySpan<int> outSpatial, ReadOnlySpan<int> strides,
        ReadOnlySpan<int> dilations, ReadOnlySpan<int> pads) where T : unmanaged
    {
        int inH = inSpatial[0], inW = inSpatial[1], outW = outSpatial[1], kH = kernel[0], kW = kernel[1];
        int sH = strides[0], sW = strides[1], dH = dilations[0], dW = dilations[1], padH = pads[0], padW = pads[1];
        int firstH = c0 / outW, firstW = c0 % outW;
        // The caller sized x (batch·channels·inSize) and col (rows·nc): every address below is inside them.
        fixed (T* px = x, pcol = col)
        {
            T* dst = pcol;
            for (int ic = 0; ic < cinG; ic++)
            {
                T* xc = px + xOff + (nint)ic * inSize;
                for (int kh = 0; kh < kH; kh++)
                    for (int kw = 0; kw < kW; kw++, dst += nc)
                    {
                        // Output columns [lo, hi) of this tap read inside the row: ow*sW + offW in [0, inW).
                        int offW = kw * dW - padW;
                        int lo = Math.Clamp(Simd.CeilDiv(-offW, sW), 0, outW);
                        int hi = Math.Clamp(Simd.CeilDiv(inW - offW, sW), lo, outW);
                        int oh = firstH, ow = firstW;
                        for (int pos = 0; pos < nc;)
                        {
                            int run = Math.Min(outW - ow, nc - pos), end = ow + run;
                            T* d = dst + pos - ow; // d[j] is output column j of this output row
                            int ih = oh * sH + kh * dH - padH;
                            if ((uint)ih >= (uint)inH) new Span<T>(d + ow, run).Clear();
                            else
                            {
                                int a = Math.Clamp(lo, ow, end), b = Math.Clamp(hi, a, end);
                                T* xr = xc + (nint)ih * inW + offW;
                                for (int j = ow; j < a; j++) d[j] = default;
                                // Float runs through Simd.Copy: inline for short ones (a call per run cost as much as the copying).
                                if (sW == 1 && typeof(T) == typeof(float)) Simd.Copy((float*)(xr + a), (float*)(d + a), b - a);
                                else if (sW == 1) { if (b > a) Buffer.MemoryCopy(xr + a, d + a, (long)(b - a) * sizeof(T), (long)(b - a) * sizeof(T)); }
                                else for (int j = a; j < b; j++) d[j] = xr[(nint)j * sW];
                                for (int j = b; j < end; j++) d[j] = default;
                            }
                            pos += run;
                            ow = end;
                            if (ow == outW) { ow = 0; oh++; }
                        }
                    }
            }
        }
    }

    /// <summary>
    /// One input channel per group: for each output row and each combination of the outer kernel taps, all taps
    /// along the last axis are applied in one pass over the row (<see cref="DirectRow{T}"/>); the y row stays in L1.
    /// </summary>
    [System.Runtime.CompilerServices.SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void DirectCore<T, TEpilogue>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> bias, ReadOnlySpan<T> residual, Span<T> y,
        int planeStart, int planeEnd, int inChannels, int outChannels, int coutG, ReadOnlySpan<int> inSpatial, ReadOnlySpan<int> kernel,
        ReadOnlySpan<int> outSpatial, ReadOnlySpan<int> strides, ReadOnlySpan<int> dilations, ReadOnlySpan<int> pads)
        where T : unmanaged, INumber<T> where TEpilogue : struct, IEpilogue<T>
    {
        int dims = inSpatial.Length, last = dims - 1;
        var row = new RowGeometry(inSpatial[last], outSpatial[last], kernel[last], strides[last], dilations[last], pads[last]);
        int inSize = Simd.Product(inSpatial, "inSpatial"), outSize = Simd.Product(outSpatial, "outSpatial");
        int kSize = Simd.Product(kernel, "kernel"), rowsPerPlane = outSize / row.OutL, combos = kSize / row.KL;
        Span<int> inStride = stackalloc int[8], o = stackalloc int[8], kk = stackalloc int[8];
        for (int d = last, s = 1; d >= 0; s *= inSpatial[d], d--) inStride[d] = s;
        // A small 2-D float plane whose rows have edge outputs (taps in the padding) is copied once per input
        // channel into a zero-padded plane: every output of a row is then interior, all of it vector work
        // (mnist-8's 28-wide rows: 16 + 8 + 4 vectors instead of a vector, 8 unchecked and 4 checked scalars).
        int paddedW = Math.Max(row.OutL + (row.KL - 1) * row.Dilation, row.Pad + row.InL);
        bool squarePlane = IsSquarePlane<T>(kernel, strides, dilations);
        // (Not for the 3×3 pad-1 plane that makes its padding column in registers, which reads the plane in place.)
        bool padPlane = typeof(T) == typeof(float) && Vector128.IsHardwareAccelerated && dims == 2 && row.Stride == 1
            && (row.Lo > 0 || row.Hi < row.OutL) && (long)inSpatial[0] * paddedW <= MaxPaddedPlane
            && !(squarePlane && HasEdgeVectors(kernel[0], strides[1], pads[1], inSpatial[1], outSpatial[1]));
        Span<T> padded = padPlane ? stackalloc T[MaxPaddedPlane] : default;
        var paddedRow = new RowGeometry(paddedW, row.OutL, row.KL, 1, row.Dilation, 0);
        fixed (T* px = x, py = y, pw = w, pp = padded)
        {
            // Planes (b, oc) in [planeStart, planeEnd): one thread's share, or all of them.
            for (int plane = planeStart; plane < planeEnd; plane++)
            {
                int b = plane / outChannels, oc = plane % outChannels;
                int xc = (b * inChannels + oc / coutG) * inSize, yc = (b * outChannels + oc) * outSize;
                // The padded copy is per input channel: made at its first output channel, or where this share starts.
                if (padPlane && (oc % coutG == 0 || plane == planeStart)) PadPlane((float*)(px + xc), (float*)pp, inSpatial[0], row.InL, row.Pad, paddedW);
                if (squarePlane)
                {
                    // From the column-padded copy every column is interior, vector work; rows in the padding are skipped.
                    float* planeX = padPlane ? (float*)pp : (float*)(px + xc), planeY = (float*)(py + yc), planeW = (float*)(pw + oc * kSize);
                    float planeBias = bias.IsEmpty ? 0f : float.CreateTruncating(bias[oc]);
                    int planeInW = padPlane ? paddedW : inSpatial[1], padLeft = padPlane ? 0 : pads[1];
                    if (strides[1] == 2)
                        SquarePlane<Stride2>(planeX, planeY, planeW, planeBias, inSpatial[0], planeInW, outSpatial[0], outSpatial[1], pads[0], padLeft, kernel[0]);
                    else SquarePlane<Stride1>(planeX, planeY, planeW, planeBias, inSpatial[0], planeInW, outSpatial[0], outSpatial[1], pads[0], padLeft, kernel[0]);
                    if (!TEpilogue.IsIdentity) TEpilogue.Apply(y, residual, yc, outSize);
                    continue;
                }
                y.Slice(yc, outSize).Fill(bias.IsEmpty ? T.Zero : bias[oc]);
                o.Clear();
                for (int rowIdx = 0; rowIdx < rowsPerPlane; rowIdx++)
                {
                    T* yRow = py + yc + rowIdx * row.OutL;
                    kk.Clear();
                    for (int combo = 0; combo < combos; combo++)
                    {
                        int xo = xc;
                        bool valid = true;
                        for (int d = 0; d < last; d++)
                        {
                            int i = o[d] * strides[d] + kk[d] * dilations[d] - pads[d];
                            if ((uint)i >= (uint)inSpatial[d]) { valid = false; break; }
                            xo += i * inStride[d];
                        }
                        if (valid && padPlane) DirectRow(pp + (xo - xc) / row.InL * paddedW, yRow, pw + oc * kSize + combo * row.KL, paddedRow);
                        else if (valid) DirectRow(px + xo, yRow, pw + oc * kSize + combo * row.KL, row);
                        for (int d = last - 1; d >= 0; d--)
                        {
                            if (++kk[d] < kernel[d]) break;
                            kk[d] = 0;
                        }
                    }
                    for (int d = last - 1; d >= 0; d--)
                    {
                        if (++o[d] < outSpatial[d]) break;
                        o[d] = 0;
                    }
                }
                if (!TEpilogue.IsIdentity) TEpilogue.Apply(y, residual, yc, outSize);
            }
        }
    }

    // Elements of the zero-padded plane copy (64 KB of floats on the stack): a 112×112 plane fits (MobileNet's and
    // ultraface's widest depthwise layers), whose two border columns the scalar loop otherwise computes at the cost of
    // the vector interior (depthwise 3×3 on 32×112×112: 0.173 → 0.130 ms, in one process).
    private const int MaxPaddedPlane = 16384;

    /// <summary>dst row r = [pad zeros, src row r (width), zeros up to paddedW], for each of the plane's rows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void PadPlane(float* src, float* dst, int rows, int width, int pad, int paddedW)
    {
        for (int r = 0; r < rows; r++, src += width, dst += paddedW) PaddedRow.Copy(src, width, dst, pad, paddedW - pad - width);
    }

    /// <summary>Last-axis geometry of a direct convolution, with the range of outputs whose taps are all inside.</summary>
    private readonly struct RowGeometry
    {
        public readonly int InL, OutL, KL, Stride, Dilation, Pad, Lo, Hi;

        public RowGeometry(int inL, int outL, int kl, int stride, int dilation, int pad)
        {
            InL = inL; OutL = outL; KL = kl; Stride = stride; Dilation = dilation; Pad = pad;
            // j is interior when j*stride - pad >= 0 and j*stride - pad + (kl-1)*dilation < inL.
            Lo = Math.Min(outL, Simd.CeilDiv(pad, stride));
            Hi = Math.Clamp(Simd.CeilDiv(inL + pad - (kl - 1) * dilation, stride), Lo, outL);
        }
    }

    /// <summary>
    /// yRow[j] += Σ_t w[t] * xRow[j*stride - pad + t*dilation] over the taps inside the row. Interior outputs
    /// (all taps inside) run without checks, as a SIMD loop for float at strides 1 and 2; the few edge outputs check.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void DirectRow<T>(T* xRow, T* yRow, T* w, in RowGeometry g) where T : unmanaged, INumber<T>
    {
        int j = g.Lo;
        if (typeof(T) == typeof(float) && g.Stride == 1) j = DirectInteriors<Stride1>((float*)xRow - g.Pad, (float*)yRow, (float*)w, g, j);
        else if (typeof(T) == typeof(float) && g.Stride == 2) j = DirectInteriors<Stride2>((float*)xRow - g.Pad, (float*)yRow, (float*)w, g, j);
        for (; j < g.Hi; j++)
        {
            T acc = yRow[j];
            T* xp = xRow + (j * g.Stride - g.Pad);
            for (int t = 0; t < g.KL; t++) acc += w[t] * xp[t * g.Dilation];
            yRow[j] = acc;
        }
        // Edges: outputs [0, Lo) and [Hi, OutL), where some taps fall in the padding.
        for (int e = 0; e < g.OutL; e++)
        {
            if (e == g.Lo && g.Lo < g.Hi) { e = g.Hi - 1; continue; } // skip the interior
            int st = e * g.Stride - g.Pad;
            T acc = yRow[e];
            for (int t = 0; t < g.KL; t++)
            {
                int i = st + t * g.Dilation;
                if ((uint)i < (uint)g.InL) acc += w[t] * xRow[i];
            }
            yRow[e] = acc;
        }
    }

    /// <summary>
    /// The vector interior of <see cref="DirectRow{T}"/> (x at input column −pad): widest vectors first, then narrower
    /// ones for the rest (a 28-wide row is 16 + 8 + 4, not one 16-wide vector and 12 scalar outputs). Returns the first
    /// output it left.
    /// </summary>
    private static unsafe int DirectInteriors<TStride>(float* x, float* y, float* w, in RowGeometry g, int j) where TStride : struct, IColumnStride
    {
        int end = Math.Min(g.Hi, TStride.VectorEnd(g.InL + g.Pad, (g.KL - 1) * g.Dilation));
        if (Vector512.IsHardwareAccelerated) j = DirectInterior<F512, Vector512<float>, TStride>(x, y, w, g, j, end);
        if (Vector256.IsHardwareAccelerated) j = DirectInterior<F256, Vector256<float>, TStride>(x, y, w, g, j, end);
        if (Vector128.IsHardwareAccelerated) j = DirectInterior<F128, Vector128<float>, TStride>(x, y, w, g, j, end);
        return j;
    }

    /// <summary>Outputs from <paramref name="j"/> while a whole vector fits before <paramref name="end"/>: one load/store of y per vector, one FMA per tap; returns the first output it left.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe int DirectInterior<TOps, TV, TStride>(float* x, float* y, float* w, in RowGeometry g, int j, int end)
        where TOps : struct, IFloatVec<TV> where TV : struct where TStride : struct, IColumnStride
    {
        int width = TOps.Count, kl = g.KL, dil = g.Dilation;
        for (; j <= end - width; j += width)
        {
            TV acc = TOps.Load(y + j);
            float* xp = x + (nint)j * TStride.Step;
            for (int t = 0; t < kl; t++) acc = TOps.MulAdd(TStride.Load<TOps, TV>(xp + t * dil), TOps.Splat(w[t]), acc);
            TOps.Store(acc, y + j);
        }
        return j;
    }
}

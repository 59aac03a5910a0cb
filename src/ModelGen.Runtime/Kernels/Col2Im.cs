using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>ONNX Col2Im: columns [batch, channels·prod(block), L] added back into images [batch, channels, image...].</summary>
public static class Col2Im
{
    private const int MaxAxes = 8;

    /// <summary>The output dims after the batch: channels, then the image dims.</summary>
    /// <param name="imageShape">The image dims.</param>
    /// <param name="blockShape">The block dims.</param>
    /// <param name="columnRows">The input's second dim, channels·prod(block).</param>
    /// <param name="dims">Channels, then the image dims.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void OutputDims(ReadOnlySpan<long> imageShape, ReadOnlySpan<long> blockShape, int columnRows, Span<int> dims)
    {
        long block = 1;
        foreach (long b in blockShape) block *= b;
        if (block < 1 || columnRows % block != 0) throw new ArgumentException($"{columnRows} column rows are not a multiple of the block size {block}.");
        dims[0] = (int)(columnRows / block);
        for (int i = 0; i < imageShape.Length; i++) dims[i + 1] = checked((int)imageShape[i]);
    }

    /// <summary>y = 0, then y[n, c, o] += x[n, c·prod(block) + tap, l] with o = l·stride + tap·dilation − padBegin, where o is inside.</summary>
    /// <param name="x">Columns [batch, columnRows, columns].</param>
    /// <param name="imageShape">The image dims.</param>
    /// <param name="blockShape">The block dims.</param>
    /// <param name="y">Images [batch, channels, image...].</param>
    /// <param name="batch">Batch size.</param>
    /// <param name="columnRows">channels·prod(block).</param>
    /// <param name="columns">L, the number of block positions (must match the image, pads, strides and dilations).</param>
    /// <param name="strides">Stride per image axis.</param>
    /// <param name="dilations">Dilation per image axis.</param>
    /// <param name="pads">Begin pads then end pads.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(ReadOnlySpan<T> x, ReadOnlySpan<long> imageShape, ReadOnlySpan<long> blockShape, Span<T> y,
        int batch, int columnRows, int columns, ReadOnlySpan<int> strides, ReadOnlySpan<int> dilations, ReadOnlySpan<int> pads)
        where T : unmanaged, INumberBase<T>
    {
        int axes = imageShape.Length;
        if (axes < 1 || axes > MaxAxes || blockShape.Length != axes || strides.Length != axes || dilations.Length != axes || pads.Length != 2 * axes)
            throw new ArgumentException("Col2Im needs image_shape, block_shape, strides, dilations (and twice as many pads) for 1..8 axes.");
        Span<int> image = stackalloc int[MaxAxes], block = stackalloc int[MaxAxes], grid = stackalloc int[MaxAxes];
        Span<int> tap = stackalloc int[MaxAxes], pos = stackalloc int[MaxAxes];
        long imageSize = 1, blockSize = 1, gridSize = 1;
        for (int d = 0; d < axes; d++)
        {
            image[d] = checked((int)imageShape[d]);
            block[d] = checked((int)blockShape[d]);
            int effective = (block[d] - 1) * dilations[d] + 1;
            grid[d] = (image[d] + pads[d] + pads[d + axes] - effective) / strides[d] + 1;
            if (image[d] < 0 || block[d] < 1 || grid[d] < 0) throw new ArgumentException($"Block {block[d]} does not fit image axis {d} of {image[d]}.");
            imageSize *= image[d];
            blockSize *= block[d];
            gridSize *= grid[d];
        }
        if (columnRows % blockSize != 0 || gridSize != columns) throw new ArgumentException($"Columns [{columnRows}, {columns}] do not match the block size {blockSize} and {gridSize} block positions.");
        int channels = (int)(columnRows / blockSize);
        Simd.Need(x.Length, (long)batch * columnRows * columns, nameof(x));
        Simd.Need(y.Length, (long)batch * channels * imageSize, nameof(y));
        y.Slice(0, (int)(batch * channels * imageSize)).Clear();
        for (int n = 0; n < batch; n++)
            for (int c = 0; c < channels; c++)
            {
                Span<T> plane = y.Slice((int)((n * channels + c) * imageSize), (int)imageSize);
                tap.Clear();
                for (int t = 0; t < blockSize; t++)
                {
                    ReadOnlySpan<T> row = x.Slice(((n * columnRows) + c * (int)blockSize + t) * columns, columns);
                    pos.Clear();
                    for (int l = 0; l < columns; l++)
                    {
                        int o = 0;
                        bool inside = true;
                        for (int d = 0; d < axes; d++)
                        {
                            int od = pos[d] * strides[d] + tap[d] * dilations[d] - pads[d];
                            if ((uint)od >= (uint)image[d]) { inside = false; break; }
                            o = o * image[d] + od;
                        }
                        if (inside) plane[o] += row[l];
                        for (int d = axes - 1; d >= 0; d--) { if (++pos[d] < grid[d]) break; pos[d] = 0; }
                    }
                    for (int d = axes - 1; d >= 0; d--) { if (++tap[d] < block[d]) break; tap[d] = 0; }
                }
            }
    }
}

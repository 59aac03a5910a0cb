using System;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using ModelGen.Runtime.Threading;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// Convolutions shared out under a thread budget. The direct loop by output planes (batch, channel); im2col by
/// column tiles (batch, group, tile), each part with its own column scratch. Either way a plane or a tile is one
/// thread's, computed exactly as in the single-thread loop, so y is bit-identical for any thread count.
/// </summary>
public static partial class Conv
{
    private static unsafe void DirectPlanes<T, TEpilogue>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> bias, ReadOnlySpan<T> residual, Span<T> y,
        int batch, int inChannels, int outChannels, ReadOnlySpan<int> inSpatial, ReadOnlySpan<int> kernel, ReadOnlySpan<int> outSpatial,
        ReadOnlySpan<int> strides, ReadOnlySpan<int> dilations, ReadOnlySpan<int> padsBegin, int parts, ParallelRange threads)
        where T : unmanaged, INumber<T> where TEpilogue : struct, IEpilogue<T>
    {
        fixed (T* px = x, pw = w, pb = bias, pr = residual, py = y)
        {
            var job = new DirectJob<T, TEpilogue>
            {
                Tensors = new Tensors<T>(px, x.Length, pw, w.Length, pb, bias.Length, pr, residual.Length, py, y.Length),
                InChannels = inChannels, OutChannels = outChannels,
            };
            job.Window.Set(inSpatial, kernel, outSpatial, strides, dilations, padsBegin);
            ParallelRange.Run(threads, batch * outChannels, parts, job);
        }
    }

    private unsafe struct DirectJob<T, TEpilogue> : IRangeJob where T : unmanaged, INumber<T> where TEpilogue : struct, IEpilogue<T>
    {
        public Tensors<T> Tensors;
        public Window Window;
        public int InChannels, OutChannels;

        public void Execute(int start, int end, int part) =>
            DirectCore<T, TEpilogue>(Tensors.X, Tensors.W, Tensors.Bias, Tensors.Residual, Tensors.Y, start, end, InChannels, OutChannels, OutChannels / InChannels,
                Window.In, Window.Kernel, Window.Out, Window.Strides, Window.Dilations, Window.Pads);
    }

    private static unsafe void Im2ColTiles<T, TEpilogue>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> bias, ReadOnlySpan<T> residual, Span<T> y, Span<T> columns,
        int columnTile, int batch, int inChannels, int outChannels, int group, ReadOnlySpan<int> inSpatial, ReadOnlySpan<int> kernel, ReadOnlySpan<int> outSpatial,
        ReadOnlySpan<int> strides, ReadOnlySpan<int> dilations, ReadOnlySpan<int> padsBegin, int rows, int tiles, int parts, ParallelRange threads)
        where T : unmanaged, INumber<T> where TEpilogue : struct, IEpilogue<T>
    {
        int perPart = rows * Math.Min(columnTile, Simd.Product(outSpatial, nameof(outSpatial)));
        // Part 0 uses the kernel's own column scratch (the arena's); the others share one buffer the budget keeps.
        byte[] more = threads.Scratch((long)perPart * sizeof(T) * (parts - 1));
        fixed (T* px = x, pw = w, pb = bias, pr = residual, py = y, pc = columns)
        fixed (byte* pm = more)
        {
            var job = new TilesJob<T, TEpilogue>
            {
                Tensors = new Tensors<T>(px, x.Length, pw, w.Length, pb, bias.Length, pr, residual.Length, py, y.Length),
                Columns = pc, MoreColumns = (T*)pm, PerPart = perPart, ColumnTile = columnTile, Tiles = tiles, Rows = rows,
                InChannels = inChannels, OutChannels = outChannels, Group = group,
            };
            job.Window.Set(inSpatial, kernel, outSpatial, strides, dilations, padsBegin);
            ParallelRange.Run(threads, batch * group * tiles, parts, job);
        }
    }

    private unsafe struct TilesJob<T, TEpilogue> : IRangeJob where T : unmanaged, INumber<T> where TEpilogue : struct, IEpilogue<T>
    {
        public Tensors<T> Tensors;
        public Window Window;
        public T* Columns, MoreColumns;
        public int PerPart, ColumnTile, Tiles, Rows, InChannels, OutChannels, Group;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Execute(int start, int end, int part)
        {
            var columns = new Span<T>(part == 0 ? Columns : MoreColumns + (nint)(part - 1) * PerPart, PerPart);
            ReadOnlySpan<T> x = Tensors.X, w = Tensors.W, bias = Tensors.Bias, residual = Tensors.Residual;
            Span<T> y = Tensors.Y;
            ReadOnlySpan<int> inSpatial = Window.In, kernel = Window.Kernel, outSpatial = Window.Out;
            int cinG = InChannels / Group, coutG = OutChannels / Group, rows = Rows;
            int inSize = Simd.Product(inSpatial, nameof(inSpatial)), outSize = Simd.Product(outSpatial, nameof(outSpatial));
            for (int item = start; item < end; item++)
            {
                // The single-thread loop's order: batch, then group, then column tile.
                int b = item / (Group * Tiles), g = item / Tiles % Group, c0 = item % Tiles * ColumnTile;
                int xOff = (b * InChannels + g * cinG) * inSize, yOff = (b * OutChannels + g * coutG) * outSize;
                Im2ColTile<T, TEpilogue>(x, xOff, w, bias, residual, y, yOff, columns, c0, Math.Min(ColumnTile, outSize - c0), g, cinG, coutG, rows,
                    inSize, outSize, inSpatial, kernel, outSpatial, Window.Strides, Window.Dilations, Window.Pads);
            }
        }
    }

    /// <summary>A convolution's five tensors as pointers and lengths: the caller has them pinned while the parts run.</summary>
    private readonly unsafe struct Tensors<T>(T* x, int xLength, T* w, int wLength, T* bias, int biasLength, T* residual, int residualLength, T* y, int yLength)
        where T : unmanaged
    {
        private readonly T* _x = x, _w = w, _bias = bias, _residual = residual, _y = y;
        private readonly int _xLength = xLength, _wLength = wLength, _biasLength = biasLength, _residualLength = residualLength, _yLength = yLength;

        public ReadOnlySpan<T> X => new(_x, _xLength);
        public ReadOnlySpan<T> W => new(_w, _wLength);
        public ReadOnlySpan<T> Bias => new(_bias, _biasLength);
        public ReadOnlySpan<T> Residual => new(_residual, _residualLength);
        public Span<T> Y => new(_y, _yLength);
    }

    /// <summary>The spatial argument lists (each of the input's spatial rank, at most 8), copied into the job.</summary>
    private struct Window
    {
        private Ints8 _in, _kernel, _out, _strides, _dilations, _pads;
        private int _rank;

        public void Set(ReadOnlySpan<int> inSpatial, ReadOnlySpan<int> kernel, ReadOnlySpan<int> outSpatial, ReadOnlySpan<int> strides,
            ReadOnlySpan<int> dilations, ReadOnlySpan<int> pads)
        {
            _rank = inSpatial.Length;
            inSpatial.CopyTo(_in);
            kernel.CopyTo(_kernel);
            outSpatial.CopyTo(_out);
            strides.CopyTo(_strides);
            dilations.CopyTo(_dilations);
            pads.CopyTo(_pads);
        }

        [UnscopedRef] public ReadOnlySpan<int> In => Slice(ref _in, _rank);
        [UnscopedRef] public ReadOnlySpan<int> Kernel => Slice(ref _kernel, _rank);
        [UnscopedRef] public ReadOnlySpan<int> Out => Slice(ref _out, _rank);
        [UnscopedRef] public ReadOnlySpan<int> Strides => Slice(ref _strides, _rank);
        [UnscopedRef] public ReadOnlySpan<int> Dilations => Slice(ref _dilations, _rank);
        [UnscopedRef] public ReadOnlySpan<int> Pads => Slice(ref _pads, _rank);

        private static ReadOnlySpan<int> Slice(ref Ints8 list, int rank) => ((ReadOnlySpan<int>)list).Slice(0, rank);
    }
}

using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// What the index-driven kernels (GatherElements, ScatterElements, GatherND, ScatterND) share: ONNX's index rule
/// (negative counts from the end, anything outside [-length, length) is an error) and the walk over an index
/// tensor's elements that yields, for each, its offset in the data tensor with the indexed axis left out.
/// </summary>
internal static class IndexNormalising
{
    /// <summary>The most dims the element walks support (their positions live on the stack).</summary>
    public const int MaxRank = 16;

    /// <summary><paramref name="index"/> in [0, length): negative ones count from the end; others throw.</summary>
    public static int Normalise<TIndex>(TIndex index, int length, string op) where TIndex : unmanaged, IBinaryInteger<TIndex>
    {
        long raw = long.CreateTruncating(index);
        long i = raw < 0 ? raw + length : raw;
        if ((ulong)i >= (ulong)length)
            throw new IndexOutOfRangeException($"{op} index {raw} is out of range [{-(long)length}, {length}).");
        return (int)i;
    }

    /// <summary>
    /// Checks an element-wise index tensor against its data tensor (same rank, each dim but the axis at most the
    /// data's) and returns the index tensor's element count.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int CheckElementShapes(ReadOnlySpan<int> dataDims, ReadOnlySpan<int> indexDims, int axis, string op)
    {
        int rank = dataDims.Length;
        if (rank > MaxRank) throw new ArgumentException($"{op} supports up to {MaxRank} dims.");
        if (indexDims.Length != rank) throw new ArgumentException($"{op}: indices have rank {indexDims.Length}, data has rank {rank}.");
        if ((uint)axis >= (uint)rank) throw new ArgumentException($"{op}: axis {axis} is out of range for rank {rank}.");
        for (int d = 0; d < rank; d++)
            if (d != axis && indexDims[d] > dataDims[d])
                throw new ArgumentException($"{op}: indices dim {d} is {indexDims[d]}, more than data's {dataDims[d]}.");
        return Simd.Product(indexDims, "indices");
    }
}

/// <summary>
/// Row-major steps over an index tensor of shape indexDims, keeping the data offset of the current element with
/// the axis coordinate left out (the kernel adds index · axis stride). Positions and strides live in caller stack spans.
/// </summary>
internal ref struct ElementWalk
{
    private readonly ReadOnlySpan<int> _indexDims;
    private readonly Span<int> _strides;
    private readonly Span<int> _position;
    private readonly int _axis;

    /// <param name="dataDims">The data tensor's dims.</param>
    /// <param name="indexDims">The index tensor's dims (same rank).</param>
    /// <param name="axis">The indexed axis.</param>
    /// <param name="work">At least 2 × rank ints of scratch.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ElementWalk(ReadOnlySpan<int> dataDims, ReadOnlySpan<int> indexDims, int axis, Span<int> work)
    {
        int rank = dataDims.Length;
        _indexDims = indexDims;
        _strides = work.Slice(0, rank);
        _position = work.Slice(rank, rank);
        _position.Clear();
        _axis = axis;
        for (int d = rank - 1, s = 1; d >= 0; s *= dataDims[d], d--) _strides[d] = s;
        AxisStride = _strides[axis];
        Offset = 0;
    }

    /// <summary>Data stride of the indexed axis.</summary>
    public int AxisStride { get; }

    /// <summary>Data offset of the current element, axis coordinate excluded.</summary>
    public int Offset { get; private set; }

    /// <summary>Moves to the next index element (row-major).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Next()
    {
        for (int d = _indexDims.Length - 1; d >= 0; d--)
        {
            int step = d == _axis ? 0 : _strides[d];
            Offset += step;
            if (++_position[d] < _indexDims[d]) return;
            Offset -= step * _indexDims[d];
            _position[d] = 0;
        }
    }
}

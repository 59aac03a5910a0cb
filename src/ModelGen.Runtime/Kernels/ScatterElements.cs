using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// ONNX ScatterElements (and the deprecated Scatter): y = data, then for each update element, the y element at its
/// position with the axis coordinate replaced by its index is set to it, or combined with it by the reduction.
/// </summary>
public static class ScatterElements
{
    /// <summary>y = data with each update written at its scattered position (later updates win on duplicates).</summary>
    /// <param name="data">Source tensor.</param>
    /// <param name="indices">Indices along the axis (negative count from the end).</param>
    /// <param name="updates">Values, the indices' shape.</param>
    /// <param name="y">Output, data's shape.</param>
    /// <param name="dataDims">data's dims.</param>
    /// <param name="indexDims">indices' dims (same rank).</param>
    /// <param name="axis">The scattered axis, normalised.</param>
    public static void Run<T>(ReadOnlySpan<T> data, ReadOnlySpan<long> indices, ReadOnlySpan<T> updates, Span<T> y, ReadOnlySpan<int> dataDims, ReadOnlySpan<int> indexDims, int axis)
        where T : unmanaged => RunCore<T, long, ScatterAssign<T>>(data, indices, updates, y, dataDims, indexDims, axis);

    /// <summary>y = data with each update written at its scattered position (later updates win on duplicates).</summary>
    /// <param name="data">Source tensor.</param>
    /// <param name="indices">Indices along the axis (negative count from the end).</param>
    /// <param name="updates">Values, the indices' shape.</param>
    /// <param name="y">Output, data's shape.</param>
    /// <param name="dataDims">data's dims.</param>
    /// <param name="indexDims">indices' dims (same rank).</param>
    /// <param name="axis">The scattered axis, normalised.</param>
    public static void Run<T>(ReadOnlySpan<T> data, ReadOnlySpan<int> indices, ReadOnlySpan<T> updates, Span<T> y, ReadOnlySpan<int> dataDims, ReadOnlySpan<int> indexDims, int axis)
        where T : unmanaged => RunCore<T, int, ScatterAssign<T>>(data, indices, updates, y, dataDims, indexDims, axis);

    /// <summary>y = data with each update combined into its scattered position, in update order.</summary>
    /// <param name="data">Source tensor.</param>
    /// <param name="indices">Indices along the axis (negative count from the end).</param>
    /// <param name="updates">Values, the indices' shape.</param>
    /// <param name="y">Output, data's shape.</param>
    /// <param name="dataDims">data's dims.</param>
    /// <param name="indexDims">indices' dims (same rank).</param>
    /// <param name="axis">The scattered axis, normalised.</param>
    /// <param name="reduction">A <see cref="ScatterReduction"/> code: 1 add, 2 mul, 3 max, 4 min.</param>
    public static void Reduce<T>(ReadOnlySpan<T> data, ReadOnlySpan<long> indices, ReadOnlySpan<T> updates, Span<T> y, ReadOnlySpan<int> dataDims, ReadOnlySpan<int> indexDims, int axis, int reduction)
        where T : unmanaged, INumber<T> => ReduceCore(data, indices, updates, y, dataDims, indexDims, axis, reduction);

    /// <summary>y = data with each update combined into its scattered position, in update order.</summary>
    /// <param name="data">Source tensor.</param>
    /// <param name="indices">Indices along the axis (negative count from the end).</param>
    /// <param name="updates">Values, the indices' shape.</param>
    /// <param name="y">Output, data's shape.</param>
    /// <param name="dataDims">data's dims.</param>
    /// <param name="indexDims">indices' dims (same rank).</param>
    /// <param name="axis">The scattered axis, normalised.</param>
    /// <param name="reduction">A <see cref="ScatterReduction"/> code: 1 add, 2 mul, 3 max, 4 min.</param>
    public static void Reduce<T>(ReadOnlySpan<T> data, ReadOnlySpan<int> indices, ReadOnlySpan<T> updates, Span<T> y, ReadOnlySpan<int> dataDims, ReadOnlySpan<int> indexDims, int axis, int reduction)
        where T : unmanaged, INumber<T> => ReduceCore(data, indices, updates, y, dataDims, indexDims, axis, reduction);

    private static void ReduceCore<T, TIndex>(ReadOnlySpan<T> data, ReadOnlySpan<TIndex> indices, ReadOnlySpan<T> updates, Span<T> y, ReadOnlySpan<int> dataDims, ReadOnlySpan<int> indexDims, int axis, int reduction)
        where T : unmanaged, INumber<T> where TIndex : unmanaged, IBinaryInteger<TIndex>
    {
        switch (reduction)
        {
            case ScatterReduction.None: RunCore<T, TIndex, ScatterAssign<T>>(data, indices, updates, y, dataDims, indexDims, axis); break;
            case ScatterReduction.Add: RunCore<T, TIndex, ScatterAdd<T>>(data, indices, updates, y, dataDims, indexDims, axis); break;
            case ScatterReduction.Mul: RunCore<T, TIndex, ScatterMul<T>>(data, indices, updates, y, dataDims, indexDims, axis); break;
            case ScatterReduction.Max: RunCore<T, TIndex, ScatterMax<T>>(data, indices, updates, y, dataDims, indexDims, axis); break;
            case ScatterReduction.Min: RunCore<T, TIndex, ScatterMin<T>>(data, indices, updates, y, dataDims, indexDims, axis); break;
            default: throw new ArgumentException($"Unknown scatter reduction {reduction}.", nameof(reduction));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunCore<T, TIndex, TCombine>(ReadOnlySpan<T> data, ReadOnlySpan<TIndex> indices, ReadOnlySpan<T> updates, Span<T> y, ReadOnlySpan<int> dataDims, ReadOnlySpan<int> indexDims, int axis)
        where T : unmanaged where TIndex : unmanaged, IBinaryInteger<TIndex> where TCombine : struct, IScatterCombine<T>
    {
        int count = IndexNormalising.CheckElementShapes(dataDims, indexDims, axis, "ScatterElements");
        int total = Simd.Product(dataDims, nameof(dataDims));
        Simd.Need(data.Length, total, nameof(data));
        Simd.Need(y.Length, total, nameof(y));
        Simd.Need(indices.Length, count, nameof(indices));
        Simd.Need(updates.Length, count, nameof(updates));
        data.Slice(0, total).CopyTo(y);
        if (count == 0) return;
        int axisLength = dataDims[axis];
        var walk = new ElementWalk(dataDims, indexDims, axis, stackalloc int[2 * dataDims.Length]);
        for (int k = 0; k < count; k++, walk.Next())
        {
            ref T target = ref y[walk.Offset + IndexNormalising.Normalise(indices[k], axisLength, "ScatterElements") * walk.AxisStride];
            target = TCombine.Apply(target, updates[k]);
        }
    }
}

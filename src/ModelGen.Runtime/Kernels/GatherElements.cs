using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>ONNX GatherElements: y[i...] = data[i... with the axis coordinate replaced by indices[i...]].</summary>
public static class GatherElements
{
    /// <summary>
    /// y has the indices' shape; each element picks the data element at its own position with the axis coordinate
    /// replaced by its index (negative ones count from the end). Indices dims other than the axis may be at most the data's.
    /// </summary>
    /// <param name="data">Source tensor.</param>
    /// <param name="indices">Indices along the axis.</param>
    /// <param name="y">Output, the indices' shape.</param>
    /// <param name="dataDims">data's dims.</param>
    /// <param name="indexDims">indices' dims (same rank).</param>
    /// <param name="axis">The gathered axis, normalised.</param>
    public static void Run<T>(ReadOnlySpan<T> data, ReadOnlySpan<long> indices, Span<T> y, ReadOnlySpan<int> dataDims, ReadOnlySpan<int> indexDims, int axis) where T : unmanaged =>
        RunCore(data, indices, y, dataDims, indexDims, axis);

    /// <summary>
    /// y has the indices' shape; each element picks the data element at its own position with the axis coordinate
    /// replaced by its index (negative ones count from the end). Indices dims other than the axis may be at most the data's.
    /// </summary>
    /// <param name="data">Source tensor.</param>
    /// <param name="indices">Indices along the axis.</param>
    /// <param name="y">Output, the indices' shape.</param>
    /// <param name="dataDims">data's dims.</param>
    /// <param name="indexDims">indices' dims (same rank).</param>
    /// <param name="axis">The gathered axis, normalised.</param>
    public static void Run<T>(ReadOnlySpan<T> data, ReadOnlySpan<int> indices, Span<T> y, ReadOnlySpan<int> dataDims, ReadOnlySpan<int> indexDims, int axis) where T : unmanaged =>
        RunCore(data, indices, y, dataDims, indexDims, axis);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunCore<T, TIndex>(ReadOnlySpan<T> data, ReadOnlySpan<TIndex> indices, Span<T> y, ReadOnlySpan<int> dataDims, ReadOnlySpan<int> indexDims, int axis)
        where T : unmanaged where TIndex : unmanaged, IBinaryInteger<TIndex>
    {
        int count = IndexNormalising.CheckElementShapes(dataDims, indexDims, axis, "GatherElements");
        Simd.Need(data.Length, Simd.Product(dataDims, nameof(dataDims)), nameof(data));
        Simd.Need(indices.Length, count, nameof(indices));
        Simd.Need(y.Length, count, nameof(y));
        if (count == 0) return;
        int axisLength = dataDims[axis];
        var walk = new ElementWalk(dataDims, indexDims, axis, stackalloc int[2 * dataDims.Length]);
        for (int k = 0; k < count; k++, walk.Next())
            y[k] = data[walk.Offset + IndexNormalising.Normalise(indices[k], axisLength, "GatherElements") * walk.AxisStride];
    }
}

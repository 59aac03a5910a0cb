using System;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>ONNX Gather along one axis.</summary>
public static class Gather
{
    /// <summary>
    /// data viewed as [outer, axisLength, inner]; y is [outer, indices.Length, inner]. Negative indices count
    /// from the end; an index outside [-axisLength, axisLength) throws <see cref="IndexOutOfRangeException"/>.
    /// </summary>
    /// <param name="data">Source tensor.</param>
    /// <param name="indices">Indices along the axis.</param>
    /// <param name="y">Output.</param>
    /// <param name="outer">Product of the dimensions before the axis.</param>
    /// <param name="axisLength">Length of the gathered axis.</param>
    /// <param name="inner">Product of the dimensions after the axis.</param>
    public static void Run<T>(ReadOnlySpan<T> data, ReadOnlySpan<long> indices, Span<T> y, int outer, int axisLength, int inner) where T : unmanaged =>
        RunCore(data, indices, y, outer, axisLength, inner);

    /// <summary>
    /// data viewed as [outer, axisLength, inner]; y is [outer, indices.Length, inner]. Negative indices count
    /// from the end; an index outside [-axisLength, axisLength) throws <see cref="IndexOutOfRangeException"/>.
    /// </summary>
    /// <param name="data">Source tensor.</param>
    /// <param name="indices">Indices along the axis.</param>
    /// <param name="y">Output.</param>
    /// <param name="outer">Product of the dimensions before the axis.</param>
    /// <param name="axisLength">Length of the gathered axis.</param>
    /// <param name="inner">Product of the dimensions after the axis.</param>
    public static void Run<T>(ReadOnlySpan<T> data, ReadOnlySpan<int> indices, Span<T> y, int outer, int axisLength, int inner) where T : unmanaged =>
        RunCore(data, indices, y, outer, axisLength, inner);

    // One loop for both ONNX index types (int32, int64); the JIT specialises it per index type.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunCore<T, TIndex>(ReadOnlySpan<T> data, ReadOnlySpan<TIndex> indices, Span<T> y, int outer, int axisLength, int inner)
        where T : unmanaged
        where TIndex : unmanaged, System.Numerics.IBinaryInteger<TIndex>
    {
        Check(data.Length, indices.Length, y.Length, outer, axisLength, inner);
        int count = indices.Length;
        for (int o = 0; o < outer; o++)
        {
            int src0 = o * axisLength, dst0 = o * count;
            for (int j = 0; j < count; j++)
                CopyOne(data, y, src0 + Normalise(long.CreateTruncating(indices[j]), axisLength), dst0 + j, inner);
        }
    }

    private static void Check(int dataLength, int count, int yLength, int outer, int axisLength, int inner)
    {
        if (outer < 0 || axisLength < 0 || inner < 0) throw new ArgumentException("Negative Gather dimension.");
        Simd.Need(dataLength, (long)outer * axisLength * inner, "data");
        Simd.Need(yLength, (long)outer * count * inner, "y");
    }

    private static int Normalise(long index, int axisLength)
    {
        long i = index < 0 ? index + axisLength : index;
        if ((ulong)i >= (ulong)axisLength)
            throw new IndexOutOfRangeException($"Gather index {index} is out of range [{-(long)axisLength}, {axisLength}).");
        return (int)i;
    }

    private static void CopyOne<T>(ReadOnlySpan<T> data, Span<T> y, int srcRow, int dstRow, int inner) where T : unmanaged
    {
        if (inner == 1) y[dstRow] = data[srcRow]; // embedding-free scalar gathers: skip the span machinery
        else data.Slice(srcRow * inner, inner).CopyTo(y.Slice(dstRow * inner, inner));
    }
}

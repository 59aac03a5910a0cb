using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>ONNX MaxUnpool: pooled values scattered back to their MaxPool indices.</summary>
public static class MaxUnpool
{
    private const int MaxRank = 8;

    /// <summary>The output dims read from the output_shape tensor.</summary>
    /// <param name="outputShape">The requested dims.</param>
    /// <param name="dims">Set to them.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void OutputDims(ReadOnlySpan<long> outputShape, Span<int> dims)
    {
        if (outputShape.Length != dims.Length) throw new ArgumentException("MaxUnpool: output_shape holds " + outputShape.Length + " dims, not " + dims.Length + ".");
        for (int i = 0; i < dims.Length; i++)
        {
            if (outputShape[i] < 0) throw new ArgumentException("MaxUnpool: output_shape has a negative dim.");
            dims[i] = checked((int)outputShape[i]);
        }
    }

    /// <summary>
    /// y = 0, then each x[i] goes to the position that flat index indices[i] names in a tensor of shape
    /// <paramref name="inferred"/>, when that position lies inside <paramref name="outShape"/> (the inferred
    /// tensor sits at the output's origin).
    /// </summary>
    /// <param name="x">Pooled values.</param>
    /// <param name="indices">Their flat indices into the inferred shape.</param>
    /// <param name="y">Output of shape <paramref name="outShape"/>.</param>
    /// <param name="count">x's element count.</param>
    /// <param name="inferred">The shape the indices count in.</param>
    /// <param name="outShape">y's shape.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(ReadOnlySpan<T> x, ReadOnlySpan<long> indices, Span<T> y, int count, ReadOnlySpan<int> inferred, ReadOnlySpan<int> outShape)
        where T : unmanaged, INumberBase<T>
    {
        int rank = inferred.Length;
        if (rank < 1 || rank > MaxRank || outShape.Length != rank || count < 0) throw new ArgumentException("MaxUnpool: bad shapes.");
        Simd.Need(x.Length, count, nameof(x));
        Simd.Need(indices.Length, count, nameof(indices));
        long inferredTotal = 1, outTotal = 1;
        for (int d = 0; d < rank; d++) { inferredTotal *= inferred[d]; outTotal *= outShape[d]; }
        Simd.Need(y.Length, outTotal, nameof(y));
        y.Slice(0, (int)outTotal).Clear();
        for (int i = 0; i < count; i++)
        {
            long index = indices[i];
            if (index < 0 || index >= inferredTotal) throw new ArgumentOutOfRangeException(nameof(indices), "MaxUnpool: index " + index + " is outside [0, " + inferredTotal + ").");
            long at = 0, stride = 1;
            bool inside = true;
            for (int d = rank - 1; d >= 0; d--)
            {
                long coordinate = index % inferred[d];
                index /= inferred[d];
                if (coordinate >= outShape[d]) { inside = false; break; }
                at += coordinate * stride;
                stride *= outShape[d];
            }
            if (inside) y[(int)at] = x[i];
        }
    }
}

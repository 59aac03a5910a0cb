using System;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>ONNX GatherND: each index tuple (the indices' last axis) picks a slice of data, per batch.</summary>
public static class GatherND
{
    /// <summary>
    /// data viewed as [batch, indexedDims..., inner] and indices as [batch, tuples, k] with k = indexedDims.Length;
    /// y is [batch, tuples, inner]: the slice each tuple addresses (negative coordinates count from the end).
    /// </summary>
    /// <param name="data">Source tensor.</param>
    /// <param name="indices">Index tuples.</param>
    /// <param name="y">Output.</param>
    /// <param name="batch">Product of the batch dims (the first batch_dims dims of both).</param>
    /// <param name="indexedDims">The data dims the tuples index.</param>
    /// <param name="tuples">Tuples per batch.</param>
    /// <param name="inner">Elements per slice (product of the data dims after the indexed ones).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(ReadOnlySpan<T> data, ReadOnlySpan<long> indices, Span<T> y, int batch, ReadOnlySpan<int> indexedDims, int tuples, int inner) where T : unmanaged
    {
        if (batch < 0 || tuples < 0 || inner < 0) throw new ArgumentException("Negative GatherND dimension.");
        int k = indexedDims.Length;
        long blockSize = (long)Simd.Product(indexedDims, nameof(indexedDims)) * inner;
        if (blockSize > int.MaxValue) throw new ArgumentException("GatherND data has more than int.MaxValue elements.", nameof(data));
        int block = (int)blockSize;
        Simd.Need(data.Length, (long)batch * block, nameof(data));
        Simd.Need(indices.Length, (long)batch * tuples * k, nameof(indices));
        Simd.Need(y.Length, (long)batch * tuples * inner, nameof(y));
        for (int b = 0, t = 0; b < batch; b++)
            for (int j = 0; j < tuples; j++, t++)
            {
                int offset = b * block + TupleOffset(indices.Slice(t * k, k), indexedDims, inner, "GatherND");
                if (inner == 1) y[t] = data[offset];
                else data.Slice(offset, inner).CopyTo(y.Slice(t * inner, inner));
            }
    }

    /// <summary>The element offset one index tuple addresses inside a [indexedDims..., inner] block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int TupleOffset(ReadOnlySpan<long> tuple, ReadOnlySpan<int> indexedDims, int inner, string op)
    {
        int offset = 0;
        for (int a = 0; a < tuple.Length; a++) offset = offset * indexedDims[a] + IndexNormalising.Normalise(tuple[a], indexedDims[a], op);
        return offset * inner;
    }
}

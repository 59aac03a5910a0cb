using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>ONNX ScatterND: y = data, then each index tuple's slice is set to (or combined with) its update slice.</summary>
public static class ScatterND
{
    /// <summary>
    /// data and y viewed as [indexedDims..., inner], indices as [tuples, k] with k = indexedDims.Length, updates as
    /// [tuples, inner]; later updates win where tuples repeat.
    /// </summary>
    /// <param name="data">Source tensor.</param>
    /// <param name="indices">Index tuples (negative coordinates count from the end).</param>
    /// <param name="updates">One slice per tuple.</param>
    /// <param name="y">Output, data's shape.</param>
    /// <param name="indexedDims">The data dims the tuples index.</param>
    /// <param name="tuples">Number of tuples.</param>
    /// <param name="inner">Elements per slice.</param>
    public static void Run<T>(ReadOnlySpan<T> data, ReadOnlySpan<long> indices, ReadOnlySpan<T> updates, Span<T> y, ReadOnlySpan<int> indexedDims, int tuples, int inner)
        where T : unmanaged => RunCore<T, ScatterAssign<T>>(data, indices, updates, y, indexedDims, tuples, inner);

    /// <summary>As <see cref="Run{T}"/>, combining each update slice into y by <paramref name="reduction"/>, in tuple order.</summary>
    /// <param name="data">Source tensor.</param>
    /// <param name="indices">Index tuples (negative coordinates count from the end).</param>
    /// <param name="updates">One slice per tuple.</param>
    /// <param name="y">Output, data's shape.</param>
    /// <param name="indexedDims">The data dims the tuples index.</param>
    /// <param name="tuples">Number of tuples.</param>
    /// <param name="inner">Elements per slice.</param>
    /// <param name="reduction">A <see cref="ScatterReduction"/> code: 1 add, 2 mul, 3 max, 4 min.</param>
    public static void Reduce<T>(ReadOnlySpan<T> data, ReadOnlySpan<long> indices, ReadOnlySpan<T> updates, Span<T> y, ReadOnlySpan<int> indexedDims, int tuples, int inner, int reduction)
        where T : unmanaged, INumber<T>
    {
        switch (reduction)
        {
            case ScatterReduction.None: RunCore<T, ScatterAssign<T>>(data, indices, updates, y, indexedDims, tuples, inner); break;
            case ScatterReduction.Add: RunCore<T, ScatterAdd<T>>(data, indices, updates, y, indexedDims, tuples, inner); break;
            case ScatterReduction.Mul: RunCore<T, ScatterMul<T>>(data, indices, updates, y, indexedDims, tuples, inner); break;
            case ScatterReduction.Max: RunCore<T, ScatterMax<T>>(data, indices, updates, y, indexedDims, tuples, inner); break;
            case ScatterReduction.Min: RunCore<T, ScatterMin<T>>(data, indices, updates, y, indexedDims, tuples, inner); break;
            default: throw new ArgumentException($"Unknown scatter reduction {reduction}.", nameof(reduction));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunCore<T, TCombine>(ReadOnlySpan<T> data, ReadOnlySpan<long> indices, ReadOnlySpan<T> updates, Span<T> y, ReadOnlySpan<int> indexedDims, int tuples, int inner)
        where T : unmanaged where TCombine : struct, IScatterCombine<T>
    {
        int k = indexedDims.Length;
        if (tuples < 0 || inner < 0) throw new ArgumentException("Negative ScatterND dimension.");
        long total = (long)Simd.Product(indexedDims, nameof(indexedDims)) * inner;
        Simd.Need(data.Length, total, nameof(data));
        Simd.Need(y.Length, total, nameof(y));
        Simd.Need(indices.Length, (long)tuples * k, nameof(indices));
        Simd.Need(updates.Length, (long)tuples * inner, nameof(updates));
        data.Slice(0, (int)total).CopyTo(y);
        for (int t = 0; t < tuples; t++)
        {
            Span<T> target = y.Slice(GatherND.TupleOffset(indices.Slice(t * k, k), indexedDims, inner, "ScatterND"), inner);
            ReadOnlySpan<T> update = updates.Slice(t * inner, inner);
            for (int i = 0; i < inner; i++) target[i] = TCombine.Apply(target[i], update[i]);
        }
    }
}

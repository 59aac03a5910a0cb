using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// ONNX TfIdfVectorizer over integer tokens: n-gram counts per row against a pool the compiler turned into a trie,
/// then weighted. Counts are kept in the float output (exact up to 2^24 per column).
/// </summary>
public static class TfIdfVectorizer
{
    /// <summary>Counts and weighs the pool's n-grams in each row of <paramref name="x"/>.</summary>
    /// <param name="x">Tokens, [rows, columns].</param>
    /// <param name="y">Output, [rows, outputSize].</param>
    /// <param name="rows">Rows (1 for a 1-D input).</param>
    /// <param name="columns">Tokens per row.</param>
    /// <param name="outputSize">Output columns.</param>
    /// <param name="minGram">Shortest n-gram counted.</param>
    /// <param name="maxGram">Longest n-gram counted.</param>
    /// <param name="maxSkip">Largest gap between an n-gram's tokens (0: adjacent tokens only).</param>
    /// <param name="mode">1 TF, 2 IDF, 3 TFIDF.</param>
    /// <param name="firstEdge">Node k's edges are firstEdge[k]..firstEdge[k+1] (node 0 is the root).</param>
    /// <param name="keyLow">Each edge's token, low 32 bits; edges of a node ascend by token.</param>
    /// <param name="keyHigh">Each edge's token, high 32 bits.</param>
    /// <param name="target">The node each edge leads to.</param>
    /// <param name="column">The output column of the n-gram ending at each node, or -1.</param>
    /// <param name="weightBits">Per output column weight as float bits; empty for none.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(ReadOnlySpan<T> x, Span<float> y, int rows, int columns, int outputSize, int minGram, int maxGram, int maxSkip, int mode,
        ReadOnlySpan<int> firstEdge, ReadOnlySpan<int> keyLow, ReadOnlySpan<int> keyHigh, ReadOnlySpan<int> target, ReadOnlySpan<int> column, ReadOnlySpan<int> weightBits)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (rows < 0 || columns < 0 || outputSize < 0 || minGram < 1 || maxGram < minGram || maxSkip < 0) throw new ArgumentException("TfIdfVectorizer: bad sizes.");
        Simd.Need(x.Length, (long)rows * columns, nameof(x));
        Simd.Need(y.Length, (long)rows * outputSize, nameof(y));
        Simd.Need(firstEdge.Length, column.Length + 1L, nameof(firstEdge));
        if (keyHigh.Length != keyLow.Length || target.Length != keyLow.Length) throw new ArgumentException("TfIdfVectorizer: edge lists differ in length.");
        if (weightBits.Length != 0) Simd.Need(weightBits.Length, outputSize, nameof(weightBits));
        y.Slice(0, rows * outputSize).Clear();
        for (int r = 0; r < rows; r++)
        {
            var row = x.Slice(r * columns, columns);
            var counts = y.Slice(r * outputSize, outputSize);
            Count(row, counts, minGram, maxGram, maxSkip, firstEdge, keyLow, keyHigh, target, column);
            Weigh(counts, mode, weightBits);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Count<T>(ReadOnlySpan<T> row, Span<float> counts, int minGram, int maxGram, int maxSkip,
        ReadOnlySpan<int> firstEdge, ReadOnlySpan<int> keyLow, ReadOnlySpan<int> keyHigh, ReadOnlySpan<int> target, ReadOnlySpan<int> column)
        where T : unmanaged, IBinaryInteger<T>
    {
        int startSize = minGram;
        for (int skip = 1; skip <= maxSkip + 1; skip++)
        {
            for (int start = 0; start < row.Length; start++)
            {
                // No n-gram of a counted size fits from here on.
                if (start + (long)skip * (startSize - 1) >= row.Length) break;
                int node = 0, size = 1;
                for (long item = start; firstEdge[node + 1] > firstEdge[node] && size <= maxGram && item < row.Length; item += skip, size++)
                {
                    int child = Find(firstEdge[node], firstEdge[node + 1], long.CreateTruncating(row[(int)item]), keyLow, keyHigh, target);
                    if (child < 0) break;
                    if (size >= startSize && column[child] >= 0) counts[column[child]] += 1;
                    node = child;
                }
            }
            // Unigrams do not depend on the skip: they are counted on the first pass only.
            if (startSize == 1 && ++startSize > maxGram) break;
        }
    }

    /// <summary>The node the edge with <paramref name="key"/> leads to among edges [from, to), or -1.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Find(int from, int to, long key, ReadOnlySpan<int> keyLow, ReadOnlySpan<int> keyHigh, ReadOnlySpan<int> target)
    {
        int lo = from, hi = to - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >>> 1;
            long k = ((long)keyHigh[mid] << 32) | (uint)keyLow[mid];
            if (k == key) return target[mid];
            if (k < key) lo = mid + 1; else hi = mid - 1;
        }
        return -1;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Weigh(Span<float> counts, int mode, ReadOnlySpan<int> weightBits)
    {
        bool weighted = weightBits.Length != 0;
        for (int i = 0; i < counts.Length; i++)
        {
            float f = counts[i], w = weighted ? BitConverter.Int32BitsToSingle(weightBits[i]) : 1f;
            counts[i] = mode switch
            {
                2 => f > 0 ? w : 0f,
                3 => weighted ? w * f : f,
                _ => f,
            };
        }
    }
}

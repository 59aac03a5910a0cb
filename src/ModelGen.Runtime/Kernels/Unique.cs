using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// ONNX Unique over the input viewed as [outer, length, inner]: the distinct slices x[:, i, :] (elements when outer and
/// inner are 1), ordered lexicographically (sorted) or by first occurrence. Slices are heap-sorted by value then
/// index, so equal slices sit together with their first occurrence first; no allocation.
/// </summary>
public static class Unique
{
    /// <summary>Writes the distinct slices and the optional outputs; count[0] is set to their number.</summary>
    /// <param name="x">Input [outer, length, inner].</param>
    /// <param name="y">Output region [outer, length, inner] (the first count slices per outer row are used, as [outer, count, inner]).</param>
    /// <param name="indices">First occurrence of each distinct slice (capacity length), or empty.</param>
    /// <param name="inverseIndices">Each slice's distinct index (length), or empty.</param>
    /// <param name="counts">Occurrences of each distinct slice (capacity length), or empty.</param>
    /// <param name="work">Scratch of 4·length ints.</param>
    /// <param name="outer">Product of the dims before the axis.</param>
    /// <param name="length">The axis length (the element count without an axis).</param>
    /// <param name="inner">Product of the dims after the axis.</param>
    /// <param name="sorted">Sorted order rather than first-occurrence order.</param>
    /// <param name="count">One element: the number of distinct slices.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(ReadOnlySpan<T> x, Span<T> y, Span<long> indices, Span<long> inverseIndices, Span<long> counts, Span<int> work,
        int outer, int length, int inner, bool sorted, Span<int> count) where T : unmanaged, INumberBase<T>, IComparable<T>
    {
        if (outer < 0 || length < 0 || inner < 0) throw new ArgumentException("Negative Unique dimension.");
        Simd.Need(x.Length, (long)outer * length * inner, nameof(x));
        Simd.Need(work.Length, 4L * length, nameof(work));
        Span<int> order = work.Slice(0, length), inverse = work.Slice(length, length), first = work.Slice(2 * length, length), occurrences = work.Slice(3 * length, length);
        for (int i = 0; i < length; i++) order[i] = i;
        HeapSort(order, x, outer, length, inner);
        int unique = 0;
        for (int j = 0; j < length; j++)
        {
            if (j == 0 || Compare(x, order[j - 1], order[j], outer, length, inner) != 0)
            {
                first[unique] = order[j];
                occurrences[unique] = 0;
                unique++;
            }
            occurrences[unique - 1]++;
            inverse[order[j]] = unique - 1;
        }
        if (!sorted)
        {
            // Renumber by first occurrence: walking slices in index order meets each group first at its first index.
            Span<int> rank = order;
            rank.Fill(-1);
            int next = 0;
            for (int i = 0; i < length; i++) if (rank[inverse[i]] < 0) rank[inverse[i]] = next++;
            for (int i = 0; i < length; i++) inverse[i] = rank[inverse[i]];
            // first and occurrences move to their new places: old group g goes to rank[g].
            Reorder(first, rank, unique);
            Reorder(occurrences, rank, unique);
        }
        Simd.Need(y.Length, (long)outer * unique * inner, nameof(y));
        for (int o = 0; o < outer; o++)
            for (int u = 0; u < unique; u++)
                x.Slice((o * length + first[u]) * inner, inner).CopyTo(y.Slice((o * unique + u) * inner, inner));
        if (!indices.IsEmpty) for (int u = 0; u < unique; u++) indices[u] = first[u];
        if (!counts.IsEmpty) for (int u = 0; u < unique; u++) counts[u] = occurrences[u];
        if (!inverseIndices.IsEmpty) for (int i = 0; i < length; i++) inverseIndices[i] = inverse[i];
        count[0] = unique;
    }

    /// <summary>values[rank[g]] = old values[g] for g &lt; n, following each permutation cycle once (rank is restored).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Reorder(Span<int> values, Span<int> rank, int n)
    {
        for (int start = 0; start < n; start++)
        {
            if (rank[start] < 0) continue;
            int g = start, carried = values[g];
            while (rank[g] >= 0)
            {
                int target = rank[g];
                rank[g] = ~target; // visited
                int displaced = values[target];
                values[target] = carried;
                carried = displaced;
                g = target;
            }
        }
        for (int g = 0; g < n; g++) rank[g] = ~rank[g];
    }

    /// <summary>Lexicographic order of slices a and b (over outer then inner), then by index.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Compare<T>(ReadOnlySpan<T> x, int a, int b, int outer, int length, int inner) where T : unmanaged, IComparable<T>
    {
        for (int o = 0; o < outer; o++)
        {
            ReadOnlySpan<T> sa = x.Slice((o * length + a) * inner, inner), sb = x.Slice((o * length + b) * inner, inner);
            for (int k = 0; k < inner; k++)
            {
                int c = sa[k].CompareTo(sb[k]);
                if (c != 0) return c;
            }
        }
        return 0;
    }

    private static bool Before<T>(ReadOnlySpan<T> x, int a, int b, int outer, int length, int inner) where T : unmanaged, IComparable<T>
    {
        int c = Compare(x, a, b, outer, length, inner);
        return c < 0 || (c == 0 && a < b);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void HeapSort<T>(Span<int> order, ReadOnlySpan<T> x, int outer, int length, int inner) where T : unmanaged, IComparable<T>
    {
        int n = order.Length;
        for (int i = n / 2 - 1; i >= 0; i--) Sift(order, i, n, x, outer, length, inner);
        for (int end = n - 1; end > 0; end--)
        {
            (order[0], order[end]) = (order[end], order[0]);
            Sift(order, 0, end, x, outer, length, inner);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Sift<T>(Span<int> order, int root, int n, ReadOnlySpan<T> x, int outer, int length, int inner) where T : unmanaged, IComparable<T>
    {
        while (true)
        {
            int child = 2 * root + 1;
            if (child >= n) return;
            if (child + 1 < n && Before(x, order[child], order[child + 1], outer, length, inner)) child++;
            if (!Before(x, order[root], order[child], outer, length, inner)) return;
            (order[root], order[child]) = (order[child], order[root]);
            root = child;
        }
    }
}

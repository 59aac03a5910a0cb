using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>ONNX TopK along the middle axis of [outer, axisLength, inner].</summary>
public static class TopK
{
    /// <summary>
    /// The k best elements of each x[o, :, i] (largest or smallest), best first, and their indices. Equal values
    /// keep the lower index first. Insertion into the k-long output row: no scratch, O(axisLength·k).
    /// </summary>
    /// <param name="x">Input [outer, axisLength, inner].</param>
    /// <param name="values">Output [outer, k, inner].</param>
    /// <param name="indices">Output [outer, k, inner].</param>
    /// <param name="outer">Product of the dims before the axis.</param>
    /// <param name="axisLength">Length of the axis.</param>
    /// <param name="inner">Product of the dims after the axis.</param>
    /// <param name="k">How many to keep (at most axisLength).</param>
    /// <param name="largest">Keep the largest (else the smallest).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(ReadOnlySpan<T> x, Span<T> values, Span<long> indices, int outer, int axisLength, int inner, int k, bool largest)
        where T : unmanaged, INumberBase<T>, IComparisonOperators<T, T, bool>
    {
        if (outer < 0 || axisLength < 0 || inner < 0 || k < 0 || k > axisLength) throw new ArgumentException("TopK: bad dims or k.");
        Simd.Need(x.Length, (long)outer * axisLength * inner, nameof(x));
        Simd.Need(values.Length, (long)outer * k * inner, nameof(values));
        Simd.Need(indices.Length, (long)outer * k * inner, nameof(indices));
        if (k == 0) return;
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                int src = o * axisLength * inner + i, dst = o * k * inner + i;
                int count = 0;
                for (int a = 0; a < axisLength; a++)
                {
                    T v = x[src + a * inner];
                    // Find where v goes: after every kept element that is at least as good (ties keep lower index first).
                    int pos = count;
                    while (pos > 0 && Better(v, values[dst + (pos - 1) * inner], largest)) pos--;
                    if (pos >= k) continue;
                    int last = count < k ? count : k - 1;
                    for (int j = last; j > pos; j--)
                    {
                        values[dst + j * inner] = values[dst + (j - 1) * inner];
                        indices[dst + j * inner] = indices[dst + (j - 1) * inner];
                    }
                    values[dst + pos * inner] = v;
                    indices[dst + pos * inner] = a;
                    if (count < k) count++;
                }
            }
    }

    /// <summary>Strictly better: NaN ranks above every number for largest and below for smallest (numpy's sort puts NaN last).</summary>
    private static bool Better<T>(T v, T w, bool largest) where T : INumberBase<T>, IComparisonOperators<T, T, bool>
    {
        if (T.IsNaN(v)) return largest && !T.IsNaN(w);
        if (T.IsNaN(w)) return !largest;
        return largest ? v > w : v < w;
    }

    /// <summary>dims[0] = the one-element k tensor's value, which must lie in [0, axisLength].</summary>
    /// <param name="k">One element: k.</param>
    /// <param name="axisLength">Length of the axis.</param>
    /// <param name="dims">One element: k as a dim.</param>
    public static void K(ReadOnlySpan<long> k, int axisLength, Span<int> dims)
    {
        Simd.Need(k.Length, 1, nameof(k));
        if (k[0] < 0 || k[0] > axisLength) throw new ArgumentException($"TopK k {k[0]} is outside [0, {axisLength}].", nameof(k));
        dims[0] = (int)k[0];
    }
}

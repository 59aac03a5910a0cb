using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels
{
    /// <summary>ai.onnx.ml LabelEncoder: each element of x looked up in a key table (strings or numbers).</summary>
    public static class LabelEncoder
    {
        /// <summary>
        /// y[i] = values[k] for the first k with keys[k] == x[i], else fallback[0]. Numbers compare with their Equals
        /// (so a NaN key matches NaN); strings ordinally. Tables are small, so a linear scan needs no index.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Map<TKey, TValue>(ReadOnlySpan<TKey> x, Span<TValue> y, ReadOnlySpan<TKey> keys, ReadOnlySpan<TValue> values, ReadOnlySpan<TValue> fallback)
        {
            Simd.Need(y.Length, x.Length, nameof(y));
            Simd.Need(values.Length, keys.Length, nameof(values));
            Simd.Need(fallback.Length, 1, nameof(fallback));
            var comparer = EqualityComparer<TKey>.Default;
            for (int i = 0; i < x.Length; i++)
            {
                TValue v = fallback[0];
                for (int k = 0; k < keys.Length; k++)
                    if (comparer.Equals(keys[k], x[i])) { v = values[k]; break; }
                y[i] = v;
            }
        }
    }
}

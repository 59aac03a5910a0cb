using System;
using System.Text.RegularExpressions;

namespace ModelGen.Runtime.Kernels
{
    /// <summary>
    /// Kernels over string tensors (managed string spans, which never live in the byte arena). Binary ones broadcast
    /// numpy-style: each operand's strides over the output's shape are 0 on broadcast axes. The kernels that produce
    /// strings allocate them; that is inherent to strings.
    /// </summary>
    public static class Strings
    {
        /// <summary>y = (a == b), ordinal, with broadcasting.</summary>
        public static void Equal(ReadOnlySpan<string> a, ReadOnlySpan<string> b, Span<bool> y, ReadOnlySpan<int> shape, ReadOnlySpan<int> aStrides, ReadOnlySpan<int> bStrides)
        {
            int count = Count(shape);
            Simd.Need(y.Length, count, nameof(y));
            for (int k = 0; k < count; k++)
                y[k] = string.Equals(a[Offset(k, shape, aStrides)], b[Offset(k, shape, bStrides)], StringComparison.Ordinal);
        }

        /// <summary>y = a + b (concatenation), with broadcasting.</summary>
        public static void Concat(ReadOnlySpan<string> a, ReadOnlySpan<string> b, Span<string> y, ReadOnlySpan<int> shape, ReadOnlySpan<int> aStrides, ReadOnlySpan<int> bStrides)
        {
            int count = Count(shape);
            Simd.Need(y.Length, count, nameof(y));
            for (int k = 0; k < count; k++)
                y[k] = string.Concat(a[Offset(k, shape, aStrides)], b[Offset(k, shape, bStrides)]);
        }

        /// <summary>
        /// y = whether each x matches <paramref name="pattern"/> as a whole. The pattern is anchored at both ends and
        /// culture-invariant; it runs interpreted (NativeAOT-safe: no RegexOptions.Compiled) and is parsed once, on
        /// the first call, through Regex's own cache of static patterns.
        /// </summary>
        public static void FullMatch(ReadOnlySpan<string> x, Span<bool> y, string pattern)
        {
            Simd.Need(y.Length, x.Length, nameof(y));
            for (int i = 0; i < x.Length; i++) y[i] = Regex.IsMatch(x[i], pattern, RegexOptions.CultureInvariant);
        }

        /// <summary>
        /// ONNX StringNormalizer: drops the elements of x equal to a stopword (ordinal, or ignoring case unless
        /// <paramref name="caseSensitive"/>), then changes case (<paramref name="caseChange"/>: 0 none, 1 lower, 2
        /// upper; culture-invariant). An all-dropped result is one "". Sets count[0] to the elements written.
        /// </summary>
        public static void Normalize(ReadOnlySpan<string> x, Span<string> y, ReadOnlySpan<string> stopwords, bool caseSensitive, int caseChange, Span<int> count)
        {
            var comparison = caseSensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
            int kept = 0;
            foreach (var s in x)
            {
                if (IsStopword(s, stopwords, comparison)) continue;
                Simd.Need(y.Length, kept + 1, nameof(y));
                y[kept++] = caseChange == 1 ? s.ToLowerInvariant() : caseChange == 2 ? s.ToUpperInvariant() : s;
            }
            if (kept == 0)
            {
                Simd.Need(y.Length, 1, nameof(y));
                y[kept++] = string.Empty;
            }
            count[0] = kept;
        }

        private static bool IsStopword(string s, ReadOnlySpan<string> stopwords, StringComparison comparison)
        {
            foreach (var w in stopwords) if (string.Equals(s, w, comparison)) return true;
            return false;
        }

        private static int Count(ReadOnlySpan<int> shape)
        {
            int count = 1;
            foreach (int d in shape) count *= d;
            return count;
        }

        /// <summary>The operand's element for output element <paramref name="k"/>: its multi-index dotted with the strides.</summary>
        private static int Offset(int k, ReadOnlySpan<int> shape, ReadOnlySpan<int> strides)
        {
            int offset = 0;
            for (int d = shape.Length - 1; d >= 0; d--)
            {
                int n = shape[d];
                offset += k % n * strides[d];
                k /= n;
            }
            return offset;
        }
    }
}

using System;
using System.Text.RegularExpressions;
using System.Runtime.CompilerServices;

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
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Equal(ReadOnlySpan<string> a, ReadOnlySpan<string> b, Span<bool> y, ReadOnlySpan<int> shape, ReadOnlySpan<int> aStrides, ReadOnlySpan<int> bStrides)
        {
            int count = Count(shape);
            Simd.Need(y.Length, count, nameof(y));
            for (int k = 0; k < count; k++)
                y[k] = string.Equals(a[Offset(k, shape, aStrides)], b[Offset(k, shape, bStrides)], StringComparison.Ordinal);
        }

        /// <summary>y = a + b (concatenation), with broadcasting.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static bool IsStopword(string s, ReadOnlySpan<string> stopwords, StringComparison comparison)
        {
            foreach (var w in stopwords) if (string.Equals(s, w, comparison)) return true;
            return false;
        }

        /// <summary>StringSplit's first pass: count[0] = the most substrings any element of x splits into (the output's last dim).</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void SplitWidth(ReadOnlySpan<string> x, string delimiter, int maxsplit, Span<int> count)
        {
            int widest = 0;
            foreach (var s in x) widest = Math.Max(widest, Split(s, delimiter, maxsplit, default, 0));
            count[0] = widest;
        }

        /// <summary>
        /// ONNX StringSplit: each element's substrings in y's row of <paramref name="width"/> (padded with ""), their
        /// number in z. An empty delimiter splits on runs of whitespace and drops leading and trailing whitespace;
        /// maxsplit &lt; 0 means no limit; after maxsplit splits the rest of the string is the last substring.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Split(ReadOnlySpan<string> x, Span<string> y, Span<long> z, string delimiter, int maxsplit, int width)
        {
            Simd.Need(y.Length, (long)x.Length * width, nameof(y));
            Simd.Need(z.Length, x.Length, nameof(z));
            for (int i = 0; i < x.Length; i++)
            {
                var row = y.Slice(i * width, width);
                int n = Split(x[i], delimiter, maxsplit, row, width);
                row.Slice(n).Fill(string.Empty);
                z[i] = n;
            }
        }

        /// <summary>The substrings of <paramref name="s"/>, written to <paramref name="row"/> when <paramref name="capacity"/> &gt; 0; returns their number.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static int Split(string s, string delimiter, int maxsplit, Span<string> row, int capacity)
        {
            int n = 0;
            void Add(Span<string> r, string text, int start, int end)
            {
                if (capacity > 0)
                {
                    if (n >= capacity) throw new ArgumentException("StringSplit produced more substrings than its output row holds.");
                    r[n] = text.Substring(start, end - start);
                }
                n++;
            }
            if (delimiter.Length > 0)
            {
                int start = 0, at;
                while ((maxsplit < 0 || n < maxsplit) && (at = s.IndexOf(delimiter, start, StringComparison.Ordinal)) >= 0)
                {
                    Add(row, s, start, at);
                    start = at + delimiter.Length;
                }
                Add(row, s, start, s.Length);
                return n;
            }
            int i = 0;
            while (true)
            {
                while (i < s.Length && char.IsWhiteSpace(s[i])) i++;
                if (i == s.Length) break;
                if (maxsplit >= 0 && n == maxsplit)
                {
                    // The limit is reached: the rest, its leading whitespace dropped, is the last substring.
                    Add(row, s, i, s.Length);
                    break;
                }
                int j = i;
                while (i < s.Length && !char.IsWhiteSpace(s[i])) i++;
                Add(row, s, j, i);
            }
            return n;
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        private static int Count(ReadOnlySpan<int> shape)
        {
            int count = 1;
            foreach (int d in shape) count *= d;
            return count;
        }

        /// <summary>The operand's element for output element <paramref name="k"/>: its multi-index dotted with the strides.</summary>
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

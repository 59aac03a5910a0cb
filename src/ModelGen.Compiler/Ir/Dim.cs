using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace ModelGen.Compiler.Ir
{
    /// <summary>
    /// One tensor dimension: a polynomial with integer coefficients over named symbolic dims
    /// ("batch", "N"). A static dim is the constant polynomial. Polynomials are closed under the
    /// + and * that shape inference needs (Concat sums, Reshape/Flatten products), and exact
    /// division covers Reshape's -1. Immutable, equatable, canonical: equal dims have equal terms.
    /// </summary>
    public sealed class Dim : IEquatable<Dim>
    {
        // term key: the sorted symbol names joined by '*' ("" for the constant term) -> coefficient.
        private readonly SortedDictionary<string, long> _terms;

        private Dim(SortedDictionary<string, long> terms) { _terms = terms; }

        public static Dim Of(long value)
        {
            var t = new SortedDictionary<string, long>(StringComparer.Ordinal);
            if (value != 0) t[""] = value;
            return new Dim(t);
        }

        public static Dim Symbol(string name)
        {
            if (string.IsNullOrEmpty(name) || name.IndexOf('*') >= 0) throw new ArgumentException("bad symbol name", nameof(name));
            var t = new SortedDictionary<string, long>(StringComparer.Ordinal) { [name] = 1 };
            return new Dim(t);
        }

        public static readonly Dim Zero = Of(0);
        public static readonly Dim One = Of(1);

        /// <summary>True when the dim is a known number.</summary>
        public bool IsStatic => _terms.Count == 0 || (_terms.Count == 1 && _terms.ContainsKey(""));

        /// <summary>The number, for a static dim.</summary>
        public long Value
        {
            get
            {
                if (!IsStatic) throw new InvalidOperationException("Dim " + this + " is symbolic.");
                return _terms.TryGetValue("", out long v) ? v : 0;
            }
        }

        /// <summary>Symbol names this dim depends on, sorted ordinally.</summary>
        public IEnumerable<string> Symbols =>
            _terms.Keys.Where(k => k.Length > 0).SelectMany(k => k.Split('*')).Distinct().OrderBy(s => s, StringComparer.Ordinal);

        public static Dim operator +(Dim a, Dim b)
        {
            var t = new SortedDictionary<string, long>(a._terms, StringComparer.Ordinal);
            foreach (var kv in b._terms) Add(t, kv.Key, kv.Value);
            return new Dim(t);
        }

        public static Dim operator -(Dim a, Dim b) => a + b * Of(-1);

        public static Dim operator *(Dim a, Dim b)
        {
            var t = new SortedDictionary<string, long>(StringComparer.Ordinal);
            foreach (var x in a._terms)
                foreach (var y in b._terms)
                    Add(t, MultiplyKeys(x.Key, y.Key), checked(x.Value * y.Value));
            return new Dim(t);
        }

        public static implicit operator Dim(long value) => Of(value);

        /// <summary>Exact division, or null when the quotient is not a polynomial (or the divisor is zero).</summary>
        public Dim? TryDivide(Dim divisor)
        {
            if (divisor.IsStatic)
            {
                long d = divisor.Value;
                if (d == 0) return null;
                var t = new SortedDictionary<string, long>(StringComparer.Ordinal);
                foreach (var kv in _terms)
                {
                    if (kv.Value % d != 0) return null;
                    t[kv.Key] = kv.Value / d;
                }
                return new Dim(t);
            }
            // Divisor is a single monomial c*s1*s2...: every term must contain its symbols.
            if (divisor._terms.Count != 1) return Equals(divisor) ? One : null;
            var only = divisor._terms.First();
            var result = new SortedDictionary<string, long>(StringComparer.Ordinal);
            foreach (var kv in _terms)
            {
                var remaining = RemoveSymbols(kv.Key, only.Key);
                if (remaining == null || kv.Value % only.Value != 0) return null;
                Add(result, remaining, kv.Value / only.Value);
            }
            return new Dim(result);
        }

        /// <summary>Replaces symbols that have a binding with their value.</summary>
        public Dim Substitute(IReadOnlyDictionary<string, long> bindings)
        {
            if (IsStatic || bindings.Count == 0) return this;
            Dim result = Zero;
            foreach (var kv in _terms)
            {
                Dim term = Of(kv.Value);
                if (kv.Key.Length > 0)
                    foreach (var s in kv.Key.Split('*'))
                        term *= bindings.TryGetValue(s, out long v) ? Of(v) : Symbol(s);
                result += term;
            }
            return result;
        }

        /// <summary>Renders the dim as a C# expression; <paramref name="symbol"/> maps a symbol name to its C# expression.</summary>
        public string ToCSharp(Func<string, string> symbol)
        {
            if (IsStatic) return Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var parts = new List<string>();
            foreach (var kv in _terms)
            {
                var factors = new List<string>();
                if (kv.Value != 1 || kv.Key.Length == 0) factors.Add(kv.Value.ToString(System.Globalization.CultureInfo.InvariantCulture));
                if (kv.Key.Length > 0) factors.AddRange(kv.Key.Split('*').Select(symbol));
                parts.Add(string.Join(" * ", factors));
            }
            return "(" + string.Join(" + ", parts) + ")";
        }

        public bool Equals(Dim? other)
        {
            if (other is null) return false;
            if (_terms.Count != other._terms.Count) return false;
            foreach (var kv in _terms)
                if (!other._terms.TryGetValue(kv.Key, out long v) || v != kv.Value) return false;
            return true;
        }

        public override bool Equals(object? obj) => Equals(obj as Dim);

        public override int GetHashCode()
        {
            int h = 17;
            foreach (var kv in _terms) h = h * 31 + StringComparer.Ordinal.GetHashCode(kv.Key) * 7 + kv.Value.GetHashCode();
            return h;
        }

        /// <summary>Stable text form: "3", "batch", "2*batch*seq + 1".</summary>
        public override string ToString()
        {
            if (IsStatic) return Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var sb = new StringBuilder();
            foreach (var kv in _terms.Reverse())
            {
                if (sb.Length > 0) sb.Append(" + ");
                if (kv.Key.Length == 0) { sb.Append(kv.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)); continue; }
                if (kv.Value != 1) sb.Append(kv.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('*');
                sb.Append(kv.Key);
            }
            return sb.ToString();
        }

        private static void Add(SortedDictionary<string, long> t, string key, long value)
        {
            t.TryGetValue(key, out long old);
            long sum = checked(old + value);
            if (sum == 0) t.Remove(key); else t[key] = sum;
        }

        private static string MultiplyKeys(string a, string b)
        {
            if (a.Length == 0) return b;
            if (b.Length == 0) return a;
            var all = a.Split('*').Concat(b.Split('*')).ToList();
            all.Sort(StringComparer.Ordinal);
            return string.Join("*", all);
        }

        private static string? RemoveSymbols(string key, string remove)
        {
            var have = key.Length == 0 ? new List<string>() : key.Split('*').ToList();
            if (remove.Length > 0)
                foreach (var s in remove.Split('*'))
                    if (!have.Remove(s)) return null;
            return string.Join("*", have);
        }
    }
}

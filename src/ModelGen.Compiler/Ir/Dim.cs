using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace ModelGen.Compiler.Ir
{
    /// <summary>
    /// One tensor dimension as a canonical integer expression over named symbols: a polynomial whose
    /// variables ("atoms") are symbols (input dims like "batch", run-time dims like "$NonZero_3") or the
    /// non-polynomial forms shape arithmetic needs: floor division, min and max (ceiling division and mod
    /// are written with floor division). Conv/pool output sizes, Slice clamping and Resize sizes are such
    /// expressions of the input dims.
    ///
    /// Normal form: terms sorted by their monomial's text, atoms inside a monomial sorted by their text,
    /// atom arguments themselves in normal form, and the simplifications below applied at construction, so
    /// equal dims built along the same rules compare equal (equality is equality of the canonical text).
    /// Simplifications: like terms collect; floordiv by a constant pulls out the multiples of the divisor
    /// and cancels common factors; min/max flatten, sort, and drop arguments that another provably
    /// dominates. Symbols are never negative (input dims are at least 1, run-time dims at least 0), which
    /// is what those proofs use. Immutable.
    /// </summary>
    public sealed class Dim : IEquatable<Dim>
    {
        // Terms sorted by monomial key; no zero coefficients; the constant term has the empty monomial.
        private readonly Term[] _terms;
        private string? _text;

        private Dim(Term[] terms) { _terms = terms; }

        public static Dim Of(long value) => value == 0 ? Zero : new Dim(new[] { new Term(Monomial.Empty, value) });

        /// <summary>
        /// A symbol. Names that start with '$' are run-time dims (defined by a node while it runs, at least 0);
        /// all others are dims of the graph inputs (bound per call, at least 1).
        /// </summary>
        public static Dim Symbol(string name)
        {
            if (!DimText.IsSymbolName(name)) throw new ArgumentException("'" + name + "' is not a valid dim symbol name.", nameof(name));
            return FromAtom(new SymbolAtom(name));
        }

        /// <summary>The run-time symbol "$" + <paramref name="name"/>.</summary>
        public static Dim RuntimeSymbol(string name) => Symbol(DimText.RuntimePrefix + name);

        /// <summary>True for run-time symbol names ("$NonZero_3").</summary>
        public static bool IsRuntimeSymbol(string name) => name.StartsWith(DimText.RuntimePrefix, StringComparison.Ordinal);

        public static readonly Dim Zero = new Dim(new Term[0]);
        public static readonly Dim One = new Dim(new[] { new Term(Monomial.Empty, 1) });

        internal static Dim FromAtom(DimAtom atom) => new Dim(new[] { new Term(new Monomial(new[] { atom }), 1) });

        /// <summary>True when the dim is a known number.</summary>
        public bool IsStatic => _terms.Length == 0 || (_terms.Length == 1 && _terms[0].Monomial.IsEmpty);

        /// <summary>The number, for a static dim.</summary>
        public long Value
        {
            get
            {
                if (!IsStatic) throw new InvalidOperationException("Dim " + this + " is symbolic.");
                return _terms.Length == 0 ? 0 : _terms[0].Coefficient;
            }
        }

        /// <summary>The constant term.</summary>
        internal long Constant => _terms.Length > 0 && _terms[0].Monomial.IsEmpty ? _terms[0].Coefficient : 0;

        /// <summary>Symbol names this dim depends on (inside floordiv/min/max too), sorted ordinally.</summary>
        public IEnumerable<string> Symbols =>
            _terms.SelectMany(t => t.Monomial.Atoms).SelectMany(a => a.Symbols).Distinct().OrderBy(s => s, StringComparer.Ordinal);

        /// <summary>The single atom when this dim is exactly one atom with coefficient 1 (a symbol, a min...), else null.</summary>
        internal DimAtom? AsAtom => _terms.Length == 1 && _terms[0].Coefficient == 1 && _terms[0].Monomial.Atoms.Length == 1 ? _terms[0].Monomial.Atoms[0] : null;

        /// <summary>The symbol name when this dim is exactly one symbol.</summary>
        public string? SymbolName => (AsAtom as SymbolAtom)?.Name;

        // ---- arithmetic -------------------------------------------------------------------------------

        public static Dim operator +(Dim a, Dim b)
        {
            if (b._terms.Length == 0) return a;
            if (a._terms.Length == 0) return b;
            var t = new SortedDictionary<string, Term>(StringComparer.Ordinal);
            foreach (var x in a._terms) Accumulate(t, x.Monomial, x.Coefficient);
            foreach (var x in b._terms) Accumulate(t, x.Monomial, x.Coefficient);
            return new Dim(t.Values.ToArray());
        }

        public static Dim operator -(Dim a) => a * Of(-1);

        public static Dim operator -(Dim a, Dim b) => a + b * Of(-1);

        public static Dim operator *(Dim a, Dim b)
        {
            var t = new SortedDictionary<string, Term>(StringComparer.Ordinal);
            foreach (var x in a._terms)
                foreach (var y in b._terms)
                    Accumulate(t, x.Monomial.Times(y.Monomial), checked(x.Coefficient * y.Coefficient));
            return new Dim(t.Values.ToArray());
        }

        public static implicit operator Dim(long value) => Of(value);

        /// <summary>⌊a / b⌋ (rounding toward −∞). <paramref name="b"/> must be positive.</summary>
        public static Dim FloorDiv(Dim a, Dim b)
        {
            if (b.IsStatic)
            {
                long d = b.Value;
                if (d <= 0) throw new ArgumentException("floordiv by a non-positive constant " + d + ".", nameof(b));
                if (d == 1) return a;
                if (a.IsStatic) return Of(FloorDivide(a.Value, d));
                // a = d*q + r with every coefficient of r in [0, d): ⌊a/d⌋ = q + ⌊r/d⌋ (q is integer-valued).
                var quotient = new List<Term>();
                var remainder = new List<Term>();
                foreach (var term in a._terms)
                {
                    long q = FloorDivide(term.Coefficient, d), r = term.Coefficient - q * d;
                    if (q != 0) quotient.Add(new Term(term.Monomial, q));
                    if (r != 0) remainder.Add(new Term(term.Monomial, r));
                }
                var q0 = new Dim(quotient.ToArray());
                var r0 = new Dim(remainder.ToArray());
                if (r0.IsStatic) return q0; // 0 <= r < d, so ⌊r/d⌋ = 0
                // Cancel a common factor of the remainder's coefficients and the divisor: ⌊g·r'/(g·d')⌋ = ⌊r'/d'⌋.
                long g = remainder.Aggregate(d, (acc, term) => Gcd(acc, term.Coefficient));
                if (g > 1)
                {
                    r0 = new Dim(remainder.Select(x => new Term(x.Monomial, x.Coefficient / g)).ToArray());
                    d /= g;
                }
                return q0 + FromAtom(new FloorDivAtom(r0, Of(d)));
            }
            var exact = a.TryDivide(b);
            if (exact != null) return exact;
            if (b.LowerBound == null || b.LowerBound < 1)
                throw new ArgumentException("floordiv by " + b + ", which is not provably positive.", nameof(b));
            return FromAtom(new FloorDivAtom(a, b));
        }

        /// <summary>⌈a / b⌉ for positive <paramref name="b"/>: ⌊(a + b − 1) / b⌋.</summary>
        public static Dim CeilDiv(Dim a, Dim b) => FloorDiv(a + b - One, b);

        /// <summary>a mod b for positive <paramref name="b"/> (the sign of b, as Python's %): a − b·⌊a/b⌋.</summary>
        public static Dim Mod(Dim a, Dim b) => a - b * FloorDiv(a, b);

        public static Dim Min(Dim a, Dim b) => MinMax(new[] { a, b }, isMin: true);

        public static Dim Max(Dim a, Dim b) => MinMax(new[] { a, b }, isMin: false);

        public static Dim Min(IEnumerable<Dim> args) => MinMax(args.ToArray(), isMin: true);

        public static Dim Max(IEnumerable<Dim> args) => MinMax(args.ToArray(), isMin: false);

        private static Dim MinMax(Dim[] args, bool isMin)
        {
            if (args.Length == 0) throw new ArgumentException("min/max of nothing.");
            // Flatten nested min(min(...)) / max(max(...)).
            var flat = new List<Dim>();
            foreach (var a in args)
            {
                if (a.AsAtom is MinMaxAtom m && m.IsMin == isMin) flat.AddRange(m.Args);
                else flat.Add(a);
            }
            // Drop duplicates and every argument another one provably dominates.
            var kept = new List<Dim>();
            foreach (var a in flat.Distinct())
            {
                if (kept.Any(k => isMin ? ProvablyLessOrEqual(k, a) : ProvablyLessOrEqual(a, k))) continue;
                kept.RemoveAll(k => isMin ? ProvablyLessOrEqual(a, k) : ProvablyLessOrEqual(k, a));
                kept.Add(a);
            }
            if (kept.Count == 1) return kept[0];
            kept.Sort((x, y) => string.CompareOrdinal(x.ToString(), y.ToString()));
            return FromAtom(new MinMaxAtom(kept.ToArray(), isMin));
        }

        /// <summary>True when a ≤ b for every value of the symbols (a proof, not a guess: false means "not proven").</summary>
        public static bool ProvablyLessOrEqual(Dim a, Dim b) => (b - a).LowerBound >= 0;

        /// <summary>Exact division, or null when the quotient is not a polynomial (or the divisor is zero).</summary>
        public Dim? TryDivide(Dim divisor)
        {
            if (divisor.IsStatic)
            {
                long d = divisor.Value;
                if (d == 0) return null;
                var terms = new Term[_terms.Length];
                for (int i = 0; i < terms.Length; i++)
                {
                    if (_terms[i].Coefficient % d != 0) return null;
                    terms[i] = new Term(_terms[i].Monomial, _terms[i].Coefficient / d);
                }
                return new Dim(terms);
            }
            if (Equals(divisor)) return One;
            // A single-term divisor c·m: every term must contain m and have a coefficient divisible by c.
            if (divisor._terms.Length != 1) return null;
            var only = divisor._terms[0];
            var t = new SortedDictionary<string, Term>(StringComparer.Ordinal);
            foreach (var x in _terms)
            {
                var rest = x.Monomial.Without(only.Monomial);
                if (rest == null || x.Coefficient % only.Coefficient != 0) return null;
                Accumulate(t, rest, x.Coefficient / only.Coefficient);
            }
            return new Dim(t.Values.ToArray());
        }

        // ---- bounds ------------------------------------------------------------------------------------

        /// <summary>A proven lower bound, or null when none is known (a negative coefficient on a symbolic term, say).</summary>
        public long? LowerBound
        {
            get
            {
                long bound = 0;
                foreach (var t in _terms)
                {
                    if (t.Monomial.IsEmpty) { bound += t.Coefficient; continue; }
                    if (t.Coefficient < 0) return null;
                    long? m = t.Monomial.LowerBound;
                    if (m == null) return null;
                    bound += t.Coefficient * m.Value;
                }
                return bound;
            }
        }

        /// <summary>
        /// Replaces symbols by upper bounds (<paramref name="bound"/> returns null for symbols kept as they are):
        /// the result bounds this dim from above when the dim grows with those symbols. Null when that is not
        /// provable (a negative coefficient, or a divisor that depends on a bounded symbol).
        /// </summary>
        public Dim? Bounded(Func<string, Dim?> bound)
        {
            var result = Zero;
            foreach (var t in _terms)
            {
                if (t.Monomial.IsEmpty) { result += Of(t.Coefficient); continue; }
                bool touches = t.Monomial.Atoms.Any(a => a.Symbols.Any(s => bound(s) != null));
                if (touches && t.Coefficient < 0) return null;
                var product = Of(t.Coefficient);
                foreach (var atom in t.Monomial.Atoms)
                {
                    var b = atom.Bounded(bound);
                    if (b == null) return null;
                    product *= b;
                }
                result += product;
            }
            return result;
        }

        // ---- substitution and evaluation ---------------------------------------------------------------

        /// <summary>Replaces symbols that have a binding with their value.</summary>
        public Dim Substitute(IReadOnlyDictionary<string, long> bindings) =>
            bindings.Count == 0 ? this : Substitute(s => bindings.TryGetValue(s, out long v) ? Of(v) : null);

        /// <summary>Replaces symbols for which <paramref name="map"/> gives a dim; others stay.</summary>
        public Dim Substitute(Func<string, Dim?> map)
        {
            if (IsStatic) return this;
            var result = Zero;
            foreach (var t in _terms)
            {
                var product = Of(t.Coefficient);
                foreach (var atom in t.Monomial.Atoms) product *= atom.Substitute(map);
                result += product;
            }
            return result;
        }

        /// <summary>The value given every symbol's value.</summary>
        public long Evaluate(Func<string, long> symbol)
        {
            long total = 0;
            foreach (var t in _terms)
            {
                long product = t.Coefficient;
                foreach (var atom in t.Monomial.Atoms) product = checked(product * atom.Evaluate(symbol));
                total = checked(total + product);
            }
            return total;
        }

        /// <summary>Renders the dim as a C# int expression; <paramref name="symbol"/> maps a symbol name to its C# expression.</summary>
        public string ToCSharp(Func<string, string> symbol)
        {
            if (IsStatic) return Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            // One atom alone renders as itself (a field, or an already parenthesised call).
            if (AsAtom != null) return AsAtom.ToCSharp(symbol);
            var parts = new List<string>();
            foreach (var t in Enumerable.Reverse(_terms))
            {
                var factors = new List<string>();
                long c = Math.Abs(t.Coefficient);
                if (c != 1 || t.Monomial.IsEmpty) factors.Add(c.ToString(System.Globalization.CultureInfo.InvariantCulture));
                factors.AddRange(t.Monomial.Atoms.Select(a => a.ToCSharp(symbol)));
                string text = string.Join(" * ", factors);
                parts.Add(parts.Count == 0 ? (t.Coefficient < 0 ? "-" + text : text) : (t.Coefficient < 0 ? " - " : " + ") + text);
            }
            return "(" + string.Concat(parts) + ")";
        }

        public bool Equals(Dim? other) => other is not null && (ReferenceEquals(this, other) || ToString() == other.ToString());

        public override bool Equals(object? obj) => Equals(obj as Dim);

        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToString());

        /// <summary>Stable, parseable text: "3", "batch", "2*batch*seq + 1", "floordiv(H - 1, 2) + 1", "min(N, 4)".</summary>
        public override string ToString()
        {
            if (_text != null) return _text;
            if (IsStatic) return _text = Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            var sb = new StringBuilder();
            // Symbolic terms first (higher-order ones first), the constant last.
            foreach (var t in Enumerable.Reverse(_terms))
            {
                long c = t.Coefficient;
                if (sb.Length > 0) sb.Append(c < 0 ? " - " : " + ");
                else if (c < 0) sb.Append('-');
                c = Math.Abs(c);
                if (t.Monomial.IsEmpty) { sb.Append(c.ToString(System.Globalization.CultureInfo.InvariantCulture)); continue; }
                if (c != 1) sb.Append(c.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('*');
                sb.Append(t.Monomial.Key);
            }
            return _text = sb.ToString();
        }

        /// <summary>Parses the text <see cref="ToString"/> writes (and the usual + − × forms with parentheses).</summary>
        public static Dim Parse(string text) => DimText.Parse(text);

        private static void Accumulate(SortedDictionary<string, Term> terms, Monomial m, long coefficient)
        {
            if (terms.TryGetValue(m.Key, out var old)) coefficient = checked(old.Coefficient + coefficient);
            if (coefficient == 0) terms.Remove(m.Key);
            else terms[m.Key] = new Term(m, coefficient);
        }

        internal static long FloorDivide(long a, long b)
        {
            long q = a / b;
            return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
        }

        private static long Gcd(long a, long b)
        {
            a = Math.Abs(a); b = Math.Abs(b);
            while (b != 0) { long t = a % b; a = b; b = t; }
            return a;
        }

        private readonly struct Term
        {
            public Term(Monomial monomial, long coefficient)
            {
                Monomial = monomial;
                Coefficient = coefficient;
            }

            public Monomial Monomial { get; }
            public long Coefficient { get; }
        }
    }
}

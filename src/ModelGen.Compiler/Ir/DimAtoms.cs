using System;
using System.Collections.Generic;
using System.Linq;

namespace ModelGen.Compiler.Ir
{
    /// <summary>A product of atoms (with repetition), atoms sorted by their text: the variable part of a <see cref="Dim"/> term.</summary>
    internal sealed class Monomial
    {
        public static readonly Monomial Empty = new Monomial(new DimAtom[0]);

        public Monomial(DimAtom[] atoms)
        {
            Array.Sort(atoms, (a, b) => string.CompareOrdinal(a.Key, b.Key));
            Atoms = atoms;
            Key = string.Join("*", atoms.Select(a => a.Key));
        }

        public DimAtom[] Atoms { get; }

        /// <summary>Canonical text: "N*N*floordiv(H, 2)"; "" for the empty product.</summary>
        public string Key { get; }

        public bool IsEmpty => Atoms.Length == 0;

        public Monomial Times(Monomial other) =>
            other.IsEmpty ? this : IsEmpty ? other : new Monomial(Atoms.Concat(other.Atoms).ToArray());

        /// <summary>This product with each atom of <paramref name="divisor"/> taken out once, or null when one is missing.</summary>
        public Monomial? Without(Monomial divisor)
        {
            var rest = Atoms.ToList();
            foreach (var a in divisor.Atoms)
            {
                int i = rest.FindIndex(x => x.Key == a.Key);
                if (i < 0) return null;
                rest.RemoveAt(i);
            }
            return new Monomial(rest.ToArray());
        }

        /// <summary>Product of the atoms' lower bounds when each is known and non-negative.</summary>
        public long? LowerBound
        {
            get
            {
                long p = 1;
                foreach (var a in Atoms)
                {
                    long? b = a.LowerBound;
                    if (b == null || b < 0) return null;
                    p *= b.Value;
                }
                return p;
            }
        }
    }

    /// <summary>A variable of the <see cref="Dim"/> polynomial: a symbol, a floor division, or a min/max.</summary>
    internal abstract class DimAtom
    {
        /// <summary>Canonical text, also the sort key.</summary>
        public abstract string Key { get; }
        public abstract IEnumerable<string> Symbols { get; }
        /// <summary>A proven lower bound, or null.</summary>
        public abstract long? LowerBound { get; }
        public abstract long Evaluate(Func<string, long> symbol);
        public abstract Dim Substitute(Func<string, Dim?> map);
        /// <summary>An upper bound given bounds for some symbols (see <see cref="Dim.Bounded"/>), or null.</summary>
        public abstract Dim? Bounded(Func<string, Dim?> bound);
        public abstract string ToCSharp(Func<string, string> symbol);
        public override string ToString() => Key;
    }

    internal sealed class SymbolAtom : DimAtom
    {
        public SymbolAtom(string name) { Name = name; }
        public string Name { get; }
        public override string Key => Name;
        public override IEnumerable<string> Symbols => new[] { Name };
        public override long? LowerBound => Dim.IsRuntimeSymbol(Name) ? 0 : 1;
        public override long Evaluate(Func<string, long> symbol) => symbol(Name);
        public override Dim Substitute(Func<string, Dim?> map) => map(Name) ?? Dim.FromAtom(this);
        public override Dim? Bounded(Func<string, Dim?> bound) => bound(Name) ?? Dim.FromAtom(this);
        public override string ToCSharp(Func<string, string> symbol) => symbol(Name);
    }

    /// <summary>⌊Numerator / Divisor⌋ with a positive divisor that does not divide the numerator exactly.</summary>
    internal sealed class FloorDivAtom : DimAtom
    {
        public FloorDivAtom(Dim numerator, Dim divisor)
        {
            Numerator = numerator;
            Divisor = divisor;
            Key = "floordiv(" + numerator + ", " + divisor + ")";
        }

        public Dim Numerator { get; }
        public Dim Divisor { get; }
        public override string Key { get; }
        public override IEnumerable<string> Symbols => Numerator.Symbols.Concat(Divisor.Symbols);

        public override long? LowerBound
        {
            get
            {
                long? n = Numerator.LowerBound;
                if (n == null) return null;
                if (Divisor.IsStatic) return Dim.FloorDivide(n.Value, Divisor.Value);
                return n.Value >= 0 ? 0 : (long?)null;
            }
        }

        public override long Evaluate(Func<string, long> symbol) => Dim.FloorDivide(Numerator.Evaluate(symbol), Divisor.Evaluate(symbol));

        public override Dim Substitute(Func<string, Dim?> map) => Dim.FloorDiv(Numerator.Substitute(map), Divisor.Substitute(map));

        public override Dim? Bounded(Func<string, Dim?> bound)
        {
            // Monotone in the numerator only: a divisor that depends on a bounded symbol could shrink.
            if (Divisor.Symbols.Any(s => bound(s) != null)) return null;
            var n = Numerator.Bounded(bound);
            return n == null ? null : Dim.FloorDiv(n, Divisor);
        }

        public override string ToCSharp(Func<string, string> symbol)
        {
            // C#'s / truncates toward zero, which is floor for a non-negative numerator and a positive divisor.
            if (Numerator.LowerBound >= 0) return "(" + Numerator.ToCSharp(symbol) + " / " + Divisor.ToCSharp(symbol) + ")";
            return "global::ModelGen.Runtime.DimMath.FloorDiv(" + Numerator.ToCSharp(symbol) + ", " + Divisor.ToCSharp(symbol) + ")";
        }
    }

    /// <summary>min(a, b, ...) or max(a, b, ...) of two or more dims, none provably dominating another, sorted by text.</summary>
    internal sealed class MinMaxAtom : DimAtom
    {
        public MinMaxAtom(Dim[] args, bool isMin)
        {
            Args = args;
            IsMin = isMin;
            Key = (isMin ? "min(" : "max(") + string.Join(", ", args.Select(a => a.ToString())) + ")";
        }

        public Dim[] Args { get; }
        public bool IsMin { get; }
        public override string Key { get; }
        public override IEnumerable<string> Symbols => Args.SelectMany(a => a.Symbols);

        public override long? LowerBound
        {
            get
            {
                var bounds = Args.Select(a => a.LowerBound).ToList();
                if (IsMin) return bounds.Any(b => b == null) ? null : bounds.Min();
                var known = bounds.Where(b => b != null).ToList();
                return known.Count == 0 ? null : known.Max();
            }
        }

        public override long Evaluate(Func<string, long> symbol)
        {
            var values = Args.Select(a => a.Evaluate(symbol));
            return IsMin ? values.Min() : values.Max();
        }

        public override Dim Substitute(Func<string, Dim?> map)
        {
            var args = Args.Select(a => a.Substitute(map));
            return IsMin ? Dim.Min(args) : Dim.Max(args);
        }

        public override Dim? Bounded(Func<string, Dim?> bound)
        {
            var args = Args.Select(a => a.Bounded(bound)).ToList();
            if (args.Any(a => a == null)) return null;
            return IsMin ? Dim.Min(args!) : Dim.Max(args!);
        }

        public override string ToCSharp(Func<string, string> symbol)
        {
            string f = IsMin ? "global::System.Math.Min(" : "global::System.Math.Max(";
            string acc = Args[0].ToCSharp(symbol);
            for (int i = 1; i < Args.Length; i++) acc = f + acc + ", " + Args[i].ToCSharp(symbol) + ")";
            return acc;
        }
    }
}

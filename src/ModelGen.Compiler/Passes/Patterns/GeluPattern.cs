using System;
using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Passes.Patterns
{
    /// <summary>
    /// Recognises GELU as exporters write it and writes one Gelu-20 node:
    /// // ½·x·(1 + erf(x / √2))                          -> Gelu(x) {approximate = "none"}   (x / √2 also as x · (1/√2))
    /// // ½·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))      -> Gelu(x) {approximate = "tanh"}   (x³ as Pow(x, 3) or x·x·x)
    /// The product of x, ½ and (1 + ...) may be associated either way (see <see cref="HalfXTimes"/>); every constant is
    /// checked by value, to a relative 1e-5 (exporters print √2 and √(2/π) to float precision).
    /// </summary>
    internal sealed class GeluPattern : PatternPass
    {
        private const double Tolerance = 1e-5;
        private static readonly double Sqrt2 = Math.Sqrt(2), Sqrt2OverPi = Math.Sqrt(2 / Math.PI);

        public override string Name => "gelu";

        protected override IReadOnlyCollection<string> Anchors { get; } = new[] { "Erf", "Tanh" };

        protected override bool TryFuse(Graph scope, Node anchor) => anchor.OpType == "Erf" ? TryErf(scope, anchor) : TryTanh(scope, anchor);

        // erf(x / √2) or erf(x · 1/√2)
        private static bool TryErf(Graph scope, Node erf)
        {
            var p = new Pattern(scope);
            var u = erf.Input(0);
            if (p.OnlyReader(u, "Erf") != erf) return false;
            Value? x = null;
            if (p.Producer(u, "Div") is Node div && Pattern.IsScalar(div.Input(1), Sqrt2, Tolerance)) x = p.Add(div).Input(0);
            else if (p.Producer(u, "Mul") is Node mul)
            {
                if (Pattern.IsScalar(mul.Input(1), 1 / Sqrt2, Tolerance)) x = mul.Input(0);
                else if (Pattern.IsScalar(mul.Input(0), 1 / Sqrt2, Tolerance)) x = mul.Input(1);
                if (x != null) p.Add(mul);
            }
            if (x == null) return false;
            p.Add(erf);
            return Finish(p, erf, x, "none");
        }

        // tanh(√(2/π) · (x + 0.044715 · x³))
        private static bool TryTanh(Graph scope, Node tanh)
        {
            var p = new Pattern(scope);
            var w = tanh.Input(0);
            var scale = p.Producer(w, "Mul");
            if (scale == null || p.OnlyReader(w, "Tanh") != tanh) return false;
            Value? s = Pattern.IsScalar(scale.Input(0), Sqrt2OverPi, Tolerance) ? scale.Input(1) : Pattern.IsScalar(scale.Input(1), Sqrt2OverPi, Tolerance) ? scale.Input(0) : null;
            var sum = p.Producer(s, "Add");
            if (sum == null || p.OnlyReader(s, "Mul") != scale) return false;
            for (int i = 0; i < 2; i++)
            {
                var x = sum.Inputs[1 - i];
                var term = p.Producer(sum.Inputs[i], "Mul");
                if (x == null || term == null || p.OnlyReader(sum.Inputs[i], "Add") != sum) continue;
                Value? cube = Pattern.IsScalar(term.Input(0), 0.044715, Tolerance) ? term.Input(1) : Pattern.IsScalar(term.Input(1), 0.044715, Tolerance) ? term.Input(0) : null;
                if (cube == null || !Cube(p, cube, x)) continue;
                p.Add(term);
                p.Add(sum);
                p.Add(scale);
                p.Add(tanh);
                return Finish(p, tanh, x, "tanh");
            }
            return false;
        }

        /// <summary>x³ as Pow(x, 3), Mul(x, Mul(x, x)) or Mul(Mul(x, x), x): adds its nodes to the match.</summary>
        private static bool Cube(Pattern p, Value cube, Value x)
        {
            if (p.OnlyReader(cube, "Mul") == null) return false;
            if (p.Producer(cube, "Pow") is Node pow && pow.Inputs[0] == x && Pattern.IsScalar(pow.Input(1), 3))
            {
                p.Add(pow);
                return true;
            }
            if (!(p.Producer(cube, "Mul") is Node outer)) return false;
            var square = outer.Inputs[0] == x ? outer.Inputs[1] : outer.Inputs[1] == x ? outer.Inputs[0] : null;
            if (!(p.Producer(square, "Mul") is Node inner) || inner.Inputs[0] != x || inner.Inputs[1] != x || p.OnlyReader(square, "Mul") != outer) return false;
            p.Add(inner);
            p.Add(outer);
            return true;
        }

        /// <summary>1 + f (either way round), then ½·x·(1 + f); replaces the match by Gelu(x).</summary>
        private static bool Finish(Pattern p, Node f, Value x, string approximate)
        {
            if (x.Shape == null || !Pattern.IsFusableType(x.Type)) return false;
            var onePlus = p.OnlyReader(f.Output(0), "Add");
            if (onePlus == null || !Pattern.IsScalar(Pattern.Other(onePlus, f.Output(0)!), 1)) return false;
            p.Add(onePlus);
            var y = HalfXTimes(p, onePlus.Output(0)!, x);
            if (y == null || !Pattern.SameTypeAndShape(y, x)) return false;
            return p.Replace(y, 20, "Gelu", f.Name + "_gelu", new[] { x }, Pattern.String("approximate", approximate));
        }

        /// <summary>
        /// The product ½·x·a, associated any way:
        /// // (x · a) · ½,   x · (a · ½),   (x · ½) · a   (each Mul either way round)
        /// Adds the Muls (and the x · ½ node) to the match; returns the product, or null.
        /// </summary>
        public static Value? HalfXTimes(Pattern p, Value a, Value x)
        {
            var first = p.OnlyReader(a, "Mul");
            if (first == null) return null;
            var other = Pattern.Other(first, a);
            var firstOut = first.Output(0)!;
            if (other == x || Pattern.IsScalar(other, 0.5))
            {
                var second = p.OnlyReader(firstOut, "Mul");
                var rest = second != null ? Pattern.Other(second, firstOut) : null;
                if (rest == null || (other == x ? !Pattern.IsScalar(rest, 0.5) : rest != x)) return null;
                p.Add(first);
                return p.Add(second!).Output(0);
            }
            if (p.Producer(other, "Mul") is Node half && p.OnlyReader(other, "Mul") == first && Pattern.Other(half, x) is Value c && Pattern.IsScalar(c, 0.5))
            {
                p.Add(half);
                return p.Add(first).Output(0);
            }
            return null;
        }
    }
}

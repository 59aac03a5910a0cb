using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Passes.Patterns
{
    /// <summary>
    /// Recognises hard-swish as exporters write it and writes one HardSwish-14 node:
    /// // x · HardSigmoid(x) {alpha = 1/6, beta = ½}                                  -> HardSwish(x)
    /// // x · relu6(x + 3) / 6,  x · (relu6(x + 3) / 6),  and · 1/6 for / 6           -> HardSwish(x)
    /// where relu6(v) is Clip(v, 0, 6), Min(Max(v, 0), 6), Max(Min(v, 6), 0) or Min(Relu(v), 6).
    /// </summary>
    internal sealed class HardSwishPattern : PatternPass
    {
        private const double Tolerance = 1e-5;

        public override string Name => "hardswish";

        protected override IReadOnlyCollection<string> Anchors { get; } = new[] { "HardSigmoid", "Add" };

        protected override bool TryFuse(Graph scope, Node anchor) => anchor.OpType == "HardSigmoid" ? TryHardSigmoid(scope, anchor) : TryRelu6(scope, anchor);

        private static bool TryHardSigmoid(Graph scope, Node hs)
        {
            var p = new Pattern(scope);
            var x = hs.Input(0)!;
            float alpha = hs.Attributes.TryGetValue("alpha", out var a) ? a.Float : 0.2f;
            float beta = hs.Attributes.TryGetValue("beta", out var b) ? b.Float : 0.5f;
            if (System.Math.Abs(alpha - 1.0 / 6) > 1e-6 || System.Math.Abs(beta - 0.5) > 1e-6) return false;
            var mul = p.OnlyReader(hs.Output(0), "Mul");
            if (mul == null || Pattern.Other(mul, hs.Output(0)!) != x) return false;
            p.Add(hs);
            p.Add(mul);
            return Finish(p, x, mul.Output(0)!, hs.Name);
        }

        // Add(x, 3) → relu6 → times x and 1/6.
        private static bool TryRelu6(Graph scope, Node add)
        {
            var p = new Pattern(scope);
            Value? x = Pattern.IsScalar(add.Input(1), 3) ? add.Input(0) : Pattern.IsScalar(add.Input(0), 3) ? add.Input(1) : null;
            if (x == null) return false;
            p.Add(add);
            var r = Relu6(p, add.Output(0)!);
            if (r == null) return false;

            // x · r, then / 6 or · 1/6
            var mul = p.OnlyReader(r, "Mul");
            if (mul != null && Pattern.Other(mul, r) == x && SixthOf(p, mul.Output(0)!) is Value y)
            {
                p.Add(mul);
                return Finish(p, x, y, add.Name);
            }
            // r / 6 or r · 1/6, then · x
            if (SixthOf(p, r) is Value sixth && p.OnlyReader(sixth, "Mul") is Node times && Pattern.Other(times, sixth) == x)
            {
                p.Add(times);
                return Finish(p, x, times.Output(0)!, add.Name);
            }
            return false;
        }

        /// <summary>Div(v, 6) or Mul(v, 1/6) (either way round) as the only reader of <paramref name="v"/>: adds it and returns its output.</summary>
        private static Value? SixthOf(Pattern p, Value v)
        {
            if (p.OnlyReader(v, "Div") is Node div && div.Inputs[0] == v && Pattern.IsScalar(div.Input(1), 6)) return p.Add(div).Output(0);
            if (p.OnlyReader(v, "Mul") is Node mul && Pattern.IsScalar(Pattern.Other(mul, v), 1.0 / 6, Tolerance)) return p.Add(mul).Output(0);
            return null;
        }

        /// <summary>relu6(v) in the spellings above, as the chain of only readers from <paramref name="v"/>: adds its nodes and returns its output.</summary>
        private static Value? Relu6(Pattern p, Value v)
        {
            if (p.OnlyReader(v, "Clip") is Node clip && clip.Inputs[0] == v && ClipBounds(clip, out double lo, out double hi) && lo == 0 && hi == 6)
                return p.Add(clip).Output(0);
            if (p.OnlyReader(v, "Relu") is Node relu && Bound(p, relu.Output(0)!, "Min", 6) is Node min)
            {
                p.Add(relu);
                return p.Add(min).Output(0);
            }
            if (Bound(p, v, "Max", 0) is Node max && Bound(p, max.Output(0)!, "Min", 6) is Node min2)
            {
                p.Add(max);
                return p.Add(min2).Output(0);
            }
            if (Bound(p, v, "Min", 6) is Node min3 && Bound(p, min3.Output(0)!, "Max", 0) is Node max3)
            {
                p.Add(min3);
                return p.Add(max3).Output(0);
            }
            return null;
        }

        /// <summary>The only reader of <paramref name="v"/> when it is a two-input <paramref name="op"/> (Min or Max) with the scalar <paramref name="bound"/>.</summary>
        private static Node? Bound(Pattern p, Value v, string op, double bound)
        {
            var n = p.OnlyReader(v, op);
            return n != null && n.Inputs.Count == 2 && Pattern.IsScalar(Pattern.Other(n, v), bound) ? n : null;
        }

        /// <summary>Clip's bounds: attributes before revision 11, build-time inputs from it (absent: ±∞).</summary>
        private static bool ClipBounds(Node clip, out double lo, out double hi)
        {
            lo = double.NegativeInfinity;
            hi = double.PositiveInfinity;
            if (clip.Revision < 11)
            {
                if (clip.Attributes.TryGetValue("min", out var mn)) lo = mn.Float;
                if (clip.Attributes.TryGetValue("max", out var mx)) hi = mx.Float;
                return true;
            }
            if (clip.Input(1) != null) { if (Pattern.ScalarOf(clip.Input(1)) is double l) lo = l; else return false; }
            if (clip.Input(2) != null) { if (Pattern.ScalarOf(clip.Input(2)) is double h) hi = h; else return false; }
            return true;
        }

        private static bool Finish(Pattern p, Value x, Value y, string stem)
        {
            if (x.Shape == null || !Pattern.IsFusableType(x.Type) || !Pattern.SameTypeAndShape(y, x)) return false;
            return p.Replace(y, 14, "HardSwish", stem + "_hardswish", new[] { x });
        }
    }
}

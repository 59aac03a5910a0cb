using System;
using System.Linq;
using ModelGen.Compiler.Ir;
using static ModelGen.Fuzzing.Generation.GenContext;

namespace ModelGen.Fuzzing.Generation
{
    /// <summary>
    /// Unary and binary elementwise templates, comparisons with Where, Clip and exact casts. Each takes the tensor to
    /// work on (null: pick one) and returns the node's output, or null when nothing live fits.
    /// </summary>
    internal static class ElementwiseTemplates
    {
        public static GenTensor? Unary(GenContext c, GenTensor? input, string op)
        {
            Func<GenTensor, bool> fits = op switch
            {
                "Exp" => t => t.Bound <= 6,
                "Floor" or "Ceil" or "Round" => t => t.Exact,
                "Softplus" => t => t.Bound <= 20,
                _ => t => true,
            };
            var a = input ?? c.Pick(fits);
            if (a == null || !fits(a)) return null;
            string[] x = { a.Name };
            int r = a.Reduction;
            double b = a.Bound;
            switch (op)
            {
                case "Relu": return c.Same(op, x, a, b, a.Exact, r);
                case "Abs":
                case "Neg": return c.Same(op, x, a, b, a.Exact, r);
                case "Floor":
                case "Ceil":
                case "Round": return c.Same(op, x, a, b + 1, a.Exact, r);
                case "Sigmoid":
                case "Tanh":
                case "Erf":
                case "Sin":
                case "Softsign": return c.Same(op, x, a, 1, false, r);
                case "Exp": return c.Same(op, x, a, Math.Exp(b), false, r);
                case "Softplus": return c.Same(op, x, a, b + 1, false, r);
                case "Sqrt":
                    // Sqrt(|x|); a rounded x gets + 0.25 first: near 0 sqrt turns a 1e-7 rounding difference into 3e-4.
                    var abs = c.Same("Abs", x, a, b, a.Exact, r);
                    if (!a.Exact) abs = c.Same("Add", new[] { abs.Name, c.Constant(Array.Empty<int>(), new[] { 0.25f }) }, a, b + 0.25, false, r);
                    return c.Same("Sqrt", new[] { abs.Name }, a, Math.Sqrt(b + 0.25), false, r);
                case "LeakyRelu": return c.Same(op, x, a, b, false, r, A("alpha", c.Uniform(0.01, 0.5)));
                case "Elu": return c.Same(op, x, a, Math.Max(b, 1.5), false, r, A("alpha", c.Uniform(0.5, 1.5)));
                case "HardSigmoid": return c.Same(op, x, a, 1, false, r, A("alpha", c.Uniform(0.1, 0.5)), A("beta", c.Uniform(0.3, 0.7)));
                case "HardSwish": return c.Same(op, x, a, b, false, r);
                default: throw new ArgumentException("no unary template for " + op);
            }
        }

        public static GenTensor? Binary(GenContext c, GenTensor? input, string op)
        {
            Func<GenTensor, bool> fits = op == "Pow" ? t => t.Bound <= 9 : t => true;
            var a = input ?? c.Pick(fits);
            if (a == null || !fits(a)) return null;
            GenTensor? other = null;
            string second;
            int[] shape;
            double otherBound;
            bool otherExact = true;
            if (op == "Div")
            {
                shape = Broadcast.CompatibleShape(c, a);
                second = c.Constant(shape, 0.5, 2);
                otherBound = 2;
            }
            else if (op == "Pow")
            {
                // Integer exponents: a negative base stays real; 3 at most keeps the result under MaxBound.
                shape = c.Chance(0.5) ? Array.Empty<int>() : Broadcast.CompatibleShape(c, a);
                int count = shape.Aggregate(1, (x, y) => x * y);
                second = c.Constant(shape, Enumerable.Range(0, count).Select(_ => (float)c.Int(1, 3)).ToArray());
                otherBound = 3;
            }
            else if (c.Chance(0.5) && (other = c.Pick(t => t != a && Broadcast.Fits(a, t) && Limit(op, a.Bound, t.Bound) <= MaxBound)) != null)
            {
                second = other.Name;
                shape = other.Dims;
                otherBound = other.Bound;
                otherExact = other.Exact;
            }
            else
            {
                shape = Broadcast.CompatibleShape(c, a);
                second = c.Constant(shape, 0.1, 1.5);
                otherBound = 1.5;
            }
            var outShape = other != null ? Broadcast.Shape(a.Dims, a.Symbols, other.Dims, other.Symbols)!.Value
                                         : Broadcast.Shape(a.Dims, a.Symbols, shape, new string?[shape.Length])!.Value;
            double bound = op == "Pow" ? Math.Pow(Math.Max(1, a.Bound), 3) : Limit(op, a.Bound, otherBound);
            if (bound > MaxBound) return null;
            string[] inputs = c.Chance(0.2) && op != "Div" && op != "Pow" && op != "Sub" ? new[] { second, a.Name } : new[] { a.Name, second };
            bool exact = (op == "Max" || op == "Min") && a.Exact && otherExact;
            return c.Node(op, inputs, outShape.Dims, outShape.Symbols, bound, exact, Math.Max(a.Reduction, other?.Reduction ?? 0));
        }

        private static double Limit(string op, double a, double b) => op switch
        {
            "Add" or "Sub" => a + b,
            "Mul" => a * b,
            "Div" => a * 2,
            _ => Math.Max(a, b),
        };

        /// <summary>Clip with scalar bounds given as inputs (either may be left out).</summary>
        public static GenTensor? Clip(GenContext c, GenTensor? input)
        {
            var a = input ?? c.Pick(t => true);
            if (a == null) return null;
            float lo = c.Uniform(-1.5, 0), hi = c.Uniform(0.1, 1.5);
            int which = c.Int(0, 2);
            string min = which == 2 ? "" : c.Constant(Array.Empty<int>(), new[] { lo });
            string max = which == 1 ? "" : c.Constant(Array.Empty<int>(), new[] { hi });
            var inputs = max.Length == 0 ? new[] { a.Name, min } : new[] { a.Name, min, max };
            double bound = which == 2 ? Math.Min(a.Bound, 1.5) : which == 1 ? a.Bound : 1.5;
            return c.Same("Clip", inputs, a, bound, a.Exact, a.Reduction);
        }

        /// <summary>A comparison of exact values, then Where between two tensors (or a Cast of the condition to float).</summary>
        public static GenTensor? Where(GenContext c, GenTensor? input, string compare)
        {
            var x = input ?? c.Pick(t => t.Exact);
            if (x == null || !x.Exact) return null;
            var y = c.Chance(0.5) ? c.Pick(t => t.Exact && Broadcast.Fits(x, t)) : null;
            string yName;
            (int[] Dims, string?[] Symbols) condShape;
            if (y != null)
            {
                yName = y.Name;
                condShape = Broadcast.Shape(x.Dims, x.Symbols, y.Dims, y.Symbols)!.Value;
            }
            else
            {
                var shape = Broadcast.CompatibleShape(c, x);
                yName = c.Constant(shape, 0, 1);
                condShape = Broadcast.Shape(x.Dims, x.Symbols, shape, new string?[shape.Length])!.Value;
            }
            string cond = c.Hide(c.NodeMany(compare, new[] { x.Name, yName }, new[] { condShape }, 1, true, 0)[0], ElementType.Bool);
            if (c.Chance(0.3))
                return c.Node("Cast", new[] { cond }, condShape.Dims, condShape.Symbols, 1, true, 0, A("to", 1L));
            var p = c.Pick(t => Broadcast.Shape(condShape.Dims, condShape.Symbols, t.Dims, t.Symbols) != null) ?? x;
            var pShape = Broadcast.Shape(condShape.Dims, condShape.Symbols, p.Dims, p.Symbols)!.Value;
            var q = c.Pick(t => t != p && Broadcast.Shape(pShape.Dims, pShape.Symbols, t.Dims, t.Symbols) != null);
            string qName;
            (int[] Dims, string?[] Symbols) outShape;
            if (q != null)
            {
                qName = q.Name;
                outShape = Broadcast.Shape(pShape.Dims, pShape.Symbols, q.Dims, q.Symbols)!.Value;
            }
            else
            {
                qName = c.Constant(Array.Empty<int>(), new[] { c.Uniform(-1, 1) });
                outShape = pShape;
            }
            double bound = Math.Max(p.Bound, q?.Bound ?? 1);
            return c.Node("Where", new[] { cond, p.Name, qName }, outShape.Dims, outShape.Symbols, bound, p.Exact && (q?.Exact ?? true),
                Math.Max(p.Reduction, q?.Reduction ?? 0));
        }

        /// <summary>Casts that lose nothing: Floor of an exact value to int32 and back, or float to double and back.</summary>
        public static GenTensor? Cast(GenContext c, GenTensor? input)
        {
            var a = input ?? c.Pick(t => t.Exact);
            if (a == null || !a.Exact) return null;
            if (c.Chance(0.5))
            {
                var floor = c.Same("Floor", new[] { a.Name }, a, a.Bound + 1, true, 0);
                string toInt = c.Hide(c.Same("Cast", new[] { floor.Name }, a, a.Bound + 1, true, 0, A("to", 6L)), ElementType.Int32);
                return c.Same("Cast", new[] { toInt }, a, a.Bound + 1, true, 0, A("to", 1L));
            }
            string toDouble = c.Hide(c.Same("Cast", new[] { a.Name }, a, a.Bound, true, 0, A("to", 11L)), ElementType.Double);
            return c.Same("Cast", new[] { toDouble }, a, a.Bound, true, a.Reduction, A("to", 1L));
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Writing;
using static ModelGen.Tests.Differential.CaseSet;

namespace ModelGen.Tests.Differential
{
    /// <summary>
    /// The elementwise ops: unary math and activations, binary arithmetic with numpy broadcasting across ranks, the
    /// comparisons, logic, bitwise ops, Where, Clip, Pow, Mod and the variadic Min/Max/Sum/Mean, for every element type
    /// ModelGen's schema allows among the brief's (ONNX Runtime's missing CPU kernels show up as skips).
    /// </summary>
    internal static class ElementwiseCases
    {
        // Shapes the backend suite does not use: odd sizes, and broadcasting between different ranks.
        private static readonly long[] Unary = { 2, 17, 33 };
        private static readonly long[] BroadA = { 2, 1, 7, 5 };
        private static readonly long[] BroadB = { 3, 1, 5 };

        private delegate DiffTensor Maker(RandomTensors r, string name, ElementType t, long[] dims);

        private sealed record UnaryOp(string Op, double Lo, double Hi, string Variant = "", Action<OnnxAttributeBuilder>? Attributes = null, Maker? Make = null);

        private static Maker Uniform(double lo, double hi) => (r, n, t, d) => r.Uniform(n, t, d, lo, hi);

        public static void Add(CaseSet set)
        {
            UnaryFloat(set);
            UnaryNumeric(set);
            Binary(set);
            Variadic(set);
            Comparisons(set);
            Logic(set);
            Bitwise(set);
            WhereCases(set);
            ClipCases(set);
        }

        private static void UnaryFloat(CaseSet set)
        {
            var ops = new[]
            {
                new UnaryOp("Exp", -5, 5), new UnaryOp("Log", 0.05, 20), new UnaryOp("Sqrt", 0, 20),
                new UnaryOp("Reciprocal", 0.1, 5, Make: (r, n, t, d) => r.AwayFromZero(n, t, d, 0.1, 5)),
                new UnaryOp("Floor", -10, 10), new UnaryOp("Ceil", -10, 10),
                new UnaryOp("Round", -10, 10, "halves (ties to even)", Make: (r, n, t, d) => r.Halves(n, t, d, -10, 10)),
                new UnaryOp("Tanh", -4, 4), new UnaryOp("Sigmoid", -8, 8), new UnaryOp("Erf", -3, 3),
                new UnaryOp("Sin", -6, 6), new UnaryOp("Cos", -6, 6), new UnaryOp("Tan", -1.4, 1.4),
                new UnaryOp("Asin", -0.99, 0.99), new UnaryOp("Acos", -0.99, 0.99), new UnaryOp("Atan", -5, 5),
                new UnaryOp("Sinh", -4, 4), new UnaryOp("Cosh", -4, 4), new UnaryOp("Asinh", -5, 5), new UnaryOp("Acosh", 1, 6), new UnaryOp("Atanh", -0.95, 0.95),
                new UnaryOp("Softsign", -5, 5), new UnaryOp("Softplus", -10, 10), new UnaryOp("Mish", -5, 5), new UnaryOp("HardSwish", -5, 5),
                new UnaryOp("Gelu", -4, 4, "erf form"), new UnaryOp("Gelu", -4, 4, "approximate=tanh", a => a.String("approximate", "tanh")),
                new UnaryOp("Elu", -4, 4, "alpha=0.7", a => a.Float("alpha", 0.7f)),
                new UnaryOp("Selu", -4, 4, "alpha=1.5 gamma=1.1", a => a.Float("alpha", 1.5f).Float("gamma", 1.1f)),
                new UnaryOp("LeakyRelu", -4, 4, "alpha=0.13", a => a.Float("alpha", 0.13f)),
                new UnaryOp("HardSigmoid", -6, 6, "alpha=0.3 beta=0.45", a => a.Float("alpha", 0.3f).Float("beta", 0.45f)),
                new UnaryOp("ThresholdedRelu", -2, 2, "alpha=0.7", a => a.Float("alpha", 0.7f)),
                new UnaryOp("Shrink", -2, 2, "bias=0.3 lambd=0.8", a => a.Float("bias", 0.3f).Float("lambd", 0.8f)),
                new UnaryOp("IsNaN", -5, 5, "with NaN and ±Inf", Make: (r, n, t, d) => r.WithSpecials(n, t, d, -5, 5)),
                new UnaryOp("IsInf", -5, 5, "with NaN and ±Inf", Make: (r, n, t, d) => r.WithSpecials(n, t, d, -5, 5)),
                new UnaryOp("IsInf", -5, 5, "detect_negative=0", a => a.Int("detect_negative", 0), (r, n, t, d) => r.WithSpecials(n, t, d, -5, 5)),
                new UnaryOp("IsInf", -5, 5, "detect_positive=0", a => a.Int("detect_positive", 0), (r, n, t, d) => r.WithSpecials(n, t, d, -5, 5)),
            };
            foreach (var u in ops)
            {
                foreach (var t in TypesOf(u.Op))
                {
                    bool flag = u.Op == "IsNaN" || u.Op == "IsInf";
                    var x = (u.Make ?? Uniform(u.Lo, u.Hi))(set.Random, "x", t, Unary);
                    set.Node("unary math", u.Op, t, Join(Shape(Unary), u.Variant), new[] { x }, new[] { flag ? ElementType.Bool : t }, u.Attributes);
                }
            }
            // A symbolic leading dim: the same kernels over a size bound at run time.
            var n = set.Random.Uniform("x", ElementType.Float, D(5, 17, 3), -5, 5).Declare("N", 17, 3);
            set.Node("unary math", "Exp", ElementType.Float, "[N,17,3], N=5 at run time", new[] { n }, new[] { ElementType.Float });
        }

        /// <summary>Ops over every numeric type: integer ranges stay clear of overflow, which ONNX leaves undefined.</summary>
        private static void UnaryNumeric(CaseSet set)
        {
            foreach (var op in new[] { "Abs", "Neg", "Sign", "Relu" })
            {
                foreach (var t in TypesOf(op))
                {
                    var x = set.Random.Uniform("x", t, Unary, t == ElementType.UInt8 ? 0 : t == ElementType.Int8 ? -127 : -1000, t == ElementType.UInt8 ? 255 : t == ElementType.Int8 ? 127 : 1000);
                    set.Node("unary numeric", op, t, Shape(Unary), new[] { x }, new[] { t });
                }
            }
            foreach (var t in TypesOf("Not")) set.Node("logic", "Not", t, Shape(Unary), new[] { set.Random.Uniform("x", t, Unary, 0, 1) }, new[] { t });
            foreach (var t in TypesOf("BitwiseNot"))
                set.Node("bitwise", "BitwiseNot", t, Shape(Unary), new[] { Full(set.Random, "x", t, Unary) }, new[] { t });
        }

        private static void Binary(CaseSet set)
        {
            string broadcast = Shape(BroadA) + " ∘ " + Shape(BroadB);
            foreach (var op in new[] { "Add", "Sub", "Mul", "Div" })
            {
                foreach (var t in TypesOf(op))
                {
                    var (a, b) = ArithmeticOperands(set.Random, op, t, BroadA, BroadB);
                    set.Node("binary arithmetic", op, t, broadcast, new[] { a, b }, new[] { t });
                }
            }
            // A scalar against a 3-D tensor, a rank-1 operand against a symbolic batch, and a constant operand.
            set.Node("binary arithmetic", "Mul", ElementType.Float, "[4,5,6] ∘ scalar",
                new[] { set.Random.Uniform("a", ElementType.Float, D(4, 5, 6), -3, 3), set.Random.Uniform("b", ElementType.Float, D(), -3, 3) }, new[] { ElementType.Float });
            set.Node("binary arithmetic", "Sub", ElementType.Float, "[N,7,5] ∘ [5], N=3 at run time",
                new[] { set.Random.Uniform("a", ElementType.Float, D(3, 7, 5), -3, 3).Declare("N", 7, 5), set.Random.Uniform("b", ElementType.Float, D(5), -3, 3) }, new[] { ElementType.Float });
            set.Node("binary arithmetic", "Div", ElementType.Float, "[1,17,33,29] ∘ constant [33,1]",
                new[] { set.Random.Uniform("a", ElementType.Float, D(1, 17, 33, 29), -3, 3), set.Random.AwayFromZero("b", ElementType.Float, D(33, 1), 0.5, 3).AsConstant() }, new[] { ElementType.Float });

            foreach (var t in TypesOf("Pow"))
            {
                bool integral = ElementTypes.IsInteger(t);
                var a = integral ? set.Random.Uniform("a", t, BroadA, -5, 5) : set.Random.Uniform("a", t, BroadA, 0.2, 3);
                var b = integral ? set.Random.Uniform("b", t, BroadB, 0, 6) : set.Random.Uniform("b", t, BroadB, -2, 2);
                set.Node("pow", "Pow", t, broadcast + (integral ? "" : ", positive base"), new[] { a, b }, new[] { t });
                if (!integral)
                    set.Node("pow", "Pow", t, broadcast + ", negative base, whole and half exponents",
                        new[] { set.Random.Uniform("a", t, BroadA, -3, 3), set.Random.Halves("b", t, BroadB, -3, 3) }, new[] { t });
            }

            foreach (var t in TypesOf("Mod"))
            {
                bool integral = ElementTypes.IsInteger(t);
                if (integral)
                {
                    var a = set.Random.Uniform("a", t, BroadA, t == ElementType.UInt8 ? 0 : -100, 100);
                    var b = t == ElementType.UInt8 ? set.Random.Uniform("b", t, BroadB, 1, 20) : set.Random.AwayFromZero("b", t, BroadB, 1, 9);
                    set.Node("mod", "Mod", t, broadcast + ", fmod=0 (sign of the divisor)", new[] { a, b }, new[] { t });
                    set.Node("mod", "Mod", t, broadcast + ", fmod=1 (sign of the dividend)", new[] { a, b }, new[] { t }, at => at.Int("fmod", 1));
                }
                else
                {
                    set.Node("mod", "Mod", t, broadcast + ", fmod=1",
                        new[] { set.Random.Uniform("a", t, BroadA, -10, 10), set.Random.AwayFromZero("b", t, BroadB, 0.5, 4) }, new[] { t }, at => at.Int("fmod", 1));
                }
            }

            foreach (var t in TypesOf("PRelu"))
            {
                var x = set.Random.Uniform("x", t, D(2, 3, 7, 5), ElementTypes.IsInteger(t) && !ElementTypes.IsSigned(t) ? 0 : -20, 20);
                var slope = ElementTypes.IsInteger(t) ? set.Random.Uniform("slope", t, D(3, 1, 1), 0, 3) : set.Random.Uniform("slope", t, D(3, 1, 1), -0.5, 0.5);
                set.Node("activations", "PRelu", t, "[2,3,7,5], slope [3,1,1]", new[] { x, slope }, new[] { t });
            }
        }

        /// <summary>Operands for +, -, *, / over <paramref name="t"/> whose results stay in range and whose divisors are not 0.</summary>
        private static (DiffTensor A, DiffTensor B) ArithmeticOperands(RandomTensors r, string op, ElementType t, long[] da, long[] db)
        {
            if (!ElementTypes.IsInteger(t))
                return (r.Uniform("a", t, da, -5, 5), op == "Div" ? r.AwayFromZero("b", t, db, 0.5, 5) : r.Uniform("b", t, db, -5, 5));
            if (t == ElementType.UInt8)
            {
                switch (op)
                {
                    case "Add": return (r.Uniform("a", t, da, 0, 127), r.Uniform("b", t, db, 0, 128));
                    case "Sub": return (r.Uniform("a", t, da, 128, 255), r.Uniform("b", t, db, 0, 127));
                    case "Mul": return (r.Uniform("a", t, da, 0, 15), r.Uniform("b", t, db, 0, 17));
                    default: return (r.Uniform("a", t, da, 0, 255), r.Uniform("b", t, db, 1, 20));
                }
            }
            if (t == ElementType.Int8)
            {
                switch (op)
                {
                    case "Mul": return (r.Uniform("a", t, da, -11, 11), r.Uniform("b", t, db, -11, 11));
                    case "Div": return (r.Uniform("a", t, da, -127, 127), r.AwayFromZero("b", t, db, 1, 12));
                    default: return (r.Uniform("a", t, da, -60, 60), r.Uniform("b", t, db, -60, 60));
                }
            }
            return (r.Uniform("a", t, da, -1000, 1000), op == "Div" ? r.AwayFromZero("b", t, db, 1, 50) : r.Uniform("b", t, db, -1000, 1000));
        }

        private static void Variadic(CaseSet set)
        {
            long[] a = { 2, 1, 5 }, b = { 3, 1 }, c = { 5 };
            foreach (var op in new[] { "Max", "Min", "Sum", "Mean" })
            {
                foreach (var t in TypesOf(op))
                {
                    // float16 sums stay within ±12 so the per-step roundings (Tolerance.HalfSteps) stay small.
                    double hi = t == ElementType.Float16 ? 4 : 40, lo = ElementTypes.IsInteger(t) && !ElementTypes.IsSigned(t) ? 0 : -hi;
                    var inputs = new[] { set.Random.Uniform("a", t, a, lo, hi), set.Random.Uniform("b", t, b, lo, hi), set.Random.Uniform("c", t, c, lo, hi) };
                    set.Node("variadic", op, t, "[2,1,5], [3,1], [5]", inputs, new[] { t });
                }
            }
            set.Node("variadic", "Max", ElementType.Float, "one input", new[] { set.Random.Uniform("a", ElementType.Float, D(4, 3), -1, 1) }, new[] { ElementType.Float });
        }

        private static void Comparisons(CaseSet set)
        {
            string broadcast = Shape(BroadA) + " ∘ " + Shape(BroadB) + ", values on a grid so ties occur";
            foreach (var op in new[] { "Greater", "Less", "Equal", "GreaterOrEqual", "LessOrEqual" })
            {
                foreach (var t in TypesOf(op))
                {
                    double lo = t == ElementType.Bool || t == ElementType.UInt8 ? 0 : -3, hi = t == ElementType.Bool ? 1 : 3;
                    var a = ElementTypes.IsInteger(t) || t == ElementType.Bool ? set.Random.Uniform("a", t, BroadA, lo, hi) : set.Random.Halves("a", t, BroadA, lo, hi);
                    var b = ElementTypes.IsInteger(t) || t == ElementType.Bool ? set.Random.Uniform("b", t, BroadB, lo, hi) : set.Random.Halves("b", t, BroadB, lo, hi);
                    set.Node("comparison", op, t, broadcast, new[] { a, b }, new[] { ElementType.Bool });
                }
            }
        }

        private static void Logic(CaseSet set)
        {
            foreach (var op in new[] { "And", "Or", "Xor" })
            {
                foreach (var t in TypesOf(op))
                    set.Node("logic", op, t, Shape(BroadA) + " ∘ " + Shape(BroadB),
                        new[] { set.Random.Uniform("a", t, BroadA, 0, 1), set.Random.Uniform("b", t, BroadB, 0, 1) }, new[] { ElementType.Bool });
            }
        }

        private static void Bitwise(CaseSet set)
        {
            foreach (var op in new[] { "BitwiseAnd", "BitwiseOr", "BitwiseXor" })
            {
                foreach (var t in TypesOf(op))
                    set.Node("bitwise", op, t, Shape(BroadA) + " ∘ " + Shape(BroadB), new[] { Full(set.Random, "a", t, BroadA), Full(set.Random, "b", t, BroadB) }, new[] { t });
            }
            foreach (var t in TypesOf("BitShift", null, ElementType.UInt32, ElementType.UInt64))
            {
                int bits = ElementTypes.SizeOf(t) * 8;
                foreach (var direction in new[] { "LEFT", "RIGHT" })
                    set.Node("bitwise", "BitShift", t, Shape(BroadA) + " ∘ " + Shape(BroadB) + ", direction=" + direction,
                        new[] { Full(set.Random, "x", t, BroadA), set.Random.Uniform("y", t, BroadB, 0, bits - 1) }, new[] { t }, at => at.String("direction", direction));
            }
        }

        private static void WhereCases(CaseSet set)
        {
            long[] c = { 2, 1, 7, 5 }, x = { 3, 1, 5 }, y = { 7, 1 };
            foreach (var t in TypesOf("Where", "T"))
            {
                var inputs = new[] { set.Random.Uniform("c", ElementType.Bool, c, 0, 1), Small(set.Random, "x", t, x), Small(set.Random, "y", t, y) };
                set.Node("where", "Where", t, "cond [2,1,7,5], x [3,1,5], y [7,1]", inputs, new[] { t });
            }
        }

        private static void ClipCases(CaseSet set)
        {
            long[] shape = { 3, 17, 5 };
            foreach (var t in TypesOf("Clip"))
            {
                bool unsigned = ElementTypes.IsInteger(t) && !ElementTypes.IsSigned(t);
                var x = set.Random.Uniform("x", t, shape, unsigned ? 0 : -20, 20);
                var min = RandomTensors.Of("min", t, D(), unsigned ? 3 : -7);
                var max = RandomTensors.Of("max", t, D(), 11);
                set.Node("clip", "Clip", t, "[3,17,5], min and max inputs", new[] { x, min, max }, new[] { t });
                set.Node("clip", "Clip", t, "[3,17,5], constant min only", new[] { x, min.AsConstant() }, new[] { t }, nodeInputs: new[] { "x", "min" });
                set.Node("clip", "Clip", t, "[3,17,5], max only (min omitted)", new[] { x, max }, new[] { t }, nodeInputs: new[] { "x", "", "max" });
            }
            set.Node("clip", "Clip", ElementType.Float, "[3,17,5], opset 6 attributes min=-2.5 max=4",
                new[] { set.Random.Uniform("x", ElementType.Float, shape, -6, 6) }, new[] { ElementType.Float }, at => at.Float("min", -2.5f).Float("max", 4f), opset: 6);
        }

        /// <summary>Values over the whole range of an integer type (53 bits of it for 64-bit types).</summary>
        private static DiffTensor Full(RandomTensors r, string name, ElementType t, long[] dims)
        {
            switch (t)
            {
                case ElementType.UInt8: return r.Uniform(name, t, dims, 0, 255);
                case ElementType.Int8: return r.Uniform(name, t, dims, -128, 127);
                case ElementType.Int32: return r.Uniform(name, t, dims, int.MinValue, int.MaxValue);
                case ElementType.UInt32: return r.Uniform(name, t, dims, 0, uint.MaxValue);
                case ElementType.UInt64: return r.Uniform(name, t, dims, 0, 1L << 53);
                default: return r.Uniform(name, t, dims, -(1L << 53), 1L << 53);
            }
        }

        /// <summary>Small values of any type (bool included).</summary>
        internal static DiffTensor Small(RandomTensors r, string name, ElementType t, long[] dims) =>
            t == ElementType.Bool ? r.Uniform(name, t, dims, 0, 1) :
            ElementTypes.IsInteger(t) ? r.Uniform(name, t, dims, ElementTypes.IsSigned(t) ? -100 : 0, 100) :
            r.Uniform(name, t, dims, -10, 10);

        private static string Join(string a, string b) => b.Length == 0 ? a : a + ", " + b;
    }
}

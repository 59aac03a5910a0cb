using ModelGen.Compiler.Ir;
using static ModelGen.Tests.Differential.CaseSet;

namespace ModelGen.Tests.Differential
{
    /// <summary>
    /// Chains of elementwise nodes that the elementwise-fusion pass turns into one generated loop (ElementwiseFusionNumericTests
    /// checks that it did): broadcasting of per-channel and scalar operands, a symbolic batch dim, int32, float16 (no
    /// vector form), and functions without vector forms (Erf, Tanh). Odd sizes leave vector tails.
    /// </summary>
    internal static class FusionCases
    {
        public const string Family = "elementwise fusion";

        public static void Add(CaseSet set)
        {
            var r = set.Random;
            var f = ElementType.Float;

            // y = relu(x*s + k) - b: s per channel [1,5,1,1] (a weight), k a scalar weight, b a per-channel input.
            set.Graph(Family, "Mul", f, "relu(x*s + k) - b, [2,5,7,9] ∘ [1,5,1,1] ∘ scalar",
                new[] { r.Uniform("x", f, D(2, 5, 7, 9), -3, 3), r.Uniform("s", f, D(1, 5, 1, 1), -2, 2).AsConstant(), r.Uniform("k", f, D(), -1, 1).AsConstant(), r.Uniform("b", f, D(1, 5, 1, 1), -1, 1) },
                new[] { ("y", f) }, b => b
                    .Node("Mul", new[] { "x", "s" }, new[] { "t" }, "Mul_1")
                    .Node("Add", new[] { "t", "k" }, new[] { "u" }, "Add_2")
                    .Node("Relu", new[] { "u" }, new[] { "v" }, "Relu_3")
                    .Node("Sub", new[] { "v", "b" }, new[] { "y" }, "Sub_4"));

            // Four ops over a batch bound at run time: sqrt(|x*a + c|) - x, a broadcast along the last axis.
            set.Graph(Family, "Sqrt", f, "sqrt(|x*a + c|) - x, [N,3,11] ∘ [11], N=5 at run time",
                new[] { r.Uniform("x", f, D(5, 3, 11), -3, 3).Declare("N", 3, 11), r.Uniform("a", f, D(11), -2, 2), r.Uniform("c", f, D(3, 1), -1, 1) },
                new[] { ("y", f) }, b => b
                    .Node("Mul", new[] { "x", "a" }, new[] { "t" }, "Mul_1")
                    .Node("Add", new[] { "t", "c" }, new[] { "u" }, "Add_2")
                    .Node("Abs", new[] { "u" }, new[] { "v" }, "Abs_3")
                    .Node("Sqrt", new[] { "v" }, new[] { "w" }, "Sqrt_4")
                    .Node("Sub", new[] { "w", "x" }, new[] { "y" }, "Sub_5"));

            // int32: |x*c - d| + x, exact.
            var i = ElementType.Int32;
            set.Graph(Family, "Abs", i, "|x*c - d| + x, int32 [3,37] ∘ [37] ∘ scalar",
                new[] { r.Uniform("x", i, D(3, 37), -1000, 1000), r.Uniform("c", i, D(37), -50, 50), r.Uniform("d", i, D(), -100, 100) },
                new[] { ("y", i) }, b => b
                    .Node("Mul", new[] { "x", "c" }, new[] { "t" }, "Mul_1")
                    .Node("Sub", new[] { "t", "d" }, new[] { "u" }, "Sub_2")
                    .Node("Abs", new[] { "u" }, new[] { "v" }, "Abs_3")
                    .Node("Add", new[] { "v", "x" }, new[] { "y" }, "Add_4"));

            // float16 (no vector form: the scalar loop, rounding to half where each node would): relu(x*c + d)*x.
            var h = ElementType.Float16;
            set.Graph(Family, "Relu", h, "relu(x*c + d)*x, float16 [4,33] ∘ [33]",
                new[] { r.Uniform("x", h, D(4, 33), 0.25, 3), r.Uniform("c", h, D(33), 0.5, 2), r.Uniform("d", h, D(4, 33), 0, 1) },
                new[] { ("y", h) }, b => b
                    .Node("Mul", new[] { "x", "c" }, new[] { "t" }, "Mul_1")
                    .Node("Add", new[] { "t", "d" }, new[] { "u" }, "Add_2")
                    .Node("Relu", new[] { "u" }, new[] { "v" }, "Relu_3")
                    .Node("Mul", new[] { "v", "x" }, new[] { "y" }, "Mul_4"));

            // No vector forms (Erf, Tanh): the scalar loop alone; x is read three times, one operand.
            set.Graph(Family, "Erf", f, "x*erf(x*k) + tanh(x), [3,29]",
                new[] { r.Uniform("x", f, D(3, 29), -3, 3), r.Uniform("k", f, D(), 0.5, 1).AsConstant() },
                new[] { ("y", f) }, b => b
                    .Node("Mul", new[] { "x", "k" }, new[] { "t" }, "Mul_1")
                    .Node("Erf", new[] { "t" }, new[] { "e" }, "Erf_2")
                    .Node("Mul", new[] { "x", "e" }, new[] { "g" }, "Mul_3")
                    .Node("Tanh", new[] { "x" }, new[] { "th" }, "Tanh_4")
                    .Node("Add", new[] { "g", "th" }, new[] { "y" }, "Add_5"));

            // Variadic Sum over three inputs (one broadcast), then a sigmoid, in double.
            var d = ElementType.Double;
            set.Graph(Family, "Sum", d, "sigmoid(sum(x, y, z)), double [7,13] ∘ [13]",
                new[] { r.Uniform("x", d, D(7, 13), -2, 2), r.Uniform("y", d, D(7, 13), -2, 2), r.Uniform("z", d, D(13), -2, 2) },
                new[] { ("out", d) }, b => b
                    .Node("Sum", new[] { "x", "y", "z" }, new[] { "s" }, "Sum_1")
                    .Node("Sigmoid", new[] { "s" }, new[] { "out" }, "Sigmoid_2"));

            // Two chains side by side over one shape, both graph outputs: one loop with two outputs.
            set.Graph(Family, "Sub", f, "y1 = exp(x)*a, y2 = (x - b)*a side by side, [5,31]",
                new[] { r.Uniform("x", f, D(5, 31), -2, 2), r.Uniform("a", f, D(5, 31), -2, 2), r.Uniform("b", f, D(31), -1, 1) },
                new[] { ("y1", f), ("y2", f) }, b => b
                    .Node("Exp", new[] { "x" }, new[] { "e" }, "Exp_1")
                    .Node("Mul", new[] { "e", "a" }, new[] { "y1" }, "Mul_2")
                    .Node("Sub", new[] { "x", "b" }, new[] { "s" }, "Sub_3")
                    .Node("Mul", new[] { "s", "a" }, new[] { "y2" }, "Mul_4"));

            // Two graph outputs: the intermediate one stays a node of its own, the rest fuses behind it.
            set.Graph(Family, "Exp", f, "e = exp(x) and y = -(e*x) + 1 both outputs, [129]",
                new[] { r.Uniform("x", f, D(129), -2, 2), r.Uniform("one", f, D(), 1, 1).AsConstant() },
                new[] { ("e", f), ("y", f) }, b => b
                    .Node("Exp", new[] { "x" }, new[] { "e" }, "Exp_1")
                    .Node("Mul", new[] { "e", "x" }, new[] { "t" }, "Mul_2")
                    .Node("Neg", new[] { "t" }, new[] { "n" }, "Neg_3")
                    .Node("Add", new[] { "n", "one" }, new[] { "y" }, "Add_4"));
        }
    }
}

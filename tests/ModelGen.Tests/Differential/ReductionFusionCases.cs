using ModelGen.Compiler.Ir;
using static ModelGen.Tests.Differential.CaseInputs;
using static ModelGen.Tests.Differential.CaseSet;

namespace ModelGen.Tests.Differential
{
    /// <summary>
    /// Reductions over a pointwise producer that the reduction-fusion pass makes one generated loop
    /// (ReductionFusionNumericTests checks that it did): the last axis (row reductions: vector lanes, then combined) and a
    /// middle axis (the output row as the accumulators), keepdims 0 and 1, two reduced axes apart, every axis, a
    /// broadcast operand, a run-time batch dim, double, and an expression without a vector form (Erf: the scalar twin).
    /// Odd sizes leave vector tails. Values keep sums away from zero, so rtol judges the summation order.
    /// </summary>
    internal static class ReductionFusionCases
    {
        public const string Family = "reduction fusion";

        public static void Add(CaseSet set)
        {
            var r = set.Random;
            var f = ElementType.Float;
            var d = ElementType.Double;

            // sum(x*y) over the last axis, keepdims 1 (opset 13: axes as an input).
            set.Graph(Family, "ReduceSum", f, "sum(x*y), [4,6,37] axes [-1]",
                new[] { r.Uniform("x", f, D(4, 6, 37), 0.1, 2), r.Uniform("y", f, D(4, 6, 37), -0.5, 2), Int64s("axes", -1) },
                new[] { ("s", f) }, b => b
                    .Node("Mul", new[] { "x", "y" }, new[] { "t" }, "Mul_1")
                    .Node("ReduceSum", new[] { "t", "axes" }, new[] { "s" }, "ReduceSum_2"), opset: 13);

            // sum(x*y) over a middle axis, keepdims 0.
            set.Graph(Family, "ReduceSum", f, "sum(x*y), [4,37,19] axes [1], keepdims 0",
                new[] { r.Uniform("x", f, D(4, 37, 19), 0.1, 2), r.Uniform("y", f, D(4, 37, 19), -0.5, 2), Int64s("axes", 1) },
                new[] { ("s", f) }, b => b
                    .Node("Mul", new[] { "x", "y" }, new[] { "t" }, "Mul_1")
                    .Node("ReduceSum", new[] { "t", "axes" }, new[] { "s" }, "ReduceSum_2", a => a.Int("keepdims", 0)), opset: 13);

            // mean((x - c)^2) over the last axis, c per row (broadcast along the reduced run).
            set.Graph(Family, "ReduceMean", f, "mean((x - c)^2), [3,5,67] ∘ [3,5,1] axes [-1]",
                new[] { r.Uniform("x", f, D(3, 5, 67), -3, 3), r.Uniform("c", f, D(3, 5, 1), -1, 1) },
                new[] { ("m", f) }, b => b
                    .Node("Sub", new[] { "x", "c" }, new[] { "u" }, "Sub_1")
                    .Node("Mul", new[] { "u", "u" }, new[] { "v" }, "Mul_2")
                    .Node("ReduceMean", new[] { "v" }, new[] { "m" }, "ReduceMean_3", a => a.Ints("axes", -1)), opset: 13);

            // mean((x - c)^2) over a middle axis, keepdims 0, c per column (broadcast along the reduced axis).
            set.Graph(Family, "ReduceMean", f, "mean((x - c)^2), [3,41,21] ∘ [3,1,21] axes [1], keepdims 0",
                new[] { r.Uniform("x", f, D(3, 41, 21), -3, 3), r.Uniform("c", f, D(3, 1, 21), -1, 1) },
                new[] { ("m", f) }, b => b
                    .Node("Sub", new[] { "x", "c" }, new[] { "u" }, "Sub_1")
                    .Node("Mul", new[] { "u", "u" }, new[] { "v" }, "Mul_2")
                    .Node("ReduceMean", new[] { "v" }, new[] { "m" }, "ReduceMean_3", a => a.Ints("axes", 1).Int("keepdims", 0)), opset: 13);

            // max(exp(x)) over the last axis, keepdims 0, and over a middle axis, keepdims 1.
            set.Graph(Family, "ReduceMax", f, "max(exp(x)), [5,131] axes [1], keepdims 0",
                new[] { r.Uniform("x", f, D(5, 131), -3, 3) },
                new[] { ("m", f) }, b => b
                    .Node("Exp", new[] { "x" }, new[] { "e" }, "Exp_1")
                    .Node("ReduceMax", new[] { "e" }, new[] { "m" }, "ReduceMax_2", a => a.Ints("axes", 1).Int("keepdims", 0)), opset: 13);
            set.Graph(Family, "ReduceMax", f, "max(exp(x)), [6,9,35] axes [1]",
                new[] { r.Uniform("x", f, D(6, 9, 35), -3, 3) },
                new[] { ("m", f) }, b => b
                    .Node("Exp", new[] { "x" }, new[] { "e" }, "Exp_1")
                    .Node("ReduceMax", new[] { "e" }, new[] { "m" }, "ReduceMax_2", a => a.Ints("axes", 1)), opset: 13);

            // sum((x + b)^2) over axes 0 and 2 (apart: the kept axis between them), b per column.
            set.Graph(Family, "ReduceSumSquare", f, "sumsquare(x + b), [4,5,33] ∘ [33] axes [0,2], keepdims 0",
                new[] { r.Uniform("x", f, D(4, 5, 33), -1, 3), r.Uniform("b", f, D(33), 0, 1) },
                new[] { ("s", f) }, b => b
                    .Node("Add", new[] { "x", "b" }, new[] { "t" }, "Add_1")
                    .Node("ReduceSumSquare", new[] { "t" }, new[] { "s" }, "ReduceSumSquare_2", a => a.Ints("axes", 0, 2).Int("keepdims", 0)), opset: 13);

            // min(x - y) over every axis, in double.
            set.Graph(Family, "ReduceMin", d, "min(x - y), double [7,13], every axis, keepdims 0",
                new[] { r.Uniform("x", d, D(7, 13), -3, 3), r.Uniform("y", d, D(7, 13), -3, 3) },
                new[] { ("m", d) }, b => b
                    .Node("Sub", new[] { "x", "y" }, new[] { "t" }, "Sub_1")
                    .Node("ReduceMin", new[] { "t" }, new[] { "m" }, "ReduceMin_2", a => a.Int("keepdims", 0)), opset: 13);

            // l2(x*k) over the last axis, the batch bound at run time.
            set.Graph(Family, "ReduceL2", f, "l2(x*k), [N,4,29], N=3 at run time, axes [-1]",
                new[] { r.Uniform("x", f, D(3, 4, 29), -3, 3).Declare("N", 4, 29), r.Uniform("k", f, D(29), 0.5, 2).AsConstant() },
                new[] { ("l", f) }, b => b
                    .Node("Mul", new[] { "x", "k" }, new[] { "t" }, "Mul_1")
                    .Node("ReduceL2", new[] { "t" }, new[] { "l" }, "ReduceL2_2", a => a.Ints("axes", -1)), opset: 13);

            // mean(erf(x)*x) over a middle axis: no vector form, the scalar loop alone.
            set.Graph(Family, "ReduceMean", f, "mean(erf(x)*x), [2,17,9] axes [1]",
                new[] { r.Uniform("x", f, D(2, 17, 9), 0.2, 3) },
                new[] { ("m", f) }, b => b
                    .Node("Erf", new[] { "x" }, new[] { "e" }, "Erf_1")
                    .Node("Mul", new[] { "e", "x" }, new[] { "t" }, "Mul_2")
                    .Node("ReduceMean", new[] { "t" }, new[] { "m" }, "ReduceMean_3", a => a.Ints("axes", 1)), opset: 13);

            // log(sum(exp(x))) written as ReduceLogSum(Exp(x)) (opset 18: axes as an input), and l1(x - y), over the last axis.
            set.Graph(Family, "ReduceLogSum", f, "logsum(exp(x)), [3,70] axes [-1]",
                new[] { r.Uniform("x", f, D(3, 70), -2, 2), Int64s("axes", -1) },
                new[] { ("l", f) }, b => b
                    .Node("Exp", new[] { "x" }, new[] { "e" }, "Exp_1")
                    .Node("ReduceLogSum", new[] { "e", "axes" }, new[] { "l" }, "ReduceLogSum_2"), opset: 18);
            set.Graph(Family, "ReduceL1", f, "l1(x - y), [3,70] axes [-1]",
                new[] { r.Uniform("x", f, D(3, 70), -2, 2), r.Uniform("y", f, D(3, 70), -2, 2), Int64s("axes", -1) },
                new[] { ("l", f) }, b => b
                    .Node("Sub", new[] { "x", "y" }, new[] { "t" }, "Sub_1")
                    .Node("ReduceL1", new[] { "t", "axes" }, new[] { "l" }, "ReduceL1_2"), opset: 18);
        }
    }
}

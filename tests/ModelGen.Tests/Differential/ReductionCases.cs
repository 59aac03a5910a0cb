using System;
using System.Linq;
using ModelGen.Compiler.Ir;
using static ModelGen.Tests.Differential.CaseInputs;
using static ModelGen.Tests.Differential.CaseSet;

namespace ModelGen.Tests.Differential
{
    /// <summary>
    /// The Reduce* ops, ArgMax/ArgMin, CumSum/CumProd and TopK: negative and unsorted axes, keepdims=0, every axis at
    /// once, noop_with_empty_axes, the opset-13 attribute form next to the opset-18 input form, select_last_index with
    /// ties, exclusive and reverse scans, and TopK's smallest-k on a middle axis.
    /// </summary>
    internal static class ReductionCases
    {
        private static readonly long[] X = { 3, 5, 7 };

        public static void Add(CaseSet set)
        {
            Reduce(set);
            ArgMinMax(set);
            Scans(set);
            TopK(set);
        }

        /// <summary>
        /// Values per op that keep each result well inside its type: small integers for the products and squares, positive
        /// values where a log follows, and for float16 positive values (no cancellation, so the result is as accurate as
        /// its inputs and any rounding order lands within two half ulps).
        /// </summary>
        private static DiffTensor Input(CaseSet set, string op, ElementType t, long[] dims)
        {
            bool integral = ElementTypes.IsInteger(t);
            switch (op)
            {
                case "ReduceProd": return integral ? Range(set, "x", t, dims, -2, 2) : set.Random.Uniform("x", t, dims, 0.5, 1.5);
                case "ReduceLogSum": return integral ? Range(set, "x", t, dims, 1, 9) : set.Random.Uniform("x", t, dims, 0.1, 3);
                case "ReduceLogSumExp": return integral ? Range(set, "x", t, dims, -3, 3) : set.Random.Uniform("x", t, dims, -5, 5);
                case "ReduceSumSquare": case "ReduceL2": return integral ? Range(set, "x", t, dims, -6, 6) : set.Random.Uniform("x", t, dims, t == ElementType.Float16 ? 0.1 : -3, 3);
                default: return integral ? Range(set, "x", t, dims, -20, 20) : set.Random.Uniform("x", t, dims, t == ElementType.Float16 ? 0.1 : -3, 3);
            }
        }

        private static void Reduce(CaseSet set)
        {
            var ops = new[] { "ReduceSum", "ReduceMean", "ReduceMax", "ReduceMin", "ReduceProd", "ReduceL1", "ReduceL2", "ReduceLogSum", "ReduceLogSumExp", "ReduceSumSquare" };
            foreach (var op in ops)
            {
                foreach (var t in TypesOf(op))
                {
                    set.Node("reduce", op, t, "[3,5,7], axes [-1,0]", new[] { Input(set, op, t, X), Int64s("axes", -1, 0) }, new[] { t });
                    // The other forms once per op (float), to keep the batch small: the kernels do not depend on the type.
                    if (t != ElementType.Float) continue;
                    set.Node("reduce", op, t, "[3,5,7], axes [1], keepdims=0", new[] { Input(set, op, t, X), Int64s("axes", 1) }, new[] { t }, a => a.Int("keepdims", 0));
                    set.Node("reduce", op, t, "[3,5,7], no axes (all), keepdims=0", new[] { Input(set, op, t, X) }, new[] { t }, a => a.Int("keepdims", 0));
                    if (op == "ReduceSum" || op == "ReduceMax")
                        set.Node("reduce", op, t, "[2,3,4,5], run-time axes [2,-3]", new[] { Input(set, op, t, D(2, 3, 4, 5)), RandomTensors.Of("axes", ElementType.Int64, D(2), 2, -3) }, new[] { t });
                    // ReduceSum took axes as an input from opset 13, the others from 18: opset 13 is the attribute form for them.
                    if (op != "ReduceSum")
                        set.Node("reduce", op, t, "opset 13 attribute axes [0,2], keepdims=0", new[] { Input(set, op, t, X) }, new[] { t },
                            a => a.Ints("axes", 0, 2).Int("keepdims", 0), opset: 13);
                    else
                        set.Node("reduce", op, t, "opset 11 attribute axes [0,2], keepdims=0", new[] { Input(set, op, t, X) }, new[] { t },
                            a => a.Ints("axes", 0, 2).Int("keepdims", 0), opset: 11);
                }
            }
            set.Node("reduce", "ReduceSum", ElementType.Float, "[3,5,7], empty axes, noop_with_empty_axes=1 (identity)",
                new[] { Input(set, "ReduceSum", ElementType.Float, X), Int64s("axes") }, new[] { ElementType.Float }, a => a.Int("noop_with_empty_axes", 1));
            set.Node("reduce", "ReduceMean", ElementType.Float, "[N,17,33], axes [1,2], N=2 at run time",
                new[] { set.Random.Uniform("x", ElementType.Float, D(2, 17, 33), -3, 3).Declare("N", 17, 33), Int64s("axes", 1, 2) }, new[] { ElementType.Float });
        }

        private static void ArgMinMax(CaseSet set)
        {
            foreach (var op in new[] { "ArgMax", "ArgMin" })
            {
                foreach (var t in TypesOf(op))
                {
                    // Halves on a small grid, so ties occur and select_last_index matters.
                    DiffTensor Ties(long[] dims) => ElementTypes.IsInteger(t) ? Range(set, "x", t, dims, -3, 3) : set.Random.Halves("x", t, dims, -2, 2);
                    set.Node("argmin/argmax", op, t, "[3,5,7], axis=1 (ties: first index)", new[] { Ties(X) }, new[] { ElementType.Int64 }, a => a.Int("axis", 1));
                    if (t != ElementType.Float) continue;
                    set.Node("argmin/argmax", op, t, "[3,5,7], axis=-1, keepdims=0, select_last_index=1", new[] { Ties(X) }, new[] { ElementType.Int64 },
                        a => a.Int("axis", -1).Int("keepdims", 0).Int("select_last_index", 1));
                    set.Node("argmin/argmax", op, t, "[17,2], default axis 0", new[] { Ties(D(17, 2)) }, new[] { ElementType.Int64 });
                }
            }
        }

        private static void Scans(CaseSet set)
        {
            foreach (var t in TypesOf("CumSum"))
            {
                DiffTensor V() => ElementTypes.IsInteger(t) ? Range(set, "x", t, X, -10, 10) : set.Random.Uniform("x", t, X, t == ElementType.Float16 ? 0 : -3, 3);
                set.Node("scan", "CumSum", t, "[3,5,7], axis 1 (int64)", new[] { V(), Scalar("axis", ElementType.Int64, 1) }, new[] { t });
                if (t != ElementType.Float) continue;
                set.Node("scan", "CumSum", t, "[3,5,7], axis -1 (int32), exclusive=1", new[] { V(), Scalar("axis", ElementType.Int32, -1) }, new[] { t }, a => a.Int("exclusive", 1));
                set.Node("scan", "CumSum", t, "[3,5,7], axis 0, reverse=1", new[] { V(), Scalar("axis", ElementType.Int64, 0) }, new[] { t }, a => a.Int("reverse", 1));
                set.Node("scan", "CumSum", t, "[3,5,7], run-time axis 2, exclusive=1 reverse=1",
                    new[] { V(), RandomTensors.Of("axis", ElementType.Int64, D(), 2) }, new[] { t }, a => a.Int("exclusive", 1).Int("reverse", 1));
            }
            foreach (var t in TypesOf("CumProd"))
            {
                DiffTensor V() => ElementTypes.IsInteger(t) ? Range(set, "x", t, X, -2, 2) : set.Random.Uniform("x", t, X, 0.6, 1.4);
                set.Node("scan", "CumProd", t, "[3,5,7], axis 1", new[] { V(), Scalar("axis", ElementType.Int64, 1) }, new[] { t }, opset: 26);
                if (t != ElementType.Float) continue;
                set.Node("scan", "CumProd", t, "[3,5,7], axis -1, exclusive=1 reverse=1", new[] { V(), Scalar("axis", ElementType.Int32, -1) }, new[] { t },
                    a => a.Int("exclusive", 1).Int("reverse", 1), opset: 26);
            }
        }

        private static void TopK(CaseSet set)
        {
            foreach (var t in TypesOf("TopK"))
            {
                // Ties resolve to the lower index (ONNX), so a grid with repeats is fine; sorted=0 leaves the order open and is not compared.
                DiffTensor V(long[] dims) => ElementTypes.IsInteger(t) ? Range(set, "x", t, dims, -50, 50) : set.Random.Halves("x", t, dims, -6, 6);
                set.Node("topk", "TopK", t, "[3,11,4], k=5, axis=1", new[] { V(D(3, 11, 4)), Int64s("k", 5) }, new[] { t, ElementType.Int64 }, a => a.Int("axis", 1));
                if (t != ElementType.Float) continue;
                set.Node("topk", "TopK", t, "[4,13], k=4, largest=0", new[] { V(D(4, 13)), Int64s("k", 4) }, new[] { t, ElementType.Int64 }, a => a.Int("largest", 0));
                set.Node("topk", "TopK", t, "[2,3,9], run-time k=9 (all), axis=-1", new[] { V(D(2, 3, 9)), RandomTensors.Of("k", ElementType.Int64, D(1), 9) }, new[] { t, ElementType.Int64 });
            }
            set.Node("topk", "TopK", ElementType.Float, "opset 1 attribute k=3", new[] { set.Random.Uniform("x", ElementType.Float, D(5, 8), -1, 1) },
                new[] { ElementType.Float, ElementType.Int64 }, a => a.Int("k", 3), opset: 1);
        }
    }
}

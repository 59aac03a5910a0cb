using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>Matrix dims, transposes, the scalars, and the strides that read C as an [M,N] matrix (0 along broadcast axes).</summary>
    internal sealed record GemmPlan(Dim M, Dim N, Dim K, bool TransA, bool TransB, float Alpha, float Beta, Dim CRowStride, Dim CColStride) : OpPlan;

    /// <summary>
    /// ONNX Gemm: Y = alpha·op(A)·op(B) + beta·C, C broadcast to [M,N] (revision 7+; before that, only with
    /// broadcast=1) and optional from revision 11. Spec: https://onnx.ai/onnx/operators/onnx__Gemm.html
    /// </summary>
    internal sealed class Gemm : Op<GemmPlan>
    {
        private static readonly ElementType[] s_types =
            { ElementType.Float, ElementType.Double, ElementType.Float16, ElementType.Int32, ElementType.Int64, ElementType.UInt32, ElementType.UInt64 };

        private static readonly Attr<float> Alpha = Attr.Float("alpha", 1f);
        private static readonly Attr<float> Beta = Attr.Float("beta", 1f);
        private static readonly Attr<long> TransA = Attr.Int("transA", 0);
        private static readonly Attr<long> TransB = Attr.Int("transB", 0);
        private static readonly Attr<long> LegacyBroadcast = Attr.Int("broadcast", 0).Until(6);

        public override OpSchema Schema { get; } = new OpSchema("Gemm", new[] { 1, 6, 7, 9, 11, 13 })
            .Input("A", "T").Input("B", "T").Input("C", "T", upTo: 9).Input("C", "T", optional: true, from: 11).Output("Y", "T")
            .Types("T", s_types).WithAttributes(Alpha, Beta, TransA, TransB, LegacyBroadcast);

        public override string Summary => "Y = alpha·op(A)·op(B) + beta·C, C broadcast to [M,N] (optional from revision 11).";

        protected override GemmPlan? Infer(InferContext c)
        {
            var a = c.InShape(0);
            var b = c.InShape(1);
            if (a.Rank != 2 || b.Rank != 2) return c.Reject<GemmPlan>(DiagnosticIds.ShapeMismatch, "A and B must be matrices, not " + a + " and " + b + ".");
            bool ta = c.Get(TransA) != 0, tb = c.Get(TransB) != 0;
            Dim m = ta ? a[1] : a[0], k = ta ? a[0] : a[1], n = tb ? b[0] : b[1];
            var kb = tb ? b[1] : b[0];
            if (!k.Equals(kb)) return c.Reject<GemmPlan>(DiagnosticIds.ShapeMismatch, "inner dims differ: op(A) is [" + m + "," + k + "], op(B) is [" + kb + "," + n + "].");
            Dim rowStride = Dim.Zero, colStride = Dim.Zero;
            if (c.HasInput(2))
            {
                var cs = c.InShape(2);
                Dim rows = cs.Rank == 2 ? cs[0] : Dim.One;
                Dim cols = cs.Rank >= 1 ? cs[cs.Rank - 1] : Dim.One;
                if (cs.Rank > 2 || !(rows.Equals(m) || rows.Equals(Dim.One)) || !(cols.Equals(n) || cols.Equals(Dim.One)))
                    return c.Reject<GemmPlan>(DiagnosticIds.ShapeMismatch, "C " + cs + " does not broadcast to [" + m + "," + n + "].");
                colStride = cols.Equals(Dim.One) && !n.Equals(Dim.One) ? Dim.Zero : Dim.One;
                rowStride = rows.Equals(Dim.One) && !m.Equals(Dim.One) ? Dim.Zero : cols;
            }
            c.SetOutput(0, new Shape(new[] { m, n }));
            return new GemmPlan(m, n, k, ta, tb, c.Get(Alpha), c.Get(Beta), rowStride, colStride);
        }

        protected override void Lower(LowerContext c, GemmPlan p)
        {
            if (!HalfInFloat.TryLower(c, (ins, outs) => Lower(c, p, ins[0]!, ins[1]!, ins.Length > 2 ? ins[2] : null, outs[0]!)))
                Lower(c, p, c.In(0), c.In(1), c.Node.Input(2), c.Out(0));
        }

        /// <summary>The Gemm kernel call over the given values, with an optional epilogue (a fused activation, a residual Add).</summary>
        internal static void Lower(LowerContext c, GemmPlan p, Value a, Value b, Value? addend, Value y, Fused.Epilogue? epilogue = null)
        {
            var t = a.Type;
            Fused.Epilogue.Add(c.Call("gemm", t).In("a", a).In("b", b).InOrNone("c", addend), epilogue)
                .Out("y", y).Dim("m", p.M).Dim("n", p.N).Dim("k", p.K).Bool("transA", p.TransA).Bool("transB", p.TransB)
                .Scalar("alpha", t, p.Alpha).Scalar("beta", t, p.Beta).Dim("cRowStride", p.CRowStride).Dim("cColStride", p.CColStride).Threads().Emit();
        }
    }
}

using System.Collections.Generic;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Emit;
using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX Gemm: Y = alpha·op(A)·op(B) + beta·C, C broadcast to [M,N] (opset 7+; before that, only
    /// with broadcast=1) and optional from opset 11. Spec: https://onnx.ai/onnx/operators/onnx__Gemm.html
    /// </summary>
    internal sealed class Gemm : OpDefinition
    {
        private sealed class Plan
        {
            public Dim M = Dim.One, N = Dim.One, K = Dim.One;
            public Dim CRow = Dim.Zero, CCol = Dim.Zero;
        }

        private static readonly ElementType[] s_types =
            { ElementType.Float, ElementType.Double, ElementType.Float16, ElementType.Int32, ElementType.Int64, ElementType.UInt32, ElementType.UInt64 };

        public override string OpType => "Gemm";
        public override int MaxOpset => 13;
        public override IReadOnlyCollection<string> Attributes { get; } = new[] { "alpha", "beta", "transA", "transB", "broadcast" };

        public override void Infer(InferContext c)
        {
            if (!c.ExpectInputs(c.Opset >= 11 ? 2 : 3, 3) || !c.ExpectType(0, s_types) || !c.ExpectSameType(0, 1)) return;
            var a = c.InShape(0);
            var b = c.InShape(1);
            if (a.Rank != 2 || b.Rank != 2) { c.Fail(DiagnosticIds.ShapeMismatch, "A and B must be matrices, not " + a + " and " + b + "."); return; }
            bool ta = c.Attr.Int("transA", 0) != 0, tb = c.Attr.Int("transB", 0) != 0;
            var p = new Plan { M = ta ? a[1] : a[0], K = ta ? a[0] : a[1], N = tb ? b[0] : b[1] };
            var kb = tb ? b[1] : b[0];
            if (!p.K.Equals(kb)) { c.Fail(DiagnosticIds.ShapeMismatch, "inner dims differ: op(A) is [" + p.M + "," + p.K + "], op(B) is [" + kb + "," + p.N + "]."); return; }
            if (c.HasInput(2))
            {
                if (!c.ExpectSameType(0, 2)) return;
                var cs = c.InShape(2);
                if (!CStrides(cs, p)) { c.Fail(DiagnosticIds.ShapeMismatch, "C " + cs + " does not broadcast to [" + p.M + "," + p.N + "]."); return; }
            }
            c.State = p;
            c.SetOutput(0, c.InType(0), new Shape(new[] { p.M, p.N }));
        }

        /// <summary>Strides that read C as an [M,N] matrix: 0 along broadcast axes.</summary>
        private static bool CStrides(Shape cs, Plan p)
        {
            Dim rows = cs.Rank == 2 ? cs[0] : Dim.One;
            Dim cols = cs.Rank >= 1 ? cs[cs.Rank - 1] : Dim.One;
            if (cs.Rank > 2) return false;
            if (!(rows.Equals(p.M) || rows.Equals(Dim.One)) || !(cols.Equals(p.N) || cols.Equals(Dim.One))) return false;
            p.CCol = cols.Equals(Dim.One) && !p.N.Equals(Dim.One) ? Dim.Zero : Dim.One;
            p.CRow = rows.Equals(Dim.One) && !p.M.Equals(Dim.One) ? Dim.Zero : cols;
            return true;
        }

        public override void Emit(EmitContext e)
        {
            var p = (Plan)e.State!;
            var attrs = e.Node.Attributes;
            float alpha = attrs.TryGetValue("alpha", out var al) ? al.Float : 1f;
            float beta = attrs.TryGetValue("beta", out var be) ? be.Float : 1f;
            bool ta = attrs.TryGetValue("transA", out var t1) && t1.Int != 0;
            bool tb = attrs.TryGetValue("transB", out var t2) && t2.Int != 0;
            string c = e.Node.Input(2) != null ? e.In(2) : "default";
            string t = e.T(0);
            e.Line(EmitContext.Kernel("Gemm") + ".Run<" + t + ">(" + e.In(0) + ", " + e.In(1) + ", " + c + ", " + e.Out(0) + ", " +
                   e.Dim(p.M) + ", " + e.Dim(p.N) + ", " + e.Dim(p.K) + ", " + (ta ? "true" : "false") + ", " + (tb ? "true" : "false") + ", " +
                   Scalar(t, alpha) + ", " + Scalar(t, beta) + ", " + e.Dim(p.CRow) + ", " + e.Dim(p.CCol) + ");");
        }

        private static string Scalar(string t, float v) => t == "float" ? Literals.Float(v) : "(" + t + ")" + Literals.Float(v);
    }
}

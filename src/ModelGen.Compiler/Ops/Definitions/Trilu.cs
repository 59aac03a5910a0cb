using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>The input as [batch, rows, cols] matrices, the diagonal offset when build time knows it, and which triangle stays.</summary>
    internal sealed record TriluPlan(Dim Batch, Dim Rows, Dim Cols, long? K, bool Upper) : OpPlan;

    /// <summary>
    /// ONNX Trilu: keeps the upper (upper=1, the default: column ≥ row + k) or lower (column ≤ row + k) triangle of
    /// each of the last two axes' matrices and zeroes the rest. The optional scalar k (default 0) may be known only
    /// at run time; the kernel then reads it. Spec: https://onnx.ai/onnx/operators/onnx__Trilu.html
    /// </summary>
    internal sealed class Trilu : Op<TriluPlan>
    {
        private static readonly Attr<long> Upper = Attr.Int("upper", 1);

        public override OpSchema Schema { get; } = new OpSchema("Trilu", new[] { 14 })
            .Input("input", "T").Input("k", "I", optional: true).Output("output", "T")
            .Types("T", TypeSets.Any).Types("I", TypeSets.Int64)
            .WithAttributes(Upper);

        public override string Summary => "keeps the upper (column ≥ row + k) or lower (column ≤ row + k) triangle of the last two axes; k may be known only at run time.";

        protected override TriluPlan? Infer(InferContext c)
        {
            var x = c.InShape(0);
            if (x.Rank < 2) return c.Reject<TriluPlan>(DiagnosticIds.ShapeMismatch, "the input " + x + " has rank " + x.Rank + "; Trilu needs rank 2 or more.");
            long? k = 0;
            if (c.HasInput(1))
            {
                if (!c.InShape(1).ElementCount.Equals(Dim.One)) return c.Reject<TriluPlan>(DiagnosticIds.ShapeMismatch, "'k' must hold one value; it has shape " + c.InShape(1) + ".");
                var known = c.StaticInts(1);
                k = known?[0];
            }
            c.SetOutput(0, x);
            return new TriluPlan(x.Product(0, x.Rank - 2), x[x.Rank - 2], x[x.Rank - 1], k, c.Get(Upper) != 0);
        }

        protected override void Lower(LowerContext c, TriluPlan p)
        {
            var call = p.K != null
                ? c.Call("trilu", c.InType(0)).In("x", c.In(0)).Out("y", c.Out(0)).Dim("batch", p.Batch).Dim("rows", p.Rows).Dim("cols", p.Cols).Integer("k", ElementType.Int64, p.K.Value)
                : c.Call("trilu.dynamic", c.InType(0)).In("x", c.In(0)).Out("y", c.Out(0)).Dim("batch", p.Batch).Dim("rows", p.Rows).Dim("cols", p.Cols).In("k", c.In(1));
            call.Bool("upper", p.Upper).Emit();
        }
    }
}

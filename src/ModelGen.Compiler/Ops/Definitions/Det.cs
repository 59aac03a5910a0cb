using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>The input as [batch, size, size].</summary>
    internal sealed record DetPlan(Dim Batch, Dim Size) : OpPlan;

    /// <summary>
    /// ONNX Det: the determinant of each square matrix in the last two axes, [*, M, M] → [*], by Gaussian
    /// elimination with partial pivoting in double. Spec: https://onnx.ai/onnx/operators/onnx__Det.html
    /// </summary>
    internal sealed class Det : Op<DetPlan>
    {
        public override OpSchema Schema { get; } = new OpSchema("Det", new[] { 11, 22 })
            .Input("X", "T").Output("Y", "T").Types("T", TypeSets.Float);

        public override string Summary => "determinant of each square matrix in the last two axes; Gaussian elimination in double.";

        protected override DetPlan? Infer(InferContext c)
        {
            var x = c.InShape(0);
            if (x.Rank < 2 || !x[x.Rank - 1].Equals(x[x.Rank - 2]))
                return c.Reject<DetPlan>(DiagnosticIds.ShapeMismatch, "the input " + x + " must end in a square [M, M].");
            c.SetOutput(0, new Shape(System.Linq.Enumerable.Take(x.Dims, x.Rank - 2)));
            return new DetPlan(x.Product(0, x.Rank - 2), x[x.Rank - 1]);
        }

        protected override void Lower(LowerContext c, DetPlan p) =>
            c.Call("det", c.InType(0)).In("x", c.In(0)).Out("y", c.Out(0)).Scratch("work", ElementType.Double, p.Size * p.Size)
                .Dim("batch", p.Batch).Dim("size", p.Size).Emit();
    }
}

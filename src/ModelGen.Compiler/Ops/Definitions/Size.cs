using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    internal sealed record SizePlan(Dim Count) : OpPlan;

    /// <summary>
    /// ONNX Size: the input's element count as an int64 scalar. Like Shape, always known at build time: a number
    /// for static dims, a dim expression (N·3·H·W) for symbolic ones. Spec: https://onnx.ai/onnx/operators/onnx__Size.html
    /// </summary>
    internal sealed class Size : Op<SizePlan>
    {
        public override OpSchema Schema { get; } = new OpSchema("Size", new[] { 1, 13, 19, 21, 23, 24, 25 })
            .Input("data", "T").Output("size", "T1").Types("T", TypeSets.Any).Types("T1", TypeSets.Int64);

        public override string Summary => "the element count as an int64 scalar, always known at build time; symbolic dims give an expression.";

        protected override SizePlan? Infer(InferContext c)
        {
            c.SetOutput(0, ElementType.Int64, Shape.Scalar);
            return new SizePlan(c.InShape(0).ElementCount);
        }

        public override bool EvaluatesFromValues => false;

        protected override bool Evaluate(EvalContext c, SizePlan p)
        {
            c.Set(0, new[] { p.Count });
            return true;
        }

        // Never reached with a known input shape: evaluation makes the output a build-time constant.
        protected override void Lower(LowerContext c, SizePlan p) =>
            throw new System.InvalidOperationException("Size nodes are folded before lowering.");
    }
}

using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>Whether the input holds an element: known at build time for the inputs ModelGen represents.</summary>
    internal sealed record OptionalHasElementPlan(bool Has) : OpPlan;

    /// <summary>
    /// ONNX OptionalHasElement for the inputs that are not optional values: a missing input (no name, or no input at
    /// all) has no element, a tensor always has one, so the bool result is a build-time constant. Optional-typed
    /// values never reach it: the importer rejects them with MG0106 (sequence and optional values come with the
    /// breadth issue). Spec: https://onnx.ai/onnx/operators/onnx__OptionalHasElement.html
    /// </summary>
    internal sealed class OptionalHasElement : Op<OptionalHasElementPlan>
    {
        public override OpSchema Schema { get; } = new OpSchema("OptionalHasElement", new[] { 15, 18 })
            .Input("input", "O", optional: true).Output("output", "B").Types("O", TypeSets.Any).Types("B", TypeSets.Bool);

        public override string Summary => "a build-time constant: false for a missing input, true for a tensor (optional-typed values are not supported).";

        protected override OptionalHasElementPlan? Infer(InferContext c)
        {
            c.SetOutput(0, ElementType.Bool, Shape.Scalar);
            return new OptionalHasElementPlan(c.InputCount > 0 && c.HasInput(0));
        }

        public override bool EvaluatesFromValues => false;

        protected override bool Evaluate(EvalContext c, OptionalHasElementPlan p)
        {
            c.Set(0, TensorData.FromInt64Values(ElementType.Bool, new long[0], new[] { p.Has ? 1L : 0L }));
            return true;
        }

        // Never reached: evaluation makes the output a build-time constant.
        protected override void Lower(LowerContext c, OptionalHasElementPlan p) =>
            throw new System.InvalidOperationException("OptionalHasElement nodes are folded before lowering.");
    }
}

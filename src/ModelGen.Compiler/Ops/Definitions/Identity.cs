using System.Linq;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>ONNX Identity over tensors, strings included (sequences and optionals come with the breadth issue). A view. Spec: https://onnx.ai/onnx/operators/onnx__Identity.html</summary>
    internal sealed class Identity : Op<EmptyPlan>
    {
        public override OpSchema Schema { get; } = new OpSchema("Identity", new[] { 1, 13, 14, 16, 19, 21, 23, 24, 25 })
            .Input("input", "T").Output("output", "T").Types("T", TypeSets.AnyWithNarrow.Concat(new[] { Ir.ElementType.String }).ToArray());

        public override string Summary => "y = x. A view of the input.";

        protected override EmptyPlan? Infer(InferContext c)
        {
            c.SetOutput(0, c.InShape(0));
            return EmptyPlan.Instance;
        }

        protected override bool Evaluate(EvalContext c, EmptyPlan p)
        {
            c.Take(0, 0, Enumerable.Range(0, (int)c.In(0).Shape!.ElementCount.Value).Select(i => (long)i).ToArray());
            return true;
        }

        protected override void Lower(LowerContext c, EmptyPlan p) => c.Copy(c.In(0), c.Out(0), "identity");

        protected override bool IsView(EmptyPlan plan) => true;
    }
}

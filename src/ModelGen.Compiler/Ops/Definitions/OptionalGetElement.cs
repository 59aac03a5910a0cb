using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX OptionalGetElement on a tensor: the tensor itself (a view). Optional-typed values never reach it: the
    /// importer rejects them with MG0106 (sequence and optional values come with the breadth issue). A missing input
    /// holds no element, which ONNX makes an error. Spec: https://onnx.ai/onnx/operators/onnx__OptionalGetElement.html
    /// </summary>
    internal sealed class OptionalGetElement : Op<EmptyPlan>
    {
        public override OpSchema Schema { get; } = new OpSchema("OptionalGetElement", new[] { 15, 18 })
            .Input("input", "O").Output("output", "V").Types("O", TypeSets.Any).Types("V", TypeSets.Any);

        public override string Summary => "on a tensor, the tensor itself (a view); optional-typed values are not supported.";

        protected override EmptyPlan? Infer(InferContext c)
        {
            if (!c.HasInput(0)) return c.Reject<EmptyPlan>(DiagnosticIds.InvalidGraph, "the input is missing, so there is no element to get.");
            c.SetOutput(0, c.InType(0), c.InShape(0));
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

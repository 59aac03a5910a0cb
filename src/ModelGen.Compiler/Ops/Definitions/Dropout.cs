using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX Dropout in inference: the output is the input (a view), the optional mask all true. A training_mode input
    /// (revision 12+) must be a build-time false; training is reported, not approximated.
    /// Spec: https://onnx.ai/onnx/operators/onnx__Dropout.html
    /// </summary>
    internal sealed class Dropout : Op<EmptyPlan>
    {
        private static readonly Attr<float> Ratio = Attr.Float("ratio", 0.5f).Until(10).Ignored("inference passes the input through");
        private static readonly Attr<long> IsTest = Attr.Int("is_test", 0).Until(6).Ignored("inference is assumed");
        private static readonly Attr<long[]?> ConsumedInputs = Attr.Ints("consumed_inputs").Until(1).Ignored("legacy optimisation hint");
        private static readonly Attr<long?> Seed = Attr.OptionalInt("seed").Since(12).Ignored("inference draws no random numbers");

        public override OpSchema Schema { get; } = new OpSchema("Dropout", new[] { 1, 6, 7, 10, 12, 13, 22 })
            .Input("data", "T").Input("ratio", "T1", optional: true, from: 12).Input("training_mode", "T2", optional: true, from: 12)
            .Output("output", "T").Output("mask", "T2", optional: true)
            .Types("T", TypeSets.Any).Types("T1", TypeSets.Float).Types("T2", TypeSets.Bool)
            .WithAttributes(Ratio, IsTest, ConsumedInputs, Seed);

        public override string Summary => "inference: the output is the input (a view) and the optional mask all true; training mode is reported.";

        protected override EmptyPlan? Infer(InferContext c)
        {
            if (c.HasInput(2))
            {
                var training = c.StaticInts(2);
                if (training == null || training.Any(t => t != 0))
                    return c.Reject<EmptyPlan>(DiagnosticIds.UnsupportedAttribute, "training_mode must be a build-time false; ModelGen compiles inference.");
            }
            c.SetOutput(0, c.InShape(0));
            c.SetOutput(1, ElementType.Bool, c.InShape(0));
            return EmptyPlan.Instance;
        }

        protected override bool Evaluate(EvalContext c, EmptyPlan p)
        {
            if (c.Node.Output(1) != null) return false;
            c.Take(0, 0, Enumerable.Range(0, (int)c.In(0).Shape!.ElementCount.Value).Select(i => (long)i).ToArray());
            return true;
        }

        protected override void Lower(LowerContext c, EmptyPlan p)
        {
            c.Copy(c.In(0), c.Out(0), "identity");
            if (c.HasOutput(1)) c.Call("fill", ElementType.Bool).Out("y", c.Out(1)).Bool("value", true).Emit();
        }

        protected override bool IsView(EmptyPlan plan) => true;
    }
}

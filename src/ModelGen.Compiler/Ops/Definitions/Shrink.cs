using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;
using static ModelGen.Compiler.Ops.Expressions.ScalarExpr;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>ONNX Shrink: y = x + bias below −lambd, x − bias above lambd, 0 between. Spec: https://onnx.ai/onnx/operators/onnx__Shrink.html</summary>
    internal sealed class Shrink : ElementwiseOp
    {
        private static readonly Attr<float> Bias = Attr.Float("bias", 0f);
        private static readonly Attr<float> Lambd = Attr.Float("lambd", 0.5f);

        public override OpSchema Schema { get; } = new OpSchema("Shrink", new[] { 9 })
            .Input("input", "T").Output("output", "T").Types("T", TypeSets.Float).WithAttributes(Bias, Lambd);

        public override ScalarExpr Expression { get; } = Select(Call(ScalarFn.Less, Arg(0, "input"), Call(ScalarFn.Neg, Of(Lambd))), Arg(0, "input") + Of(Bias), Select(Call(ScalarFn.Greater, Arg(0, "input"), Of(Lambd)), Arg(0, "input") - Of(Bias), 0));
    }
}

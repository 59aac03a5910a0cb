using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;
using static ModelGen.Compiler.Ops.Expressions.ScalarExpr;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>ONNX ThresholdedRelu: y = x for x > alpha, 0 otherwise. Spec: https://onnx.ai/onnx/operators/onnx__ThresholdedRelu.html</summary>
    internal sealed class ThresholdedRelu : ElementwiseOp
    {
        private static readonly Attr<float> Alpha = Attr.Float("alpha", 1f);

        public override OpSchema Schema { get; } = new OpSchema("ThresholdedRelu", new[] { 10, 22 })
            .Input("X", "T").Output("Y", "T").Types("T", TypeSets.Float).WithAttributes(Alpha);

        public override ScalarExpr Expression { get; } = Select(Call(ScalarFn.Greater, Arg(0, "X"), Of(Alpha)), Arg(0, "X"), 0);
    }
}

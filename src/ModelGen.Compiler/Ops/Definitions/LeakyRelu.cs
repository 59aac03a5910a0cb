using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;
using static ModelGen.Compiler.Ops.Expressions.ScalarExpr;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>ONNX LeakyRelu: y = x for x ≥ 0, alpha·x below. Spec: https://onnx.ai/onnx/operators/onnx__LeakyRelu.html</summary>
    internal sealed class LeakyRelu : ElementwiseOp
    {
        private static readonly Attr<float> Alpha = Attr.Float("alpha", 0.01f);

        public override OpSchema Schema { get; } = new OpSchema("LeakyRelu", new[] { 1, 6, 16 })
            .Input("X", "T").Output("Y", "T").Types("T", TypeSets.Float).WithAttributes(Alpha, ConsumedInputs);

        public override ScalarExpr Expression { get; } = Select(Call(ScalarFn.Less, Arg(0, "X"), 0), Of(Alpha) * Arg(0, "X"), Arg(0, "X"));
    }
}

using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;
using static ModelGen.Compiler.Ops.Expressions.ScalarExpr;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>ONNX HardSigmoid: y = max(0, min(1, alpha·x + beta)). Spec: https://onnx.ai/onnx/operators/onnx__HardSigmoid.html</summary>
    internal sealed class HardSigmoid : ElementwiseOp
    {
        private static readonly Attr<float> Alpha = Attr.Float("alpha", 0.2f);
        private static readonly Attr<float> Beta = Attr.Float("beta", 0.5f);

        public override OpSchema Schema { get; } = new OpSchema("HardSigmoid", new[] { 1, 6, 22 })
            .Input("X", "T").Output("Y", "T").Types("T", TypeSets.Float).WithAttributes(Alpha, Beta, ConsumedInputs);

        public override ScalarExpr Expression { get; } = Max(0, Min(1, Of(Alpha) * Arg(0, "X") + Of(Beta)));
    }
}

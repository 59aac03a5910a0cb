using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;
using static ModelGen.Compiler.Ops.Expressions.ScalarExpr;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>ONNX Neg: y = −x. Spec: https://onnx.ai/onnx/operators/onnx__Neg.html</summary>
    internal sealed class Neg : ElementwiseOp
    {
        public override OpSchema Schema { get; } = new OpSchema("Neg", new[] { 1, 6, 13 })
            .Input("X", "T").Output("Y", "T").Types("T", TypeSets.Signed).WithAttributes(ConsumedInputs);

        public override ScalarExpr Expression { get; } = -Arg(0, "X");
    }
}

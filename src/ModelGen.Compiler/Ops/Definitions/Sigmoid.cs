using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;
using static ModelGen.Compiler.Ops.Expressions.ScalarExpr;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>ONNX Sigmoid: y = 1/(1 + e^−x). Spec: https://onnx.ai/onnx/operators/onnx__Sigmoid.html</summary>
    internal sealed class Sigmoid : ElementwiseOp
    {
        public override OpSchema Schema { get; } = new OpSchema("Sigmoid", new[] { 1, 6, 13 })
            .Input("X", "T").Output("Y", "T").Types("T", TypeSets.Float).WithAttributes(ConsumedInputs);

        public override ScalarExpr Expression { get; } = 1 / (1 + Call(ScalarFn.Exp, -Arg(0, "X")));
    }
}

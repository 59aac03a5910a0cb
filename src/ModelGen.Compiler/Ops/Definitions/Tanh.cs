using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;
using static ModelGen.Compiler.Ops.Expressions.ScalarExpr;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>ONNX Tanh: y = tanh x. Spec: https://onnx.ai/onnx/operators/onnx__Tanh.html</summary>
    internal sealed class Tanh : ElementwiseOp
    {
        public override OpSchema Schema { get; } = new OpSchema("Tanh", new[] { 1, 6, 13 })
            .Input("X", "T").Output("Y", "T").Types("T", TypeSets.Float).WithAttributes(ConsumedInputs);

        public override ScalarExpr Expression { get; } = Call(ScalarFn.Tanh, Arg(0, "X"));
    }
}

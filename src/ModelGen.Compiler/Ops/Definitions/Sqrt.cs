using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;
using static ModelGen.Compiler.Ops.Expressions.ScalarExpr;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>ONNX Sqrt (NaN for negative inputs). Spec: https://onnx.ai/onnx/operators/onnx__Sqrt.html</summary>
    internal sealed class Sqrt : ElementwiseOp
    {
        public override OpSchema Schema { get; } = new OpSchema("Sqrt", new[] { 1, 6, 13 })
            .Input("X", "T").Output("Y", "T").Types("T", TypeSets.Float).WithAttributes(ConsumedInputs);

        public override ScalarExpr Expression { get; } = Call(ScalarFn.Sqrt, Arg(0, "X"));
    }
}

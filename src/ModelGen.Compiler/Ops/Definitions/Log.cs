using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;
using static ModelGen.Compiler.Ops.Expressions.ScalarExpr;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>ONNX Log: y = ln x (NaN below 0, −∞ at 0). Spec: https://onnx.ai/onnx/operators/onnx__Log.html</summary>
    internal sealed class Log : ElementwiseOp
    {
        public override OpSchema Schema { get; } = new OpSchema("Log", new[] { 1, 6, 13 })
            .Input("X", "T").Output("Y", "T").Types("T", TypeSets.Float).WithAttributes(ConsumedInputs);

        public override ScalarExpr Expression { get; } = Call(ScalarFn.Log, Arg(0, "X"));
    }
}

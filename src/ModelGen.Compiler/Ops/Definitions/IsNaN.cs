using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;
using static ModelGen.Compiler.Ops.Expressions.ScalarExpr;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>ONNX IsNaN: y = (x is NaN), a bool tensor. Spec: https://onnx.ai/onnx/operators/onnx__IsNaN.html</summary>
    internal sealed class IsNaN : ElementwiseOp
    {
        public override OpSchema Schema { get; } = new OpSchema("IsNaN", new[] { 9, 13, 20 })
            .Input("X", "T1").Output("Y", "T2").Types("T1", TypeSets.Float).Types("T2", TypeSets.Bool);

        public override ScalarExpr Expression { get; } = Call(ScalarFn.IsNaN, Arg(0, "X"));
    }
}

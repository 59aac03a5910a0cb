using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;
using static ModelGen.Compiler.Ops.Expressions.ScalarExpr;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>ONNX LessOrEqual: y = a ≤ b, with broadcasting. Spec: https://onnx.ai/onnx/operators/onnx__LessOrEqual.html</summary>
    internal sealed class LessOrEqual : ElementwiseOp
    {
        public override OpSchema Schema { get; } = new OpSchema("LessOrEqual", new[] { 12, 16 })
            .Input("A", "T").Input("B", "T").Output("C", "T1").Types("T", TypeSets.Numeric).Types("T1", TypeSets.Bool);

        public override ScalarExpr Expression { get; } = Call(ScalarFn.LessOrEqual, Arg(0, "A"), Arg(1, "B"));
    }
}

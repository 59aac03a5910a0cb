using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;
using static ModelGen.Compiler.Ops.Expressions.ScalarExpr;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>ONNX Where: numpy.where(condition, X, Y) with broadcasting. Spec: https://onnx.ai/onnx/operators/onnx__Where.html</summary>
    internal sealed class Where : ElementwiseOp
    {
        public override OpSchema Schema { get; } = new OpSchema("Where", new[] { 9, 16 })
            .Input("condition", "B").Input("X", "T").Input("Y", "T").Output("output", "T")
            .Types("B", TypeSets.Bool).Types("T", TypeSets.Any);

        public override ScalarExpr Expression { get; } = Select(Arg(0, "condition"), Arg(1, "X"), Arg(2, "Y"));
    }
}

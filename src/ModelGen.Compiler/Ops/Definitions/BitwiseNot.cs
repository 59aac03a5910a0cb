using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;
using static ModelGen.Compiler.Ops.Expressions.ScalarExpr;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>ONNX BitwiseNot: y = ~x on integers. Spec: https://onnx.ai/onnx/operators/onnx__BitwiseNot.html</summary>
    internal sealed class BitwiseNot : ElementwiseOp
    {
        public override OpSchema Schema { get; } = new OpSchema("BitwiseNot", new[] { 18 })
            .Input("X", "T").Output("Y", "T").Types("T", TypeSets.Integer);

        public override ScalarExpr Expression { get; } = Call(ScalarFn.BitNot, Arg(0, "X"));
    }
}

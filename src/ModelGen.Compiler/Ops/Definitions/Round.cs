using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;
using static ModelGen.Compiler.Ops.Expressions.ScalarExpr;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>ONNX Round: y = x rounded to the nearest integer, ties to even. Spec: https://onnx.ai/onnx/operators/onnx__Round.html</summary>
    internal sealed class Round : ElementwiseOp
    {
        public override OpSchema Schema { get; } = new OpSchema("Round", new[] { 11, 22 })
            .Input("X", "T").Output("Y", "T").Types("T", TypeSets.Float);

        public override ScalarExpr Expression { get; } = Call(ScalarFn.Round, Arg(0, "X"));
    }
}

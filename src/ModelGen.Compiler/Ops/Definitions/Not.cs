using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;
using static ModelGen.Compiler.Ops.Expressions.ScalarExpr;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>ONNX Not. Spec: https://onnx.ai/onnx/operators/onnx__Not.html</summary>
    internal sealed class Not : ElementwiseOp
    {
        public override OpSchema Schema { get; } = new OpSchema("Not", new[] { 1 })
            .Input("X", "T").Output("Y", "T").Types("T", TypeSets.Bool);

        public override ScalarExpr Expression { get; } = Call(ScalarFn.Not, Arg(0, "X"));
    }
}

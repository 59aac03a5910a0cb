using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;
using static ModelGen.Compiler.Ops.Expressions.ScalarExpr;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>ONNX Sinh: y = sinh x. Spec: https://onnx.ai/onnx/operators/onnx__Sinh.html</summary>
    internal sealed class Sinh : ElementwiseOp
    {
        public override OpSchema Schema { get; } = new OpSchema("Sinh", new[] { 9, 22 })
            .Input("input", "T").Output("output", "T").Types("T", TypeSets.Float);

        public override ScalarExpr Expression { get; } = Call(ScalarFn.Sinh, Arg(0, "input"));
    }
}

using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;
using static ModelGen.Compiler.Ops.Expressions.ScalarExpr;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>ONNX Softplus: y = ln(e^x + 1). Spec: https://onnx.ai/onnx/operators/onnx__Softplus.html</summary>
    internal sealed class Softplus : ElementwiseOp
    {
        public override OpSchema Schema { get; } = new OpSchema("Softplus", new[] { 1, 22 })
            .Input("X", "T").Output("Y", "T").Types("T", TypeSets.Float);

        public override ScalarExpr Expression { get; } = Call(ScalarFn.Log, Call(ScalarFn.Exp, Arg(0, "X")) + 1);
    }
}

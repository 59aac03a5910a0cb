using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;
using static ModelGen.Compiler.Ops.Expressions.ScalarExpr;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>ONNX Mish: y = x·tanh(softplus x) = x·tanh(ln(1 + eˣ)). Spec: https://onnx.ai/onnx/operators/onnx__Mish.html</summary>
    internal sealed class Mish : ElementwiseOp
    {
        public override OpSchema Schema { get; } = new OpSchema("Mish", new[] { 18, 22 })
            .Input("X", "T").Output("Y", "T").Types("T", TypeSets.Float);

        public override ScalarExpr Expression { get; } = Arg(0, "X") * Call(ScalarFn.Tanh, Call(ScalarFn.Log, Call(ScalarFn.Exp, Arg(0, "X")) + 1));
    }
}

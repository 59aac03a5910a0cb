using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;
using static ModelGen.Compiler.Ops.Expressions.ScalarExpr;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>ONNX Abs: y = |x|. Spec: https://onnx.ai/onnx/operators/onnx__Abs.html</summary>
    internal sealed class Abs : ElementwiseOp
    {
        public override OpSchema Schema { get; } = new OpSchema("Abs", new[] { 1, 6, 13 })
            .Input("X", "T").Output("Y", "T").Types("T", TypeSets.Numeric).WithAttributes(ConsumedInputs);

        public override ScalarExpr Expression { get; } = Call(ScalarFn.Abs, Arg(0, "X"));
    }
}

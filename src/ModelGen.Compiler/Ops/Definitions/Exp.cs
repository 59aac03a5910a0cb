using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;
using static ModelGen.Compiler.Ops.Expressions.ScalarExpr;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>ONNX Exp. Spec: https://onnx.ai/onnx/operators/onnx__Exp.html</summary>
    internal sealed class Exp : ElementwiseOp
    {
        public override OpSchema Schema { get; } = new OpSchema("Exp", new[] { 1, 6, 13 })
            .Input("input", "T").Output("output", "T").Types("T", TypeSets.Float).WithAttributes(ConsumedInputs);

        public override ScalarExpr Expression { get; } = Call(ScalarFn.Exp, Arg(0, "input"));
    }
}

using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;
using static ModelGen.Compiler.Ops.Expressions.ScalarExpr;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>ONNX Acosh: y = arcosh x (NaN below 1). Spec: https://onnx.ai/onnx/operators/onnx__Acosh.html</summary>
    internal sealed class Acosh : ElementwiseOp
    {
        public override OpSchema Schema { get; } = new OpSchema("Acosh", new[] { 9, 22 })
            .Input("input", "T").Output("output", "T").Types("T", TypeSets.Float);

        public override ScalarExpr Expression { get; } = Call(ScalarFn.Acosh, Arg(0, "input"));
    }
}

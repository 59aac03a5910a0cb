using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;
using static ModelGen.Compiler.Ops.Expressions.ScalarExpr;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>ONNX HardSwish: y = x·max(0, min(1, x/6 + 1/2)). Spec: https://onnx.ai/onnx/operators/onnx__HardSwish.html</summary>
    internal sealed class HardSwish : ElementwiseOp
    {
        public override OpSchema Schema { get; } = new OpSchema("HardSwish", new[] { 14, 22 })
            .Input("X", "T").Output("Y", "T").Types("T", TypeSets.Float);

        public override ScalarExpr Expression { get; } = Arg(0, "X") * Max(0, Min(1, Arg(0, "X") / 6 + 0.5));
    }
}

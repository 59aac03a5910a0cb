using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;
using static ModelGen.Compiler.Ops.Expressions.ScalarExpr;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>ONNX Softsign: y = x / (1 + |x|). Spec: https://onnx.ai/onnx/operators/onnx__Softsign.html</summary>
    internal sealed class Softsign : ElementwiseOp
    {
        public override OpSchema Schema { get; } = new OpSchema("Softsign", new[] { 1, 22 })
            .Input("input", "T").Output("output", "T").Types("T", TypeSets.Float);

        public override ScalarExpr Expression { get; } = Arg(0, "input") / (Call(ScalarFn.Abs, Arg(0, "input")) + 1);
    }
}

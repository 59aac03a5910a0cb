using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;
using static ModelGen.Compiler.Ops.Expressions.ScalarExpr;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>ONNX Asin: y = arcsin x (NaN outside [−1, 1]). Spec: https://onnx.ai/onnx/operators/onnx__Asin.html</summary>
    internal sealed class Asin : ElementwiseOp
    {
        public override OpSchema Schema { get; } = new OpSchema("Asin", new[] { 7, 22 })
            .Input("input", "T").Output("output", "T").Types("T", TypeSets.Float);

        public override ScalarExpr Expression { get; } = Call(ScalarFn.Asin, Arg(0, "input"));
    }
}

using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;
using static ModelGen.Compiler.Ops.Expressions.ScalarExpr;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX Celu: y = max(0, x) + min(0, alpha·(e^(x/alpha) − 1)). Revision 28 only widens the types (float16, double,
    /// bfloat16). Spec: https://onnx.ai/onnx/operators/onnx__Celu.html
    /// </summary>
    internal sealed class Celu : ElementwiseOp
    {
        private static readonly Attr<float> Alpha = Attr.Float("alpha", 1f);

        public override OpSchema Schema { get; } = new OpSchema("Celu", new[] { 12, 28 })
            .Input("X", "T").Output("Y", "T").Types("T", TypeSets.Float).WithAttributes(Alpha);

        public override ScalarExpr Expression { get; } =
            Max(Arg(0, "X"), 0) + Min(0, Of(Alpha) * (Call(ScalarFn.Exp, Arg(0, "X") / Of(Alpha)) - 1));
    }
}

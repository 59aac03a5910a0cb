using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;
using static ModelGen.Compiler.Ops.Expressions.ScalarExpr;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>ONNX Swish: y = x·sigmoid(alpha·x). Spec: https://onnx.ai/onnx/operators/onnx__Swish.html</summary>
    internal sealed class Swish : ElementwiseOp
    {
        internal static readonly Attr<float> Alpha = Attr.Float("alpha", 1f);

        public override OpSchema Schema { get; } = new OpSchema("Swish", new[] { 24 })
            .Input("X", "T").Output("Y", "T").Types("T", TypeSets.Float).WithAttributes(Alpha);

        public override ScalarExpr Expression { get; } = Arg(0, "X") / (1 + Call(ScalarFn.Exp, -(Of(Alpha) * Arg(0, "X"))));
    }
}

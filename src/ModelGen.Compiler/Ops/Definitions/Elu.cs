using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;
using static ModelGen.Compiler.Ops.Expressions.ScalarExpr;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>ONNX Elu: y = x for x ≥ 0, alpha·(e^x − 1) below. Spec: https://onnx.ai/onnx/operators/onnx__Elu.html</summary>
    internal sealed class Elu : ElementwiseOp
    {
        private static readonly Attr<float> Alpha = Attr.Float("alpha", 1f);

        public override OpSchema Schema { get; } = new OpSchema("Elu", new[] { 1, 6, 22 })
            .Input("X", "T").Output("Y", "T").Types("T", TypeSets.Float).WithAttributes(Alpha, ConsumedInputs);

        public override ScalarExpr Expression { get; } = Select(Call(ScalarFn.Less, Arg(0, "X"), 0), Of(Alpha) * (Call(ScalarFn.Exp, Arg(0, "X")) - 1), Arg(0, "X"));
    }
}

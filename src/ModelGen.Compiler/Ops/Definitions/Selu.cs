using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;
using static ModelGen.Compiler.Ops.Expressions.ScalarExpr;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>ONNX Selu: y = gamma·x for x > 0, gamma·(alpha·e^x − alpha) otherwise. Spec: https://onnx.ai/onnx/operators/onnx__Selu.html</summary>
    internal sealed class Selu : ElementwiseOp
    {
        private static readonly Attr<float> Alpha = Attr.Float("alpha", 1.67326319217681884765625f);
        private static readonly Attr<float> Gamma = Attr.Float("gamma", 1.05070102214813232421875f);

        public override OpSchema Schema { get; } = new OpSchema("Selu", new[] { 1, 6, 22 })
            .Input("X", "T").Output("Y", "T").Types("T", TypeSets.Float).WithAttributes(Alpha, Gamma, ConsumedInputs);

        public override ScalarExpr Expression { get; } = Of(Gamma) * Select(Call(ScalarFn.LessOrEqual, Arg(0, "X"), 0), Of(Alpha) * Call(ScalarFn.Exp, Arg(0, "X")) - Of(Alpha), Arg(0, "X"));
    }
}

using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;
using static ModelGen.Compiler.Ops.Expressions.ScalarExpr;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>ONNX Xor: y = a ⊕ b, with broadcasting. Spec: https://onnx.ai/onnx/operators/onnx__Xor.html</summary>
    internal sealed class Xor : ElementwiseOp
    {
        public override OpSchema Schema { get; } = new OpSchema("Xor", new[] { 1, 7 })
            .Input("A", "T").Input("B", "T").Output("C", "T").Types("T", TypeSets.Bool).WithAttributes(LegacyBroadcast, LegacyAxis);

        public override ScalarExpr Expression { get; } = Call(ScalarFn.Xor, Arg(0, "A"), Arg(1, "B"));

        protected override bool HasLegacyBroadcast => true;
    }
}

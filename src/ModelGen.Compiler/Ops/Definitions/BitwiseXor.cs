using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;
using static ModelGen.Compiler.Ops.Expressions.ScalarExpr;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>ONNX BitwiseXor: y = A ^ B on integers, with broadcasting. Spec: https://onnx.ai/onnx/operators/onnx__BitwiseXor.html</summary>
    internal sealed class BitwiseXor : ElementwiseOp
    {
        public override OpSchema Schema { get; } = new OpSchema("BitwiseXor", new[] { 18 })
            .Input("A", "T").Input("B", "T").Output("C", "T").Types("T", TypeSets.Integer);

        public override ScalarExpr Expression { get; } = Call(ScalarFn.BitXor, Arg(0, "A"), Arg(1, "B"));
    }
}

using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;
using static ModelGen.Compiler.Ops.Expressions.ScalarExpr;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>ONNX Cos: y = cos x. Spec: https://onnx.ai/onnx/operators/onnx__Cos.html</summary>
    internal sealed class Cos : ElementwiseOp
    {
        public override OpSchema Schema { get; } = new OpSchema("Cos", new[] { 7, 22 })
            .Input("input", "T").Output("output", "T").Types("T", TypeSets.Float);

        public override ScalarExpr Expression { get; } = Call(ScalarFn.Cos, Arg(0, "input"));
    }
}

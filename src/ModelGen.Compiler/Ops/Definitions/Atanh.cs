using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;
using static ModelGen.Compiler.Ops.Expressions.ScalarExpr;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>ONNX Atanh: y = artanh x (NaN outside [−1, 1]). Spec: https://onnx.ai/onnx/operators/onnx__Atanh.html</summary>
    internal sealed class Atanh : ElementwiseOp
    {
        public override OpSchema Schema { get; } = new OpSchema("Atanh", new[] { 9, 22 })
            .Input("input", "T").Output("output", "T").Types("T", TypeSets.Float);

        public override ScalarExpr Expression { get; } = Call(ScalarFn.Atanh, Arg(0, "input"));
    }
}

using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;
using static ModelGen.Compiler.Ops.Expressions.ScalarExpr;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX SwiGLU: y = Swish_alpha(A)·B = A·sigmoid(alpha·A)·B, A and B of one shape (the spec applies no
    /// broadcasting; equal shapes broadcast to themselves). Spec: https://onnx.ai/onnx/operators/onnx__SwiGLU.html
    /// </summary>
    internal sealed class SwiGLU : ElementwiseOp
    {
        public override OpSchema Schema { get; } = new OpSchema("SwiGLU", new[] { 28 })
            .Input("A", "T").Input("B", "T").Output("Y", "T").Types("T", TypeSets.Float).WithAttributes(Swish.Alpha);

        public override ScalarExpr Expression { get; } = Arg(0, "A") / (1 + Call(ScalarFn.Exp, -(Of(Swish.Alpha) * Arg(0, "A")))) * Arg(1, "B");
    }
}

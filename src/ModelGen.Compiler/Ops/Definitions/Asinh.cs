using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;
using static ModelGen.Compiler.Ops.Expressions.ScalarExpr;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>ONNX Asinh: y = arsinh x. Spec: https://onnx.ai/onnx/operators/onnx__Asinh.html</summary>
    internal sealed class Asinh : ElementwiseOp
    {
        public override OpSchema Schema { get; } = new OpSchema("Asinh", new[] { 9, 22 })
            .Input("input", "T").Output("output", "T").Types("T", TypeSets.Float);

        public override ScalarExpr Expression { get; } = Call(ScalarFn.Asinh, Arg(0, "input"));
    }
}

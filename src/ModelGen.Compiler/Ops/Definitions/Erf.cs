using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;
using static ModelGen.Compiler.Ops.Expressions.ScalarExpr;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>ONNX Erf: y = erf x, the error function, computed in double at run time (ErrorFunction). Spec: https://onnx.ai/onnx/operators/onnx__Erf.html</summary>
    internal sealed class Erf : ElementwiseOp
    {
        public override OpSchema Schema { get; } = new OpSchema("Erf", new[] { 9, 13 })
            .Input("input", "T").Output("output", "T").Types("T", TypeSets.Float);

        public override ScalarExpr Expression { get; } = Call(ScalarFn.Erf, Arg(0, "input"));
    }
}

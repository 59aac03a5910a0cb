using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;
using static ModelGen.Compiler.Ops.Expressions.ScalarExpr;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>ONNX Relu; NaN stays NaN. Spec: https://onnx.ai/onnx/operators/onnx__Relu.html</summary>
    internal sealed class Relu : ElementwiseOp
    {
        private static readonly ElementType[] s_types =
            { ElementType.Float, ElementType.Double, ElementType.Float16, ElementType.Int8, ElementType.Int16, ElementType.Int32, ElementType.Int64 };

        public override OpSchema Schema { get; } = new OpSchema("Relu", new[] { 1, 6, 13, 14 })
            .Input("X", "T").Output("Y", "T").Types("T", s_types).WithAttributes(ConsumedInputs);

        public override ScalarExpr Expression { get; } = Max(Arg(0, "X"), 0);
        public override string Summary => "y = max(X, 0); NaN stays NaN.";
    }
}

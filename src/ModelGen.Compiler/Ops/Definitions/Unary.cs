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

    /// <summary>ONNX Exp. Spec: https://onnx.ai/onnx/operators/onnx__Exp.html</summary>
    internal sealed class Exp : ElementwiseOp
    {
        public override OpSchema Schema { get; } = new OpSchema("Exp", new[] { 1, 6, 13 })
            .Input("input", "T").Output("output", "T").Types("T", TypeSets.Float).WithAttributes(ConsumedInputs);

        public override ScalarExpr Expression { get; } = Call(ScalarFn.Exp, Arg(0, "input"));
    }

    /// <summary>ONNX Sqrt (NaN for negative inputs). Spec: https://onnx.ai/onnx/operators/onnx__Sqrt.html</summary>
    internal sealed class Sqrt : ElementwiseOp
    {
        public override OpSchema Schema { get; } = new OpSchema("Sqrt", new[] { 1, 6, 13 })
            .Input("X", "T").Output("Y", "T").Types("T", TypeSets.Float).WithAttributes(ConsumedInputs);

        public override ScalarExpr Expression { get; } = Call(ScalarFn.Sqrt, Arg(0, "X"));
    }

    /// <summary>ONNX Not. Spec: https://onnx.ai/onnx/operators/onnx__Not.html</summary>
    internal sealed class Not : ElementwiseOp
    {
        public override OpSchema Schema { get; } = new OpSchema("Not", new[] { 1 })
            .Input("X", "T").Output("Y", "T").Types("T", TypeSets.Bool);

        public override ScalarExpr Expression { get; } = Call(ScalarFn.Not, Arg(0, "X"));
    }
}

using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;
using static ModelGen.Compiler.Ops.Expressions.ScalarExpr;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>ai.onnx.ml Binarizer: y = 1 where x &gt; threshold, else 0, in x's type. Spec: https://onnx.ai/onnx/operators/onnx_aionnxml_Binarizer.html</summary>
    internal sealed class Binarizer : ElementwiseOp
    {
        private static readonly Attr<float> Threshold = Attr.Float("threshold", 0f);

        private static readonly ElementType[] Types = { ElementType.Float, ElementType.Double, ElementType.Int64, ElementType.Int32 };

        public override OpSchema Schema { get; } = new OpSchema("Binarizer", new[] { 1 }, "ai.onnx.ml")
            .Input("X", "T").Output("Y", "T").Types("T", Types).WithAttributes(Threshold);

        public override string SpecUrl => "https://onnx.ai/onnx/operators/onnx_aionnxml_Binarizer.html";

        // Both results are literals, which take their type from a typed operand beside them: the inner Select (x or 0,
        // whose value is 0 wherever the outer one reads it) gives them X's type. NaN compares false, so it gives 0.
        public override ScalarExpr Expression { get; } =
            Select(Call(ScalarFn.Greater, Arg(0, "X"), Of(Threshold)), 1, Select(Call(ScalarFn.Greater, Arg(0, "X"), Of(Threshold)), Arg(0, "X"), 0));

        public override string Summary => "y = 1 where x > threshold, else 0, in x's type.";
    }
}

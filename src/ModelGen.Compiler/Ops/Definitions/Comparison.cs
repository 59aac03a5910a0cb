using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;
using static ModelGen.Compiler.Ops.Expressions.ScalarExpr;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>The shared schema of Greater, Less and Equal: A and B of one type, a bool C, numpy broadcasting (opset 7+; the legacy attributes before).</summary>
    internal abstract class ComparisonOp : ElementwiseOp
    {
        protected static readonly ScalarExpr A = Arg(0, "A"), B = Arg(1, "B");

        protected ComparisonOp(string opType, int[] revisions, System.Collections.Generic.IReadOnlyCollection<ElementType> types)
        {
            Schema = new OpSchema(opType, revisions)
                .Input("A", "T").Input("B", "T").Output("C", "T1")
                .Types("T", types).Types("T1", TypeSets.Bool)
                .WithAttributes(LegacyBroadcast, LegacyAxis);
        }

        public override OpSchema Schema { get; }
        protected override bool HasLegacyBroadcast => true;
    }

    /// <summary>ONNX Greater. Spec: https://onnx.ai/onnx/operators/onnx__Greater.html</summary>
    internal sealed class Greater : ComparisonOp
    {
        public Greater() : base("Greater", new[] { 1, 7, 9, 13 }, TypeSets.Numeric) { }
        public override ScalarExpr Expression { get; } = Call(ScalarFn.Greater, A, B);
    }

    /// <summary>ONNX Less. Spec: https://onnx.ai/onnx/operators/onnx__Less.html</summary>
    internal sealed class Less : ComparisonOp
    {
        public Less() : base("Less", new[] { 1, 7, 9, 13 }, TypeSets.Numeric) { }
        public override ScalarExpr Expression { get; } = Call(ScalarFn.Less, A, B);
    }

    /// <summary>ONNX Equal (bool inputs too). Spec: https://onnx.ai/onnx/operators/onnx__Equal.html</summary>
    internal sealed class Equal : ComparisonOp
    {
        public Equal() : base("Equal", new[] { 1, 7, 11, 13, 19 }, TypeSets.Any) { }
        public override ScalarExpr Expression { get; } = Call(ScalarFn.Equal, A, B);
    }

    /// <summary>ONNX Where: numpy.where(condition, X, Y) with broadcasting. Spec: https://onnx.ai/onnx/operators/onnx__Where.html</summary>
    internal sealed class Where : ElementwiseOp
    {
        public override OpSchema Schema { get; } = new OpSchema("Where", new[] { 9, 16 })
            .Input("condition", "B").Input("X", "T").Input("Y", "T").Output("output", "T")
            .Types("B", TypeSets.Bool).Types("T", TypeSets.Any);

        public override ScalarExpr Expression { get; } = Select(Arg(0, "condition"), Arg(1, "X"), Arg(2, "Y"));
    }
}

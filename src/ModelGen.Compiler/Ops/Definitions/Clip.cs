using System.Collections.Generic;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;
using static ModelGen.Compiler.Ops.Expressions.ScalarExpr;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX Clip: y = min(max(x, min), max), so min &gt; max gives max everywhere and NaN stays NaN. The bounds are
    /// attributes before revision 11 (unbounded by default) and optional scalar inputs from 11, read by the
    /// expression only when present. Spec: https://onnx.ai/onnx/operators/onnx__Clip.html
    /// </summary>
    internal sealed class Clip : ElementwiseOp
    {
        private static readonly Attr<float> MinAttribute = Attr.Float("min", float.NegativeInfinity).Until(10);
        private static readonly Attr<float> MaxAttribute = Attr.Float("max", float.PositiveInfinity).Until(10);
        private static readonly ScalarExpr X = Arg(0, "input");

        public override OpSchema Schema { get; } = new OpSchema("Clip", new[] { 1, 6, 11, 12, 13 })
            .Input("input", "T").Input("min", "T", optional: true, from: 11).Input("max", "T", optional: true, from: 11).Output("output", "T")
            .Types("T", TypeSets.Numeric).WithAttributes(MinAttribute, MaxAttribute, ConsumedInputs);

        public override ScalarExpr Expression { get; } = Call(ScalarFn.Min, Call(ScalarFn.Max, X, Of(MinAttribute)), Of(MaxAttribute));

        public override string Summary => "y = min(max(x, min), max); the bounds are attributes before revision 11, optional scalar inputs after.";

        protected override IReadOnlyList<int> OperandInputs(InferContext c)
        {
            var operands = new List<int> { 0 };
            if (c.Revision >= 11)
                for (int i = 1; i <= 2; i++)
                    if (c.HasInput(i)) operands.Add(i);
            return operands;
        }

        protected override ScalarExpr? ExpressionFor(InferContext c)
        {
            if (c.Revision < 11) return Expression;
            var y = X;
            int next = 1;
            if (c.HasInput(1)) y = Call(ScalarFn.Max, y, Arg(next++, "min"));
            if (c.HasInput(2)) y = Call(ScalarFn.Min, y, Arg(next, "max"));
            return y;
        }
    }
}

using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;
using static ModelGen.Compiler.Ops.Expressions.ScalarExpr;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX IsInf: y = (x is +∞ and detect_positive) or (x is −∞ and detect_negative), a bool tensor. The two flags
    /// pick the expression per node: |x| == ∞, x == +∞, x == −∞, or (neither) x == NaN, which is never true.
    /// Spec: https://onnx.ai/onnx/operators/onnx__IsInf.html
    /// </summary>
    internal sealed class IsInf : ElementwiseOp
    {
        private static readonly Attr<long> DetectNegative = Attr.Int("detect_negative", 1);
        private static readonly Attr<long> DetectPositive = Attr.Int("detect_positive", 1);
        private static readonly ScalarExpr X = Arg(0, "X");

        public override OpSchema Schema { get; } = new OpSchema("IsInf", new[] { 10, 20 })
            .Input("X", "T1").Output("Y", "T2").Types("T1", TypeSets.Float).Types("T2", TypeSets.Bool).WithAttributes(DetectNegative, DetectPositive);

        public override ScalarExpr Expression { get; } = Call(ScalarFn.Equal, Call(ScalarFn.Abs, X), double.PositiveInfinity);

        public override string Summary => "y = x is +∞ (detect_positive) or −∞ (detect_negative), as bools.";

        protected override ScalarExpr? ExpressionFor(InferContext c)
        {
            bool negative = c.Get(DetectNegative) != 0, positive = c.Get(DetectPositive) != 0;
            if (negative && positive) return Expression;
            double target = positive ? double.PositiveInfinity : negative ? double.NegativeInfinity : double.NaN;
            return Call(ScalarFn.Equal, X, target);
        }
    }
}

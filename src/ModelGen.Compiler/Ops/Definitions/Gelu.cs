using System;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;
using static ModelGen.Compiler.Ops.Expressions.ScalarExpr;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX Gelu: y = x·Φ(x) = ½x(1 + erf(x/√2)), or with approximate="tanh" ½x(1 + tanh(√(2/π)(x + 0.044715x³))).
    /// Spec: https://onnx.ai/onnx/operators/onnx__Gelu.html
    /// </summary>
    internal sealed class Gelu : ElementwiseOp
    {
        private static readonly Attr<string> Approximate = Attr.String("approximate", "none");
        private static readonly ScalarExpr X = Arg(0, "X");

        public override OpSchema Schema { get; } = new OpSchema("Gelu", new[] { 20 })
            .Input("X", "T").Output("Y", "T").Types("T", TypeSets.Float).WithAttributes(Approximate);

        public override ScalarExpr Expression { get; } = X * 0.5 * (Call(ScalarFn.Erf, X * (1 / Math.Sqrt(2))) + 1);

        private static readonly ScalarExpr TanhForm =
            X * 0.5 * (Call(ScalarFn.Tanh, (X + X * X * X * 0.044715) * Math.Sqrt(2 / Math.PI)) + 1);

        public override string Summary => "y = ½x(1 + erf(x/√2)), or the tanh approximation with approximate=\"tanh\".";

        protected override ScalarExpr? ExpressionFor(InferContext c) => FormNamedBy(c, Approximate, ("none", Expression), ("tanh", TanhForm));
    }
}

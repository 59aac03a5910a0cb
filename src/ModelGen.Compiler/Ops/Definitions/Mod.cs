using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;
using static ModelGen.Compiler.Ops.Expressions.ScalarExpr;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX Mod, with broadcasting. fmod=1: the remainder of truncated division, signed like the dividend (C's fmod).
    /// fmod=0 (integers only, as the spec requires): Python's %, signed like the divisor, which is the truncated
    /// remainder plus the divisor when the two signs differ. An integer remainder by zero throws at run time.
    /// Spec: https://onnx.ai/onnx/operators/onnx__Mod.html
    /// </summary>
    internal sealed class Mod : ElementwiseOp
    {
        private static readonly Attr<long> Fmod = Attr.Int("fmod", 0);
        private static readonly ScalarExpr A = Arg(0, "A"), B = Arg(1, "B");
        private static readonly ScalarExpr Remainder = Call(ScalarFn.Rem, A, B);

        public override OpSchema Schema { get; } = new OpSchema("Mod", new[] { 10, 13 })
            .Input("A", "T").Input("B", "T").Output("C", "T").Types("T", TypeSets.Numeric).WithAttributes(Fmod);

        /// <summary>fmod=0: r + b where r ≠ 0 and (r &lt; 0) ≠ (b &lt; 0), else r.</summary>
        public override ScalarExpr Expression { get; } = Select(
            Call(ScalarFn.And, Call(ScalarFn.Not, Call(ScalarFn.Equal, Remainder, 0)), Call(ScalarFn.Xor, Call(ScalarFn.Less, Remainder, 0), Call(ScalarFn.Less, B, 0))),
            Remainder + B, Remainder);

        public override string Summary => "with broadcasting; fmod=1 is C's fmod (the dividend's sign), fmod=0 on integers is Python's % (the divisor's sign); an integer remainder by zero throws at run time.";

        protected override ScalarExpr? ExpressionFor(InferContext c)
        {
            if (c.Get(Fmod) != 0) return Remainder;
            if (ElementTypes.IsFloatingPoint(c.InType(0)))
                return c.Reject<ScalarExpr>(DiagnosticIds.UnsupportedAttribute, "fmod=0 is defined for integers only; floating-point Mod needs fmod=1.");
            return Expression;
        }
    }
}

using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>The input as [outer, length, inner] around the normalised axis, and the norm's order.</summary>
    internal sealed record LpNormalizationPlan(Dim Outer, Dim Length, Dim Inner, int P) : OpPlan;

    /// <summary>
    /// ONNX LpNormalization: x divided by its L1 or L2 norm ('p', default 2) along 'axis' (default -1); a zero
    /// norm gives 0. Computed in double. Spec: https://onnx.ai/onnx/operators/onnx__LpNormalization.html
    /// </summary>
    internal sealed class LpNormalization : Op<LpNormalizationPlan>
    {
        private static readonly Attr<long> Axis = Attr.Int("axis", -1);
        private static readonly Attr<long> P = Attr.Int("p", 2);

        public override OpSchema Schema { get; } = new OpSchema("LpNormalization", new[] { 1, 22 })
            .Input("input", "T").Output("output", "T").Types("T", TypeSets.Float).WithAttributes(Axis, P);

        public override string Summary => "x over its L1 or L2 norm along 'axis'; a zero norm gives 0; computed in double.";

        protected override LpNormalizationPlan? Infer(InferContext c)
        {
            var x = c.InShape(0);
            if (!c.Axis(c.Get(Axis), x.Rank, "axis", out int axis)) return null;
            long p = c.Get(P);
            if (p != 1 && p != 2) return c.Reject<LpNormalizationPlan>(DiagnosticIds.UnsupportedAttribute, "p must be 1 or 2, not " + p + ".");
            c.SetOutput(0, x);
            return new LpNormalizationPlan(x.Product(0, axis), x[axis], x.Product(axis + 1, x.Rank), (int)p);
        }

        protected override void Lower(LowerContext c, LpNormalizationPlan p) =>
            c.Call("lpnormalization", c.InType(0)).In("x", c.In(0)).Out("y", c.Out(0))
                .Dim("outer", p.Outer).Dim("axisLength", p.Length).Dim("inner", p.Inner).Integer("p", ElementType.Int32, p.P).Emit();
    }
}

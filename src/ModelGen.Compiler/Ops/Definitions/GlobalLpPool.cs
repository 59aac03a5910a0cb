using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>Planes = batch × channels, each of size = the product of the spatial dims, and the norm's order.</summary>
    internal sealed record GlobalLpPoolPlan(Dim Planes, Dim Size, long P) : OpPlan;

    /// <summary>
    /// ONNX GlobalLpPool: each channel's Lp norm over all spatial positions ('p', default 2), X [N, C, D1..Dn] →
    /// [N, C, 1..1]; computed in double. Spec: https://onnx.ai/onnx/operators/onnx__GlobalLpPool.html
    /// </summary>
    internal sealed class GlobalLpPool : Op<GlobalLpPoolPlan>
    {
        private static readonly Attr<long> P = Attr.Int("p", 2);

        public override OpSchema Schema { get; } = new OpSchema("GlobalLpPool", new[] { 1, 2, 22 })
            .Input("X", "T").Output("Y", "T").Types("T", TypeSets.Float).WithAttributes(P);

        public override string Summary => "each channel's Lp norm over the spatial dims ('p', default 2); computed in double.";

        protected override GlobalLpPoolPlan? Infer(InferContext c)
        {
            var x = c.InShape(0);
            if (x.Rank < 2) return c.Reject<GlobalLpPoolPlan>(DiagnosticIds.ShapeMismatch, "input " + x + " needs rank 2 or more (batch, channels, spatial...).");
            long p = c.Get(P);
            if (p <= 0) return c.Reject<GlobalLpPoolPlan>(DiagnosticIds.UnsupportedAttribute, "p must be positive, not " + p + ".");
            c.SetOutput(0, new Shape(new[] { x[0], x[1] }.Concat(Enumerable.Repeat(Dim.One, x.Rank - 2))));
            return new GlobalLpPoolPlan(x[0] * x[1], x.Product(2, x.Rank), p);
        }

        protected override void Lower(LowerContext c, GlobalLpPoolPlan p) =>
            c.Call("globalpool.lp", c.InType(0)).In("x", c.In(0)).Out("y", c.Out(0)).Dim("planes", p.Planes).Dim("size", p.Size)
                .Integer("p", ElementType.Int64, p.P).Emit();
    }
}

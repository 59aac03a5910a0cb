using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    internal sealed record LpPoolPlan(SpatialPlan Spatial, float P) : OpPlan;

    /// <summary>
    /// ONNX LpPool over any spatial rank: y = (Σ |x|^p)^(1/p) over each window, padding counting as 0. p is a float
    /// in revision 1 and an int from revision 2; ceil_mode and dilations arrive in revision 18. Windows are placed as
    /// AveragePool's and MaxPool's are. Spec: https://onnx.ai/onnx/operators/onnx__LpPool.html
    /// </summary>
    internal sealed class LpPool : Op<LpPoolPlan>
    {
        // LpPool-1 declares kernel_shape optional but defines no default, so Resolve reports its absence there too.
        private static readonly Attr<long[]?> KernelShapeOld = SpatialAttributes.KernelShape.Until(1);
        private static readonly Attr<long[]?> KernelShape = SpatialAttributes.KernelShape.Required().Since(2);
        private static readonly Attr<float> PFloat = Attr.Float("p", 2f).Until(1);
        private static readonly Attr<long> P = Attr.Int("p", 2).Since(2);
        private static readonly Attr<long[]?> Dilations = SpatialAttributes.Dilations.Since(18);
        private static readonly Attr<long> CeilMode = SpatialAttributes.CeilMode.Since(18);

        public override OpSchema Schema { get; } = new OpSchema("LpPool", new[] { 1, 2, 11, 18, 22 })
            .Input("X", "T").Output("Y", "T").Types("T", TypeSets.Float)
            .WithAttributes(SpatialAttributes.AutoPad, CeilMode, Dilations, KernelShapeOld, KernelShape, PFloat, P, SpatialAttributes.Pads, SpatialAttributes.Strides);

        public override string Summary =>
            "y = (Σ |x|^p)^(1/p) per window over any spatial rank: pads or auto_pad, strides, ceil_mode and dilations (revision 18+); symbolic spatial dims. Sums in double.";

        protected override LpPoolPlan? Infer(InferContext c)
        {
            float p = c.Revision >= 2 ? c.Get(P) : c.Get(PFloat);
            if (!(p > 0) || float.IsInfinity(p)) return c.Reject<LpPoolPlan>(DiagnosticIds.UnsupportedAttribute, "p=" + p + " must be positive and finite.");
            var x = c.InShape(0);
            var spatial = SpatialAttributes.Resolve(c, x, null, allowCeil: c.Revision >= 18);
            if (spatial == null) return null;
            c.SetOutput(0, SpatialAttributes.Pooled(x, spatial));
            return new LpPoolPlan(spatial, p);
        }

        protected override void Lower(LowerContext c, LpPoolPlan p)
        {
            var x = c.InShape(0);
            c.Call("lppool", c.InType(0)).In("x", c.In(0)).Out("y", c.Out(0)).Dim("batch", x[0]).Dim("channels", x[1]).Window(p.Spatial)
                .Scalar("p", ElementType.Float, p.P).Emit();
        }
    }
}

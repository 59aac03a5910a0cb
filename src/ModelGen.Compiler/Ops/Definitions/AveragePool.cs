using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    internal sealed record AveragePoolPlan(SpatialPlan Spatial, bool CountIncludePad) : OpPlan;

    /// <summary>
    /// ONNX AveragePool over any spatial rank: pads or auto_pad, strides, ceil_mode (revision 10+), count_include_pad
    /// (7+) and dilations (19+); symbolic spatial dims give expressions. Each output divides its window's sum by the
    /// taps inside the input, or with count_include_pad by those inside the padded extent, never counting the taps a
    /// ceil_mode window has past the end padding. Spec: https://onnx.ai/onnx/operators/onnx__AveragePool.html
    /// </summary>
    internal sealed class AveragePool : Op<AveragePoolPlan>
    {
        private static readonly Attr<long[]?> KernelShape = SpatialAttributes.KernelShape.Required();
        private static readonly Attr<long> CountIncludePad = Attr.Int("count_include_pad", 0).Since(7);
        private static readonly Attr<long[]?> Dilations = SpatialAttributes.Dilations.Since(19);
        private static readonly Attr<long> CeilMode = SpatialAttributes.CeilMode.Since(10);

        public override OpSchema Schema { get; } = new OpSchema("AveragePool", new[] { 1, 7, 10, 11, 19, 22 })
            .Input("X", "T").Output("Y", "T").Types("T", TypeSets.Float)
            .WithAttributes(SpatialAttributes.AutoPad, CeilMode, CountIncludePad, Dilations, KernelShape, SpatialAttributes.Pads, SpatialAttributes.Strides);

        public override string Summary =>
            "any spatial rank: pads or auto_pad, strides, ceil_mode, count_include_pad and dilations (by revision); symbolic spatial dims. Sums in double.";

        protected override AveragePoolPlan? Infer(InferContext c)
        {
            var x = c.InShape(0);
            var spatial = SpatialAttributes.Resolve(c, x, null, allowCeil: c.Revision >= 10);
            if (spatial == null) return null;
            c.SetOutput(0, SpatialAttributes.Pooled(x, spatial));
            return new AveragePoolPlan(spatial, c.Get(CountIncludePad) != 0);
        }

        protected override void Lower(LowerContext c, AveragePoolPlan p)
        {
            var x = c.InShape(0);
            c.Call("averagepool", c.InType(0)).In("x", c.In(0)).Out("y", c.Out(0)).Dim("batch", x[0]).Dim("channels", x[1]).Window(p.Spatial)
                .Dims("padsEnd", p.Spatial.PadsEnd).Bool("countIncludePad", p.CountIncludePad).Emit();
        }
    }
}

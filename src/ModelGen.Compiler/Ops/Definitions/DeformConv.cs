using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>The window, the channel counts and the two groupings.</summary>
    internal sealed record DeformConvPlan(SpatialPlan Spatial, int InChannels, int OutChannels, int Group, int OffsetGroup) : OpPlan;

    /// <summary>
    /// ONNX DeformConv (2-D): a convolution whose kernel taps are moved by per-position offsets, each tap's input
    /// read by bilinear interpolation (zero outside X), scaled by the optional mask, plus the optional bias.
    /// offset is [N, offset_group · kH · kW · 2, oH, oW] ((dy, dx) per tap), mask [N, offset_group · kH · kW, oH, oW];
    /// input channel c uses offset group c / (C / offset_group). group, dilations, pads and strides as in Conv.
    /// Computed in double. Spec: https://onnx.ai/onnx/operators/onnx__DeformConv.html
    /// </summary>
    internal sealed class DeformConv : Op<DeformConvPlan>
    {
        private static readonly Attr<long> Group = Attr.Int("group", 1);
        private static readonly Attr<long> OffsetGroup = Attr.Int("offset_group", 1);

        public override OpSchema Schema { get; } = new OpSchema("DeformConv", new[] { 19, 22 })
            .Input("X", "T").Input("W", "T").Input("offset", "T").Input("B", "T", optional: true).Input("mask", "T", optional: true).Output("Y", "T")
            .Types("T", TypeSets.Float)
            .WithAttributes(SpatialAttributes.Dilations, Group, SpatialAttributes.KernelShape, OffsetGroup, SpatialAttributes.Pads, SpatialAttributes.Strides);

        public override string Summary => "2-D deformable convolution: bilinear taps at per-position offsets, optional mask and bias, group, offset_group, strides, dilations, pads; computed in double.";

        protected override DeformConvPlan? Infer(InferContext c)
        {
            var x = c.InShape(0);
            var w = c.InShape(1);
            if (x.Rank != 4 || w.Rank != 4 || !w.IsStatic || !x[1].IsStatic)
                return c.Reject<DeformConvPlan>(DiagnosticIds.ShapeMismatch, "X " + x + " and W " + w + " must be 2-D convolution shapes (static channels and weights).");
            long group = c.Get(Group), offsetGroup = c.Get(OffsetGroup);
            long inChannels = x[1].Value, outChannels = w[0].Value;
            if (group < 1 || outChannels % group != 0 || w[1].Value * group != inChannels)
                return c.Reject<DeformConvPlan>(DiagnosticIds.ShapeMismatch, "group=" + group + " does not fit " + inChannels + " input channels and weights " + w + ".");
            if (offsetGroup < 1 || inChannels % offsetGroup != 0)
                return c.Reject<DeformConvPlan>(DiagnosticIds.ShapeMismatch, "offset_group=" + offsetGroup + " does not divide " + inChannels + " input channels.");
            var spatial = SpatialAttributes.Resolve(c, x, w.Dims.Skip(2).Select(d => d.Value).ToArray(), allowCeil: false);
            if (spatial == null) return null;
            long taps = spatial.Kernel[0] * spatial.Kernel[1];
            if (!c.InShape(2).Equals(new Shape(new[] { x[0], Dim.Of(offsetGroup * taps * 2) }.Concat(spatial.Output))))
                return c.Reject<DeformConvPlan>(DiagnosticIds.ShapeMismatch, "offset " + c.InShape(2) + " must be [N, " + offsetGroup * taps * 2 + ", " + string.Join(", ", spatial.Output) + "].");
            if (c.HasInput(3) && !c.InShape(3).Equals(Shape.Of(outChannels)))
                return c.Reject<DeformConvPlan>(DiagnosticIds.ShapeMismatch, "B " + c.InShape(3) + " must be [" + outChannels + "].");
            if (c.HasInput(4) && !c.InShape(4).Equals(new Shape(new[] { x[0], Dim.Of(offsetGroup * taps) }.Concat(spatial.Output))))
                return c.Reject<DeformConvPlan>(DiagnosticIds.ShapeMismatch, "mask " + c.InShape(4) + " must be [N, " + offsetGroup * taps + ", " + string.Join(", ", spatial.Output) + "].");
            c.SetOutput(0, new Shape(new[] { x[0], Dim.Of(outChannels) }.Concat(spatial.Output)));
            return new DeformConvPlan(spatial, (int)inChannels, (int)outChannels, (int)group, (int)offsetGroup);
        }

        protected override void Lower(LowerContext c, DeformConvPlan p) =>
            c.Call("deform_conv", c.InType(0)).In("x", c.In(0)).In("w", c.In(1)).In("offset", c.In(2))
                .InOrNone("bias", c.Node.Input(3)).InOrNone("mask", c.Node.Input(4)).Out("y", c.Out(0))
                .Dim("batch", c.InShape(0)[0]).Dim("inChannels", p.InChannels).Dim("outChannels", p.OutChannels)
                .Dim("group", p.Group).Dim("offsetGroup", p.OffsetGroup).Window(p.Spatial).Emit();
    }
}

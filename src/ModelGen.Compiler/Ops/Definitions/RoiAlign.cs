using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>The pooled output's size and the sampling attributes.</summary>
    internal sealed record RoiAlignPlan(int OutHeight, int OutWidth, int SamplingRatio, float SpatialScale, bool HalfPixel, bool Max) : OpPlan;

    /// <summary>
    /// ONNX RoiAlign: each region of interest (x1, y1, x2, y2 scaled by spatial_scale, shifted by half a pixel in
    /// half_pixel mode, the default since revision 16) of its batch's X [N, C, H, W] pooled to
    /// [output_height, output_width] bins, each bin the average (or, in max mode, ONNX's maximum of the weighted
    /// bilinear corner terms) of sampling_ratio² bilinear samples (ceil(bin size) per axis when 0). Computed in double.
    /// Spec: https://onnx.ai/onnx/operators/onnx__RoiAlign.html
    /// </summary>
    internal sealed class RoiAlign : Op<RoiAlignPlan>
    {
        private static readonly Attr<string> CoordinateTransformationMode = Attr.String("coordinate_transformation_mode", "half_pixel").Since(16);
        private static readonly Attr<string> Mode = Attr.String("mode", "avg");
        private static readonly Attr<long> OutputHeight = Attr.Int("output_height", 1);
        private static readonly Attr<long> OutputWidth = Attr.Int("output_width", 1);
        private static readonly Attr<long> SamplingRatio = Attr.Int("sampling_ratio", 0);
        private static readonly Attr<float> SpatialScale = Attr.Float("spatial_scale", 1.0f);

        public override OpSchema Schema { get; } = new OpSchema("RoiAlign", new[] { 10, 16, 22 })
            .Input("X", "T1").Input("rois", "T1").Input("batch_indices", "T2").Output("Y", "T1")
            .Types("T1", TypeSets.Float).Types("T2", TypeSets.Int64)
            .WithAttributes(CoordinateTransformationMode, Mode, OutputHeight, OutputWidth, SamplingRatio, SpatialScale);

        public override string Summary => "bilinear region-of-interest pooling, avg or max, half_pixel or output_half_pixel coordinates, sampling_ratio, spatial_scale; computed in double.";

        protected override RoiAlignPlan? Infer(InferContext c)
        {
            var x = c.InShape(0);
            var rois = c.InShape(1);
            var indices = c.InShape(2);
            if (x.Rank != 4) return c.Reject<RoiAlignPlan>(DiagnosticIds.ShapeMismatch, "X " + x + " must be [N, C, H, W].");
            if (rois.Rank != 2 || (rois[1].IsStatic && rois[1].Value != 4)) return c.Reject<RoiAlignPlan>(DiagnosticIds.ShapeMismatch, "rois " + rois + " must be [num_rois, 4].");
            if (indices.Rank != 1) return c.Reject<RoiAlignPlan>(DiagnosticIds.ShapeMismatch, "batch_indices " + indices + " must be [num_rois].");
            string transform = c.Revision < 16 ? "output_half_pixel" : c.Get(CoordinateTransformationMode);
            if (transform != "half_pixel" && transform != "output_half_pixel")
                return c.Reject<RoiAlignPlan>(DiagnosticIds.UnsupportedAttribute, "coordinate_transformation_mode='" + transform + "' is not half_pixel or output_half_pixel.");
            string mode = c.Get(Mode);
            if (mode != "avg" && mode != "max") return c.Reject<RoiAlignPlan>(DiagnosticIds.UnsupportedAttribute, "mode='" + mode + "' is not avg or max.");
            long oh = c.Get(OutputHeight), ow = c.Get(OutputWidth), ratio = c.Get(SamplingRatio);
            if (oh < 1 || ow < 1 || oh > int.MaxValue || ow > int.MaxValue)
                return c.Reject<RoiAlignPlan>(DiagnosticIds.UnsupportedAttribute, "output_height and output_width must be positive, not " + oh + " and " + ow + ".");
            if (ratio < 0 || ratio > int.MaxValue) return c.Reject<RoiAlignPlan>(DiagnosticIds.UnsupportedAttribute, "sampling_ratio=" + ratio + " must not be negative.");
            c.SetOutput(0, new Shape(new[] { rois[0], x[1], Dim.Of(oh), Dim.Of(ow) }));
            return new RoiAlignPlan((int)oh, (int)ow, (int)ratio, c.Get(SpatialScale), transform == "half_pixel", mode == "max");
        }

        protected override void Lower(LowerContext c, RoiAlignPlan p)
        {
            var x = c.InShape(0);
            c.Call("roialign", c.InType(0)).In("x", c.In(0)).In("rois", c.In(1)).In("batchIndices", c.In(2)).Out("y", c.Out(0))
                .Dims("xShape", x.Dims).Dim("numRois", c.InShape(1)[0])
                .Integer("outHeight", ElementType.Int32, p.OutHeight).Integer("outWidth", ElementType.Int32, p.OutWidth)
                .Integer("samplingRatio", ElementType.Int32, p.SamplingRatio).Scalar("spatialScale", ElementType.Float, p.SpatialScale)
                .Bool("halfPixel", p.HalfPixel).Bool("max", p.Max).Emit();
        }
    }
}

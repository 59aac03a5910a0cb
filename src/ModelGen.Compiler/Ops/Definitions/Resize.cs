using System.Collections.Generic;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX Resize: nearest, N-linear or N-cubic interpolation of any number of axes, from 'scales' or 'sizes' (either
    /// may be absent or empty; run-time values give run-time output dims). Revision 10 takes only 'scales', maps
    /// coordinates asymmetrically and rounds nearest down when upsampling and up when downsampling (the rule Upsample
    /// had); 11 adds 'roi', 'sizes', coordinate_transformation_mode, nearest_mode, cubic_coeff_a, exclude_outside and
    /// extrapolation_value; 18 adds antialias, axes and keep_aspect_ratio_policy; 19 adds half_pixel_symmetric.
    /// Computed in double as onnx.reference's op_resize does. Spec: https://onnx.ai/onnx/operators/onnx__Resize.html
    /// </summary>
    internal sealed class Resize : Op<ResizePlan>
    {
        private static readonly Attr<string> Mode = Attr.String("mode", "nearest");
        private static readonly Attr<string> Coordinates = Attr.String("coordinate_transformation_mode", "half_pixel").Since(11);
        private static readonly Attr<float> CubicA = Attr.Float("cubic_coeff_a", -0.75f).Since(11);
        private static readonly Attr<long> ExcludeOutside = Attr.Int("exclude_outside", 0).Since(11);
        private static readonly Attr<float> Extrapolation = Attr.Float("extrapolation_value", 0f).Since(11);
        private static readonly Attr<string> NearestMode = Attr.String("nearest_mode", "round_prefer_floor").Since(11);
        private static readonly Attr<long> Antialias = Attr.Int("antialias", 0).Since(18);
        private static readonly Attr<long[]?> Axes = Attr.Ints("axes").Since(18);
        private static readonly Attr<string> AspectPolicy = Attr.String("keep_aspect_ratio_policy", "stretch").Since(18);

        private static readonly Dictionary<string, ResizeCoordinates> s_coordinates = new Dictionary<string, ResizeCoordinates>(System.StringComparer.Ordinal)
        {
            ["half_pixel"] = ResizeCoordinates.HalfPixel,
            ["half_pixel_symmetric"] = ResizeCoordinates.HalfPixelSymmetric,
            ["pytorch_half_pixel"] = ResizeCoordinates.PytorchHalfPixel,
            ["align_corners"] = ResizeCoordinates.AlignCorners,
            ["asymmetric"] = ResizeCoordinates.Asymmetric,
            ["tf_crop_and_resize"] = ResizeCoordinates.TfCropAndResize,
            ["tf_half_pixel_for_nn"] = ResizeCoordinates.TfHalfPixelForNn,
        };

        private static readonly Dictionary<string, ResizeRounding> s_rounding = new Dictionary<string, ResizeRounding>(System.StringComparer.Ordinal)
        {
            ["round_prefer_floor"] = ResizeRounding.RoundPreferFloor,
            ["round_prefer_ceil"] = ResizeRounding.RoundPreferCeil,
            ["floor"] = ResizeRounding.Floor,
            ["ceil"] = ResizeRounding.Ceil,
        };

        private static readonly Dictionary<string, ResizeAspect> s_aspect = new Dictionary<string, ResizeAspect>(System.StringComparer.Ordinal)
        {
            ["stretch"] = ResizeAspect.Stretch,
            ["not_larger"] = ResizeAspect.NotLarger,
            ["not_smaller"] = ResizeAspect.NotSmaller,
        };

        public override OpSchema Schema { get; } = new OpSchema("Resize", new[] { 10, 11, 13, 18, 19 })
            .Input("X", "T1")
            .Input("scales", "F", upTo: 10)
            .Input("roi", "T2", optional: true, from: 11).Input("scales", "F", optional: true, from: 11).Input("sizes", "I", optional: true, from: 11)
            .Output("Y", "T1")
            .Types("T1", TypeSets.Numeric).Types("T2", TypeSets.Float).Types("F", ResizeOp.ScalesType).Types("I", TypeSets.Int64)
            .WithAttributes(Antialias, Axes, Coordinates, CubicA, ExcludeOutside, Extrapolation, AspectPolicy, Mode, NearestMode);

        public override string Summary =>
            "nearest (every nearest_mode), N-linear and N-cubic (cubic_coeff_a, exclude_outside, antialias) over any axes; every coordinate_transformation_mode " +
            "including tf_crop_and_resize with roi and extrapolation_value; scales or sizes with keep_aspect_ratio_policy. Scales or sizes known only at run " +
            "time give run-time dims. Numeric types, computed in double.";

        protected override ResizePlan? Infer(InferContext c)
        {
            string modeText = c.Get(Mode);
            ResizeMode mode;
            if (modeText == "nearest") mode = ResizeMode.Nearest;
            else if (modeText == "linear") mode = ResizeMode.Linear;
            else if (modeText == "cubic" && c.Revision >= 11) mode = ResizeMode.Cubic;
            else return c.Reject<ResizePlan>(DiagnosticIds.UnsupportedAttribute, "mode='" + modeText + "' is not one of " + (c.Revision >= 11 ? "nearest, linear, cubic." : "nearest, linear (Resize-10)."));
            if (c.Revision < 11)
            {
                var legacy = new ResizeFilter(mode, ResizeCoordinates.Asymmetric, ResizeRounding.Legacy, ResizeAspect.Stretch, -0.75f, false, false, 0f);
                var scales10 = ResizeSource.FromInput(c, 1, sizes: false, "scales");
                return scales10 == null ? null : ResizeOp.Infer(c, legacy, null, null, scales10, ResizeSource.None);
            }
            if (!Parse(c, Coordinates, s_coordinates, out var coordinates) || !Parse(c, NearestMode, s_rounding, out var rounding) || !Parse(c, AspectPolicy, s_aspect, out var aspect))
                return null;
            var filter = new ResizeFilter(mode, coordinates, rounding, aspect, c.Get(CubicA), c.Get(ExcludeOutside) != 0, c.Get(Antialias) != 0, c.Get(Extrapolation));
            var scales = ResizeSource.FromInput(c, 2, sizes: false, "scales");
            var sizes = ResizeSource.FromInput(c, 3, sizes: true, "sizes");
            if (scales == null || sizes == null) return null;
            return ResizeOp.Infer(c, filter, c.Get(Axes), c.HasInput(1) ? c.In(1) : null, scales, sizes);
        }

        private static bool Parse<T>(InferContext c, Attr<string> attribute, Dictionary<string, T> values, out T value)
        {
            if (values.TryGetValue(c.Get(attribute), out value!)) return true;
            return c.Fail(DiagnosticIds.UnsupportedAttribute, attribute.Name + "='" + c.Get(attribute) + "' is not one of " + string.Join(", ", values.Keys) + ".");
        }

        protected override void Lower(LowerContext c, ResizePlan p) => ResizeOp.Lower(c, p);
    }
}

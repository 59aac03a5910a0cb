using System;
using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Writing;
using static ModelGen.Tests.Differential.CaseInputs;
using static ModelGen.Tests.Differential.CaseSet;

namespace ModelGen.Tests.Differential
{
    /// <summary>
    /// Resize, Upsample, GridSample and AffineGrid: fractional up- and down-scales, every coordinate transformation and
    /// nearest rounding mode, cubic with a non-default coefficient and exclude_outside, tf_crop_and_resize with an
    /// extrapolation value, sizes with axes and keep_aspect_ratio_policy, antialiased downscales, 5-D trilinear, and
    /// GridSample over every mode and padding mode with sample points outside [-1, 1].
    /// </summary>
    internal static class ResizeCases
    {
        public static void Add(CaseSet set)
        {
            Resize(set);
            Upsample(set);
            GridSample(set);
            AffineGrid(set);
        }

        private sealed record ResizeCase(string Variant, long[] X, DiffTensor? Roi, DiffTensor? Scales, DiffTensor? Sizes, Action<OnnxAttributeBuilder> Attributes, bool AllTypes);

        private static void Resize(CaseSet set)
        {
            var cases = new[]
            {
                new ResizeCase("nearest floor, asymmetric, scales [1,1,1.7,2.3]", D(1, 2, 5, 4), null, Floats("scales", 1, 1, 1.7, 2.3), null,
                    a => a.String("nearest_mode", "floor").String("coordinate_transformation_mode", "asymmetric"), true),
                new ResizeCase("nearest round_prefer_ceil, half_pixel, sizes [1,2,9,3]", D(1, 2, 5, 4), null, null, Int64s("sizes", 1, 2, 9, 3),
                    a => a.String("nearest_mode", "round_prefer_ceil"), false),
                new ResizeCase("nearest ceil, align_corners, scales [1,1,0.6,2]", D(2, 1, 7, 3), null, Floats("scales", 1, 1, 0.6, 2), null,
                    a => a.String("nearest_mode", "ceil").String("coordinate_transformation_mode", "align_corners"), false),
                new ResizeCase("linear half_pixel, scales [1,1,0.6,1.5]", D(1, 3, 7, 6), null, Floats("scales", 1, 1, 0.6, 1.5), null,
                    a => a.String("mode", "linear"), true),
                new ResizeCase("linear align_corners, sizes [2,3,7,9]", D(2, 3, 4, 5), null, null, Int64s("sizes", 2, 3, 7, 9),
                    a => a.String("mode", "linear").String("coordinate_transformation_mode", "align_corners"), false),
                new ResizeCase("linear pytorch_half_pixel, sizes [1,2,1,7] (a length-1 output axis)", D(1, 2, 5, 4), null, null, Int64s("sizes", 1, 2, 1, 7),
                    a => a.String("mode", "linear").String("coordinate_transformation_mode", "pytorch_half_pixel"), false),
                new ResizeCase("linear half_pixel_symmetric, scales [1,1,2.5,0.5]", D(1, 2, 4, 6), null, Floats("scales", 1, 1, 2.5, 0.5), null,
                    a => a.String("mode", "linear").String("coordinate_transformation_mode", "half_pixel_symmetric"), false),
                new ResizeCase("cubic a=-0.5, exclude_outside=1, scales [1,1,2,1.5]", D(1, 2, 5, 6), null, Floats("scales", 1, 1, 2, 1.5), null,
                    a => a.String("mode", "cubic").Float("cubic_coeff_a", -0.5f).Int("exclude_outside", 1), false),
                new ResizeCase("cubic asymmetric, sizes [1,1,3,11]", D(1, 1, 6, 5), null, null, Int64s("sizes", 1, 1, 3, 11),
                    a => a.String("mode", "cubic").String("coordinate_transformation_mode", "asymmetric"), false),
                new ResizeCase("linear tf_crop_and_resize, roi, extrapolation_value 7, sizes [1,2,6,5]", D(1, 2, 5, 4),
                    Floats("roi", 0, 0, 0.2, -0.1, 1, 1, 0.9, 1.2), null, Int64s("sizes", 1, 2, 6, 5),
                    a => a.String("mode", "linear").String("coordinate_transformation_mode", "tf_crop_and_resize").Float("extrapolation_value", 7f), false),
                new ResizeCase("nearest, sizes [6,10] on axes [2,3], keep_aspect_ratio_policy=not_larger", D(1, 2, 4, 5), null, null, Int64s("sizes", 6, 10),
                    a => a.Ints("axes", 2, 3).String("keep_aspect_ratio_policy", "not_larger"), false),
                new ResizeCase("linear, sizes [7,6] on axes [-1,-2], keep_aspect_ratio_policy=not_smaller", D(1, 2, 4, 5), null, null, Int64s("sizes", 7, 6),
                    a => a.String("mode", "linear").Ints("axes", -1, -2).String("keep_aspect_ratio_policy", "not_smaller"), false),
                new ResizeCase("linear, sizes [6,7] on axes [2,3], keep_aspect_ratio_policy=not_smaller", D(1, 2, 4, 5), null, null, Int64s("sizes", 6, 7),
                    a => a.String("mode", "linear").Ints("axes", 2, 3).String("keep_aspect_ratio_policy", "not_smaller"), false),
                new ResizeCase("linear antialias=1, scales [1,1,0.45,0.6]", D(1, 2, 11, 10), null, Floats("scales", 1, 1, 0.45, 0.6), null,
                    a => a.String("mode", "linear").Int("antialias", 1), false),
                new ResizeCase("cubic antialias=1, sizes [1,2,4,3]", D(1, 2, 9, 8), null, null, Int64s("sizes", 1, 2, 4, 3),
                    a => a.String("mode", "cubic").Int("antialias", 1), false),
                new ResizeCase("5-D linear (trilinear), scales [1,1,2,1.5,0.8]", D(1, 2, 3, 4, 5), null, Floats("scales", 1, 1, 2, 1.5, 0.8), null,
                    a => a.String("mode", "linear"), false),
                new ResizeCase("3-D nearest, scales [1,3,2.5]", D(2, 3, 4), null, Floats("scales", 1, 3, 2.5), null, a => { }, false),
            };
            foreach (var t in TypesOf("Resize"))
            {
                foreach (var c in cases.Where(c => c.AllTypes || t == ElementType.Float))
                {
                    var x = Values(set, "x", t, c.X);
                    var tensors = new[] { x, c.Roi, c.Scales, c.Sizes }.Where(v => v != null).Select(v => v!).ToArray();
                    var names = new[] { "x", c.Roi != null ? "roi" : "", c.Scales != null ? "scales" : "", c.Sizes != null ? "sizes" : "" };
                    int last = Array.FindLastIndex(names, n => n.Length > 0);
                    set.Node("resize", "Resize", t, c.Variant, tensors, new[] { t }, c.Attributes, nodeInputs: names.Take(last + 1).ToArray());
                }
            }
            set.Node("resize", "Resize", ElementType.Float, "opset 10, linear, scales [1,1,1.5,0.75] (asymmetric)",
                new[] { Values(set, "x", ElementType.Float, D(1, 2, 4, 8)), Floats("scales", 1, 1, 1.5, 0.75) }, new[] { ElementType.Float }, a => a.String("mode", "linear"), opset: 10);
            set.Node("resize", "Resize", ElementType.Float, "opset 13, nearest, run-time sizes [1,3,5,2]",
                new[] { Values(set, "x", ElementType.Float, D(1, 3, 3, 4)), RandomTensors.Of("sizes", ElementType.Int64, D(4), 1, 3, 5, 2) }, new[] { ElementType.Float },
                nodeInputs: new[] { "x", "", "", "sizes" }, opset: 13);
        }

        private static void Upsample(CaseSet set)
        {
            foreach (var t in TypesOf("Upsample"))
            {
                set.Node("resize", "Upsample", t, "opset 9, nearest, scales [1,1,2,3]", new[] { Values(set, "x", t, D(1, 2, 3, 4)), Floats("scales", 1, 1, 2, 3) }, new[] { t }, opset: 9);
                if (t == ElementType.Float || t == ElementType.Double)
                    set.Node("resize", "Upsample", t, "opset 9, linear, scales [1,1,2,1.5]", new[] { Values(set, "x", t, D(2, 1, 3, 4)), Floats("scales", 1, 1, 2, 1.5) }, new[] { t },
                        a => a.String("mode", "linear"), opset: 9);
            }
            set.Node("resize", "Upsample", ElementType.Float, "opset 7, scales attribute [1,1,3,2]", new[] { Values(set, "x", ElementType.Float, D(1, 2, 3, 4)) }, new[] { ElementType.Float },
                a => a.Floats("scales", 1, 1, 3, 2), opset: 7);
        }

        private static void GridSample(CaseSet set)
        {
            var cases = new (string Mode, string Padding, long Align)[]
            {
                ("linear", "zeros", 0), ("linear", "border", 1), ("linear", "reflection", 0),
                ("nearest", "zeros", 1), ("nearest", "reflection", 1), ("cubic", "border", 0), ("cubic", "zeros", 1), ("cubic", "reflection", 0),
            };
            foreach (var t in TypesOf("GridSample"))
            {
                foreach (var c in cases.Where((c, i) => t == ElementType.Float || i % 3 == 0))
                {
                    var inputs = new[] { set.Random.Uniform("x", t, D(2, 3, 5, 6), -3, 3), set.Random.Uniform("grid", t, D(2, 4, 7, 2), -1.3, 1.3) };
                    set.Node("resize", "GridSample", t, "x [2,3,5,6], grid [2,4,7,2] in ±1.3, mode=" + c.Mode + " padding_mode=" + c.Padding + " align_corners=" + c.Align, inputs,
                        new[] { t }, a => a.String("mode", c.Mode).String("padding_mode", c.Padding).Int("align_corners", c.Align), opset: 20);
                }
            }
            set.Node("resize", "GridSample", ElementType.Float, "opset 16, mode=bicubic padding_mode=border",
                new[] { set.Random.Uniform("x", ElementType.Float, D(1, 2, 4, 5), -3, 3), set.Random.Uniform("grid", ElementType.Float, D(1, 3, 3, 2), -1.2, 1.2) }, new[] { ElementType.Float },
                a => a.String("mode", "bicubic").String("padding_mode", "border"), opset: 16);
            set.Node("resize", "GridSample", ElementType.Float, "opset 22, 5-D x [1,2,3,4,5], grid [1,2,3,4,3], linear",
                new[] { set.Random.Uniform("x", ElementType.Float, D(1, 2, 3, 4, 5), -3, 3), set.Random.Uniform("grid", ElementType.Float, D(1, 2, 3, 4, 3), -1.1, 1.1) }, new[] { ElementType.Float },
                a => a.String("mode", "linear"), opset: 22);
        }

        private static void AffineGrid(CaseSet set)
        {
            foreach (var t in TypesOf("AffineGrid"))
            {
                foreach (long align in new long[] { 0, 1 })
                {
                    // halfViaFloat: ModelGen forms each coordinate in double and rounds once, so the float result rounded to half is the reference.
                    set.Node("resize", "AffineGrid", t, "theta [2,2,3], size [2,3,5,7], align_corners=" + align,
                        new[] { set.Random.Uniform("theta", t, D(2, 2, 3), -1.5, 1.5), Int64s("size", 2, 3, 5, 7) }, new[] { t }, a => a.Int("align_corners", align), opset: 20, halfViaFloat: true);
                    if (t != ElementType.Float && align == 0) continue;
                    set.Node("resize", "AffineGrid", t, "3-D: theta [1,3,4], size [1,1,3,4,5], align_corners=" + align,
                        new[] { set.Random.Uniform("theta", t, D(1, 3, 4), -1.5, 1.5), Int64s("size", 1, 1, 3, 4, 5) }, new[] { t }, a => a.Int("align_corners", align), opset: 20, halfViaFloat: true);
                }
            }
        }
    }
}

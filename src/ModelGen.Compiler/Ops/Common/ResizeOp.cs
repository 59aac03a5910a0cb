using System;
using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;

namespace ModelGen.Compiler.Ops.Common
{
    // The codes the "resize" kernels take (ModelGen.Runtime.Kernels.Resize documents the same values).
    internal enum ResizeMode { Nearest = 0, Linear = 1, Cubic = 2 }

    internal enum ResizeCoordinates { HalfPixel = 0, HalfPixelSymmetric = 1, PytorchHalfPixel = 2, AlignCorners = 3, Asymmetric = 4, TfCropAndResize = 5, TfHalfPixelForNn = 6 }

    /// <summary>How nearest mode rounds x_original; <see cref="Legacy"/> is Upsample's and Resize-10's rule (floor upsampling, ceil downsampling).</summary>
    internal enum ResizeRounding { RoundPreferFloor = 0, RoundPreferCeil = 1, Floor = 2, Ceil = 3, Legacy = 4 }

    internal enum ResizeAspect { Stretch = 0, NotLarger = 1, NotSmaller = 2 }

    /// <summary>The attributes that shape the filter, as one value.</summary>
    internal sealed record ResizeFilter(ResizeMode Mode, ResizeCoordinates Coordinates, ResizeRounding Rounding, ResizeAspect Aspect,
        float CubicA, bool ExcludeOutside, bool Antialias, float Extrapolation);

    /// <summary>
    /// A Resize (or Upsample): the output dims (static, symbolic, or run-time symbols on the axes the scales or sizes
    /// decide only when the model runs, listed in <see cref="RuntimeAxes"/>), the axes those inputs refer to, and the
    /// tensors the kernel reads them from. Upsample-7's attribute scales travel as float bit patterns in <see cref="ScaleBits"/>.
    /// </summary>
    internal sealed record ResizePlan(Shape Output, ValueList<long> Axes, ValueList<long> RuntimeAxes, Value? Roi, Value? Scales, Value? Sizes,
        ValueList<long> ScaleBits, ResizeFilter Filter) : OpPlan;

    /// <summary>Where a Resize's scales or sizes come from: a tensor (its values known at build time or not), or Upsample-7's attribute.</summary>
    internal sealed class ResizeSource
    {
        private ResizeSource(Value? tensor, int count, double[]? scales, IReadOnlyList<Dim>? sizes)
        {
            Tensor = tensor;
            Count = count;
            Scales = scales;
            Sizes = sizes;
        }

        public static readonly ResizeSource None = new ResizeSource(null, 0, null, null);

        public Value? Tensor { get; }
        /// <summary>How many values it holds (0: absent or empty).</summary>
        public int Count { get; }
        /// <summary>Scales known at build time, else null.</summary>
        public double[]? Scales { get; }
        /// <summary>Sizes known at build time (dims, possibly symbolic), else null.</summary>
        public IReadOnlyList<Dim>? Sizes { get; }

        public static ResizeSource FromAttribute(float[] scales) => new ResizeSource(null, scales.Length, scales.Select(s => (double)s).ToArray(), null);

        /// <summary>Input <paramref name="input"/> as scales or sizes; null after a reported problem (its length must be a build-time number).</summary>
        public static ResizeSource? FromInput(InferContext c, int input, bool sizes, string name)
        {
            if (!c.HasInput(input)) return None;
            var shape = c.InShape(input);
            if (shape.Rank != 1) return c.Reject<ResizeSource>(DiagnosticIds.ShapeMismatch, "'" + name + "' must be 1-D, not " + shape + ".");
            if (!c.Static(shape[0], "the length of '" + name + "'")) return null;
            int count = (int)shape[0].Value;
            if (count == 0) return None;
            return sizes
                ? new ResizeSource(c.In(input), count, null, c.InDims(input))
                : new ResizeSource(c.In(input), count, c.InData(input)?.AsDouble(), null);
        }
    }

    /// <summary>
    /// What Resize and Upsample share. Output lengths follow onnx.reference: a scale s gives floor(s × length) in
    /// double; a size gives itself, or with keep_aspect_ratio_policy every listed axis takes the smallest (not_larger)
    /// or largest (not_smaller) size / length ratio and length × ratio rounded half up. A length the build cannot know
    /// (scales or sizes computed at run time, or a fractional scale of a symbolic dim) becomes a run-time dim that a
    /// "resize.dims" call sets from the same tensors before "resize" runs.
    /// </summary>
    internal static class ResizeOp
    {
        /// <summary>The runtime's stack budget of filter taps (ModelGen.Runtime.Kernels.Resize.MaxTaps, which a test keeps equal).</summary>
        internal const int MaxTaps = 1024;

        public static readonly IReadOnlyCollection<ElementType> ScalesType = new[] { ElementType.Float };

        public static ResizePlan? Infer(InferContext c, ResizeFilter filter, long[]? axesAttribute, Value? roi, ResizeSource scales, ResizeSource sizes, float[]? attributeScales = null)
        {
            var x = c.InShape(0);
            int rank = x.Rank;
            var axes = new List<int>();
            if (axesAttribute == null) axes.AddRange(Enumerable.Range(0, rank));
            else
                foreach (var a in axesAttribute)
                {
                    if (!c.Axis(a, rank, "axes", out int axis)) return null;
                    if (axes.Contains(axis)) return c.Reject<ResizePlan>(DiagnosticIds.UnsupportedAttribute, "axes repeats axis " + axis + ".");
                    axes.Add(axis);
                }
            if (scales.Count > 0 && sizes.Count > 0) return c.Reject<ResizePlan>(DiagnosticIds.UnsupportedAttribute, "'scales' and 'sizes' are both given; ONNX allows only one.");
            if (scales.Count == 0 && sizes.Count == 0) return c.Reject<ResizePlan>(DiagnosticIds.UnsupportedAttribute, "neither 'scales' nor 'sizes' is given (or both are empty).");
            var source = scales.Count > 0 ? scales : sizes;
            if (source.Count != axes.Count)
                return c.Reject<ResizePlan>(DiagnosticIds.ShapeMismatch, "'" + (scales.Count > 0 ? "scales" : "sizes") + "' has " + source.Count + " values for " + axes.Count + " axes.");
            bool crop = filter.Coordinates == ResizeCoordinates.TfCropAndResize;
            if (crop && roi != null && !CheckRoi(c, roi, axes.Count)) return null;

            var lengths = scales.Count > 0 ? Scaled(c, x, axes, scales) : Sized(c, x, axes, sizes, filter.Aspect);
            if (lengths == null) return null;
            if (!CheckTaps(c, x, axes, scales, lengths, filter)) return null;
            var output = new Dim[rank];
            var runtime = new List<long>();
            for (int d = 0; d < rank; d++)
            {
                if (lengths[d] != null) output[d] = lengths[d]!;
                else
                {
                    output[d] = c.RuntimeDim(d, null);
                    runtime.Add(d);
                }
            }
            var shape = new Shape(output);
            c.SetOutput(0, shape);
            var bits = attributeScales?.Select(s => (long)BitConverter.ToInt32(BitConverter.GetBytes(s), 0)).ToValueList() ?? new long[0].ToValueList();
            return new ResizePlan(shape, axes.Select(a => (long)a).ToValueList(), runtime.ToValueList(), crop ? roi : null, scales.Tensor, sizes.Tensor, bits, filter);
        }

        private static bool CheckRoi(InferContext c, Value roi, int axes)
        {
            var shape = roi.Shape!;
            if (shape.Rank != 1) return c.Fail(DiagnosticIds.ShapeMismatch, "'roi' must be 1-D, not " + shape + ".");
            if (shape[0].IsStatic && shape[0].Value != 0 && shape[0].Value != 2 * axes)
                return c.Fail(DiagnosticIds.ShapeMismatch, "'roi' has " + shape[0].Value + " values; it needs a start and an end for each of the " + axes + " axes.");
            return true;
        }

        /// <summary>Output lengths from scales; null entries are run-time dims.</summary>
        private static Dim?[]? Scaled(InferContext c, Shape x, List<int> axes, ResizeSource scales)
        {
            var lengths = x.Dims.Select(d => (Dim?)d).ToArray();
            for (int i = 0; i < axes.Count; i++)
            {
                int d = axes[i];
                if (scales.Scales == null)
                {
                    lengths[d] = null;
                    continue;
                }
                double s = scales.Scales[i];
                if (!(s > 0) || double.IsInfinity(s)) return c.Reject<Dim?[]>(DiagnosticIds.UnsupportedAttribute, "scale " + s + " (axis " + d + ") is not a positive number.");
                var n = x[d];
                if (n.IsStatic)
                {
                    double o = Math.Floor(s * n.Value);
                    if (o > int.MaxValue) return c.Reject<Dim?[]>(DiagnosticIds.TensorTooLarge, "scale " + s + " makes axis " + d + " longer than " + int.MaxValue + ".");
                    lengths[d] = Dim.Of((long)o);
                }
                // A whole scale of a symbolic length is exact; a fractional one is left to run time.
                else lengths[d] = s == Math.Floor(s) && s <= int.MaxValue ? n * (long)s : null;
            }
            return lengths;
        }

        /// <summary>Output lengths from sizes; null entries are run-time dims.</summary>
        private static Dim?[]? Sized(InferContext c, Shape x, List<int> axes, ResizeSource sizes, ResizeAspect aspect)
        {
            var lengths = x.Dims.Select(d => (Dim?)d).ToArray();
            var known = sizes.Sizes;
            if (known != null)
                foreach (var n in known)
                    if (n.IsStatic && (n.Value < 0 || n.Value > int.MaxValue)) return c.Reject<Dim?[]>(DiagnosticIds.UnsupportedAttribute, "size " + n + " is out of range.");
            if (aspect == ResizeAspect.Stretch)
            {
                for (int i = 0; i < axes.Count; i++) lengths[axes[i]] = known?[i];
                return lengths;
            }
            // Keeping the aspect ratio needs every size and length as numbers.
            if (known == null || known.Any(n => !n.IsStatic) || axes.Any(d => !x[d].IsStatic || x[d].Value == 0))
            {
                foreach (var d in axes) lengths[d] = null;
                return lengths;
            }
            var ratios = axes.Select((d, i) => (double)known[i].Value / x[d].Value).ToList();
            double kept = aspect == ResizeAspect.NotLarger ? ratios.Min() : ratios.Max();
            foreach (var d in axes) lengths[d] = Dim.Of((long)(kept * x[d].Value + 0.5));
            return lengths;
        }

        /// <summary>
        /// Antialiasing a large downscale widens the filter: reject at build time what the runtime's stack budget cannot
        /// hold (any one axis, or all axes but the innermost together, over <see cref="MaxTaps"/> taps).
        /// </summary>
        private static bool CheckTaps(InferContext c, Shape x, List<int> axes, ResizeSource scales, Dim?[] lengths, ResizeFilter f)
        {
            if (!f.Antialias || f.Mode == ResizeMode.Nearest) return true;
            long outer = 0, widest = 0;
            for (int i = 0; i < axes.Count; i++)
            {
                int d = axes[i];
                double? scale = scales.Scales != null ? scales.Scales[i] :
                    lengths[d] is Dim n && n.IsStatic && x[d].IsStatic && x[d].Value > 0 ? (double)n.Value / x[d].Value : (double?)null;
                if (scale == null || (scale == 1 && lengths[d] != null && lengths[d]!.Equals(x[d]))) continue;
                double s = Math.Min(scale.Value, 1);
                long taps = (long)Math.Min(2 - 2 * (Math.Floor((f.Mode == ResizeMode.Linear ? -1 : -2) / s) + 1), MaxTaps + 1);
                widest = Math.Max(widest, taps);
                if (d < x.Rank - 1) outer += taps;
            }
            return Math.Max(widest, outer) <= MaxTaps || c.Fail(DiagnosticIds.UnsupportedAttribute,
                "antialiasing this downscale needs " + Math.Max(widest, outer) + " filter taps; ModelGen's Resize kernel holds at most " + MaxTaps +
                " for any one axis and for all axes but the innermost together.");
        }

        public static void Lower(LowerContext c, ResizePlan p)
        {
            var scales = p.Scales;
            if (p.ScaleBits.Count > 0)
            {
                scales = c.Temporary("scales", ElementType.Float, Shape.Of(p.ScaleBits.Count));
                c.Call("resize.scales").Ints("bits", p.ScaleBits).Out("scales", scales).Emit();
            }
            if (p.RuntimeAxes.Count > 0)
                c.Call("resize.dims").InOrNone("scales", scales).InOrNone("sizes", p.Sizes).Dims("inputDims", c.InShape(0).Dims).Ints("axes", p.Axes)
                    .Integer("policy", ElementType.Int32, (long)p.Filter.Aspect).Ints("which", p.RuntimeAxes)
                    .Symbols("dims", p.RuntimeAxes.Select(a => p.Output[(int)a].SymbolName!)).Emit();
            var f = p.Filter;
            c.Call("resize", c.InType(0), p.Roi?.Type ?? ElementType.Float).In("x", c.In(0)).Out("y", c.Out(0))
                .Dims("inShape", c.InShape(0).Dims).Dims("outShape", p.Output.Dims)
                .InOrNone("roi", p.Roi).InOrNone("scales", scales).InOrNone("sizes", p.Sizes).Ints("axes", p.Axes)
                .Integer("policy", ElementType.Int32, (long)f.Aspect).Integer("mode", ElementType.Int32, (long)f.Mode)
                .Integer("coordinate", ElementType.Int32, (long)f.Coordinates).Integer("nearestMode", ElementType.Int32, (long)f.Rounding)
                .Scalar("cubicA", ElementType.Float, f.CubicA).Bool("excludeOutside", f.ExcludeOutside).Bool("antialias", f.Antialias)
                .Scalar("extrapolation", ElementType.Float, f.Extrapolation).Emit();
        }
    }
}

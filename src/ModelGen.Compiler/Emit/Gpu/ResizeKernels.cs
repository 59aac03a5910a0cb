using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Common;
using static ModelGen.Compiler.Emit.Gpu.GpuOperands;

namespace ModelGen.Compiler.Emit.Gpu
{
    /// <summary>
    /// Resize (and Upsample) in nearest and linear mode as generated kernels, when the scales or sizes are known at
    /// build time: each resized axis's output coordinate becomes x_original and its source index (nearest) or two
    /// indices and weights (linear) by the arithmetic of ModelGen.Runtime's Resize (Original, Place, RoundsUp,
    /// Geometry), in double and in the same order, with the scale and lengths as literals; linear mode sums the 2^k
    /// corners of the k resized axes in double, as the CPU accumulates. Nearest mode copies elements (float, int32,
    /// int64); linear mode is float only (the CPU rounds integers half to even). Cubic, antialiasing, exclude_outside,
    /// tf_crop_and_resize and run-time scales return false and run on the CPU. A "resize.scales" call (Upsample-7's
    /// attribute scales) is rendered too, as a kernel writing the constants, so a Resize that falls back finds them.
    /// </summary>
    internal sealed class ResizeKernels
    {
        private const int MaxCorners = 16;

        private readonly DeviceValues _values;
        private readonly GeneratedKernelSet _set;
        private readonly Dictionary<Value, float[]> _attributeScales = new Dictionary<Value, float[]>();

        public ResizeKernels(DeviceValues values, GeneratedKernelSet set)
        {
            _values = values;
            _set = set;
        }

        /// <summary>Adds the launch for a resize call, or returns false when it has no GPU form here.</summary>
        public bool TryRender(KernelCall call, List<string> lines)
        {
            if (call.Kernel == "resize.scales") return Scales(call, lines);
            return call.Kernel == "resize" && Resize(call, lines);
        }

        private bool Scales(KernelCall call, List<string> lines)
        {
            var bits = call.Operand<DimsOperand>("bits").Values.Select(d => (int)d.Value).ToArray();
            var floats = bits.Select(b => BitConverter.ToSingle(BitConverter.GetBytes(b), 0)).ToArray();
            var y = call.Operand<BufferOperand>("scales").Value;
            _attributeScales[_values.Root(y)] = floats;
            string value = Literals.Float(floats[floats.Length - 1]);
            for (int i = floats.Length - 2; i >= 0; i--) value = "i == " + I(i) + "L ? " + Literals.Float(floats[i]) + " : " + value;
            var body = new List<string> { "y[i] = " + value + ";" };
            string field = _set.Add("MovementKernel", "Upsample's attribute scales, written where a Resize reads them.", new List<(string, string)> { ("float", "y") },
                GeneratedKernelSet.GridStride(floats.Length, body));
            lines.Add(field + "(_stream, _kernels.GridStride(" + I(floats.Length) + "), " + _values.View(y) + ");");
            return true;
        }

        private bool Resize(KernelCall call, List<string> lines)
        {
            var x = call.Operand<BufferOperand>("x").Value;
            var y = call.Operand<BufferOperand>("y").Value;
            var mode = (ResizeMode)call.Operand<ScalarOperand>("mode").Int;
            var coordinates = (ResizeCoordinates)call.Operand<ScalarOperand>("coordinate").Int;
            bool movable = x.Type == ElementType.Float || (mode == ResizeMode.Nearest && (x.Type == ElementType.Int32 || x.Type == ElementType.Int64));
            if (!movable || (mode != ResizeMode.Nearest && mode != ResizeMode.Linear) || coordinates == ResizeCoordinates.TfCropAndResize) return false;
            if (Flag(call, "excludeOutside") || (mode == ResizeMode.Linear && Flag(call, "antialias"))) return false;
            var inShape = Static(call, "inShape");
            var outShape = Static(call, "outShape");
            var scale = Geometry(call, inShape);
            if (scale == null || inShape.Any(n => n == 0)) return false;
            var rounding = (ResizeRounding)call.Operand<ScalarOperand>("nearestMode").Int;

            var strides = RowMajor(inShape);
            var body = GeneratedKernelSet.Coordinates(outShape);
            var resized = new List<int>();
            var fixedTerms = new List<string>();
            for (int d = 0; d < inShape.Length; d++)
            {
                bool same = IsClose(scale[d], 1) && outShape[d] == inShape[d];
                string c = GeneratedKernelSet.Coordinate(outShape, d);
                if (same)
                {
                    if (inShape[d] != 1) fixedTerms.Add(c + " * " + Literals.Int(strides[d]) + "L");
                    continue;
                }
                resized.Add(d);
                Axis(body, d, c, scale[d], inShape[d], outShape[d], mode, coordinates, rounding);
            }
            string origin = fixedTerms.Count == 0 ? "0L" : string.Join(" + ", fixedTerms);
            if (mode == ResizeMode.Nearest || resized.Count == 0)
            {
                body.Add("y[i] = x[" + origin + string.Concat(resized.Select(d => " + n" + I(d) + " * " + Literals.Int(strides[d]) + "L")) + "];");
            }
            else
            {
                if (1 << resized.Count > MaxCorners) return false;
                body.Add("long origin = " + origin + ";");
                var corners = new List<string>();
                for (int k = 0; k < 1 << resized.Count; k++)
                {
                    var picks = resized.Select((d, j) => ((k >> j) & 1) == 0 ? (Index: "a" + I(d), Weight: "w" + I(d) + "a") : (Index: "b" + I(d), Weight: "w" + I(d) + "b")).ToList();
                    corners.Add(string.Join(" * ", picks.Select(p => p.Weight)) + " * x[origin" +
                                string.Concat(picks.Zip(resized, (p, d) => " + " + p.Index + " * " + Literals.Int(strides[d]) + "L")) + "]");
                }
                body.Add("y[i] = (float)(" + string.Join(" + ", corners) + ");");
            }
            long count = outShape.Aggregate(1L, (a, b) => a * b);
            if (count == 0) return true;
            string t = DeviceValues.DeviceType(x);
            string field = _set.Add("MovementKernel", "A generated index-mapping kernel: Resize, " + (mode == ResizeMode.Nearest ? "nearest" : "linear") + " (grid-stride, explicitly grouped, shapes as constants).",
                new List<(string, string)> { (t, "x"), (t, "y") }, GeneratedKernelSet.GridStride(count, body));
            lines.Add(field + "(_stream, _kernels.GridStride(" + Literals.Int(count) + "), " + _values.View(x) + ", " + _values.View(y) + ");");
            return true;
        }

        /// <summary>
        /// One resized axis: x_original (ModelGen.Runtime's Resize.Original), then the two indices nearest it, ties to
        /// the smaller, as the runtime finds them on an edge-padded axis (Place, n = 2), clamped into the axis; nearest
        /// keeps one (RoundsUp), linear both with weights 1 − ratio and ratio.
        /// </summary>
        private static void Axis(List<string> body, int d, string c, double s, long inLength, long outLength, ResizeMode mode, ResizeCoordinates coordinates, ResizeRounding rounding)
        {
            string v = I(d);
            string y = "(double)" + c;
            string S = Literals.Double(s);
            double fractionalOut = s * inLength; // the runtime's outLength: fractional when a scale gave it
            string original;
            switch (coordinates)
            {
                case ResizeCoordinates.HalfPixel: original = "(" + y + " + 0.5) / " + S + " - 0.5"; break;
                case ResizeCoordinates.HalfPixelSymmetric:
                    double offset = inLength / 2.0 * (1 - outLength / fractionalOut);
                    original = Literals.Double(offset) + " + (" + y + " + 0.5) / " + S + " - 0.5";
                    break;
                case ResizeCoordinates.PytorchHalfPixel: original = fractionalOut == 1 ? "-0.5" : "(" + y + " + 0.5) / " + S + " - 0.5"; break;
                case ResizeCoordinates.AlignCorners: original = fractionalOut == 1 ? "0.0" : y + " * " + Literals.Double(inLength - 1) + " / " + Literals.Double(fractionalOut - 1); break;
                case ResizeCoordinates.Asymmetric: original = y + " / " + S; break;
                case ResizeCoordinates.TfHalfPixelForNn: original = "(" + y + " + 0.5) / " + S; break;
                default: throw new InvalidOperationException("No GPU form of coordinate mode " + coordinates + " (Resize checks it first).");
            }
            string xo = "xo" + v, whole = "whole" + v, ratio = "ratio" + v, padded = "padded" + v, p = "p" + v, start = "start" + v;
            body.Add("double " + xo + " = " + original + ";");
            body.Add("double " + whole + " = global::ILGPU.Algorithms.XMath.Floor(" + xo + ");");
            body.Add("double " + ratio + " = " + xo + " == " + whole + " ? 1.0 : " + xo + " - " + whole + ";");
            body.Add("double " + padded + " = " + xo + " + 1.0;");
            body.Add("double " + p + " = global::ILGPU.Algorithms.XMath.Floor(" + padded + ");");
            body.Add("long " + start + " = (long)" + p + " + (" + padded + " - " + p + " == 0.0 ? -1L : 0L) - 1L;");
            string last = Literals.Int(inLength - 1) + "L";
            string Clamp(string e) => "global::System.Math.Min(global::System.Math.Max(" + e + ", 0L), " + last + ")";
            if (mode == ResizeMode.Nearest)
            {
                body.Add("long n" + v + " = " + Clamp(start + " + (" + RoundsUp(ratio, s, rounding) + " ? 1L : 0L)") + ";");
                return;
            }
            body.Add("long a" + v + " = " + Clamp(start) + ", b" + v + " = " + Clamp(start + " + 1L") + ";");
            body.Add("double w" + v + "a = 1.0 - " + ratio + ", w" + v + "b = " + ratio + ";");
        }

        /// <summary>The runtime's RoundsUp: whether nearest takes the index after floor(x_original).</summary>
        private static string RoundsUp(string ratio, double scale, ResizeRounding rounding)
        {
            string always = ratio + " == 1.0";
            switch (rounding)
            {
                case ResizeRounding.RoundPreferFloor: return "(" + always + " || " + ratio + " > 0.5)";
                case ResizeRounding.RoundPreferCeil: return "(" + always + " || " + ratio + " >= 0.5)";
                case ResizeRounding.Floor: return "(" + always + ")";
                case ResizeRounding.Ceil: return "true";
                default: return scale < 1 ? "true" : "(" + always + ")";
            }
        }

        /// <summary>
        /// The per-axis scales, as the runtime's Geometry gives them, from build-time scales (a constant tensor or
        /// Upsample's attribute) or sizes (with keep_aspect_ratio_policy); null when they are known only at run time.
        /// </summary>
        private double[]? Geometry(KernelCall call, long[] inShape)
        {
            var axes = Static(call, "axes");
            var scale = Enumerable.Repeat(1.0, inShape.Length).ToArray();
            var scales = call.Operands.FirstOrDefault(o => o.Name == "scales") as BufferOperand;
            var sizes = call.Operands.FirstOrDefault(o => o.Name == "sizes") as BufferOperand;
            if ((scales == null) == (sizes == null)) return null;
            if (scales != null)
            {
                float[]? values = _attributeScales.TryGetValue(_values.Root(scales.Value), out var fromBits) ? fromBits
                    : scales.Value.Data?.AsDouble().Select(v => (float)v).ToArray();
                if (values == null || values.Length != axes.Length) return null;
                for (int i = 0; i < axes.Length; i++) scale[axes[i]] = values[i];
                return scale;
            }
            var lengths = sizes!.Value.Data?.AsInt64();
            if (lengths == null || lengths.Length != axes.Length) return null;
            for (int i = 0; i < axes.Length; i++) scale[axes[i]] = inShape[axes[i]] == 0 ? 1 : (double)lengths[i] / inShape[axes[i]];
            var policy = (ResizeAspect)call.Operand<ScalarOperand>("policy").Int;
            if (policy == ResizeAspect.Stretch || axes.Length == 0) return scale;
            double kept = scale[axes[0]];
            for (int i = 1; i < axes.Length; i++) kept = policy == ResizeAspect.NotLarger ? Math.Min(kept, scale[axes[i]]) : Math.Max(kept, scale[axes[i]]);
            foreach (long a in axes) scale[a] = kept;
            return scale;
        }

        /// <summary>Python's math.isclose with its defaults, as the runtime tests an unchanged axis.</summary>
        private static bool IsClose(double a, double b) => a == b || Math.Abs(a - b) <= 1e-9 * Math.Max(Math.Abs(a), Math.Abs(b));

        private static string I(long i) => i.ToString(CultureInfo.InvariantCulture);
    }
}

using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Ops.Common
{
    /// <summary>Kernel, strides, dilations and begin-pads of a Conv or pool, with auto_pad resolved, and the output spatial dims.</summary>
    internal sealed class SpatialPlan
    {
        public int[] Input = new int[0];
        public int[] Kernel = new int[0];
        public int[] Strides = new int[0];
        public int[] Dilations = new int[0];
        public int[] PadsBegin = new int[0];
        public int[] Output = new int[0];
    }

    /// <summary>
    /// Reads the attributes Conv and the pools share (auto_pad, kernel_shape, strides, dilations, pads,
    /// ceil_mode) and computes output sizes as the ONNX spec defines them.
    /// </summary>
    internal static class SpatialAttributes
    {
        public static SpatialPlan? Resolve(InferContext c, Shape x, IReadOnlyList<long>? kernelFromWeights, bool allowCeil)
        {
            int spatial = x.Rank - 2;
            if (spatial < 1) { c.Fail(DiagnosticIds.ShapeMismatch, "input " + x + " needs rank 3 or more (batch, channels, spatial...)."); return null; }
            for (int i = 2; i < x.Rank; i++)
                if (!x[i].IsStatic) { c.Fail(DiagnosticIds.DynamicShape, "spatial dim " + i + " of " + x + " is symbolic; pin it with Dims metadata."); return null; }
            var kernel = c.Attr.Ints("kernel_shape") ?? kernelFromWeights?.ToArray();
            if (kernel == null || kernel.Length != spatial) { c.Fail(DiagnosticIds.UnsupportedAttribute, "kernel_shape must have " + spatial + " values."); return null; }
            var strides = c.Attr.Ints("strides") ?? Enumerable.Repeat(1L, spatial).ToArray();
            var dilations = c.Attr.Ints("dilations") ?? Enumerable.Repeat(1L, spatial).ToArray();
            var pads = c.Attr.Ints("pads") ?? new long[spatial * 2];
            string autoPad = c.Attr.String("auto_pad", "NOTSET");
            bool ceil = allowCeil && c.Attr.Int("ceil_mode", 0) != 0;
            if (strides.Length != spatial || dilations.Length != spatial || pads.Length != spatial * 2)
            {
                c.Fail(DiagnosticIds.UnsupportedAttribute, "strides, dilations and pads must have " + spatial + ", " + spatial + " and " + 2 * spatial + " values.");
                return null;
            }
            if (kernel.Any(k => k < 1) || strides.Any(s => s < 1) || dilations.Any(d => d < 1) || pads.Any(p => p < 0))
            {
                c.Fail(DiagnosticIds.UnsupportedAttribute, "kernel_shape, strides and dilations must be positive and pads non-negative.");
                return null;
            }
            if (autoPad != "NOTSET" && autoPad != "VALID" && autoPad != "SAME_UPPER" && autoPad != "SAME_LOWER")
            {
                c.Fail(DiagnosticIds.UnsupportedAttribute, "auto_pad='" + autoPad + "' is not one of NOTSET, VALID, SAME_UPPER, SAME_LOWER.");
                return null;
            }
            var plan = new SpatialPlan
            {
                Input = Enumerable.Range(2, spatial).Select(i => (int)x[i].Value).ToArray(),
                Kernel = kernel.Select(k => (int)k).ToArray(),
                Strides = strides.Select(s => (int)s).ToArray(),
                Dilations = dilations.Select(d => (int)d).ToArray(),
                PadsBegin = new int[spatial],
                Output = new int[spatial],
            };
            for (int i = 0; i < spatial; i++)
            {
                long input = plan.Input[i], effective = (kernel[i] - 1) * dilations[i] + 1, s = strides[i];
                long outSize;
                if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER")
                {
                    outSize = (input + s - 1) / s;
                    long total = System.Math.Max(0, (outSize - 1) * s + effective - input);
                    plan.PadsBegin[i] = (int)(autoPad == "SAME_UPPER" ? total / 2 : total - total / 2);
                }
                else if (autoPad == "VALID")
                {
                    outSize = input < effective ? 0 : (input - effective) / s + 1;
                }
                else
                {
                    long span = input + pads[i] + pads[i + spatial] - effective;
                    outSize = span < 0 ? 0 : (ceil ? (span + s - 1) / s : span / s) + 1;
                    // With ceil_mode the last window must still start inside the input or its begin padding.
                    if (ceil && outSize > 0 && (outSize - 1) * s >= input + pads[i]) outSize--;
                    plan.PadsBegin[i] = (int)pads[i];
                }
                if (outSize < 1)
                {
                    c.Fail(DiagnosticIds.ShapeMismatch, "the window (kernel " + kernel[i] + ", dilation " + dilations[i] + ") does not fit spatial dim " + input + " with these pads.");
                    return null;
                }
                plan.Output[i] = (int)outSize;
            }
            return plan;
        }
    }
}

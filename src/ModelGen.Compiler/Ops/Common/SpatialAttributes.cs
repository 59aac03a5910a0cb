using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Common
{
    /// <summary>
    /// A Conv's or pool's window over the spatial axes: kernel, strides and dilations as numbers; input, pads and
    /// output as dims (symbolic H and W stay expressions). The end pads matter only to pools that count padding
    /// (AveragePool with count_include_pad): the windows themselves are placed by the begin pads.
    /// </summary>
    internal sealed record SpatialPlan(ValueList<Dim> Input, ValueList<long> Kernel, ValueList<long> Strides, ValueList<long> Dilations, ValueList<Dim> PadsBegin, ValueList<Dim> Output, ValueList<Dim> PadsEnd);

    /// <summary>
    /// The attributes Conv and the pools share (auto_pad, kernel_shape, strides, dilations, pads, ceil_mode)
    /// and the output sizes the ONNX spec defines, as dim expressions of the input's spatial dims:
    /// explicit pads ⌊(in + pads − eff)/s⌋ + 1 (ceil_mode: ⌈·⌉, the last window starting inside the input or its
    /// begin pad), SAME_* ⌈in/s⌉ with the padding split as the spec says, VALID ⌊(in − eff)/s⌋ + 1.
    /// </summary>
    internal static class SpatialAttributes
    {
        public static readonly Attr<string> AutoPad = Attr.String("auto_pad", "NOTSET");
        public static readonly Attr<long[]?> KernelShape = Attr.Ints("kernel_shape");
        public static readonly Attr<long[]?> Strides = Attr.Ints("strides");
        public static readonly Attr<long[]?> Dilations = Attr.Ints("dilations");
        public static readonly Attr<long[]?> Pads = Attr.Ints("pads");
        public static readonly Attr<long> CeilMode = Attr.Int("ceil_mode", 0);

        public static SpatialPlan? Resolve(InferContext c, Shape x, IReadOnlyList<long>? kernelFromWeights, bool allowCeil)
        {
            int spatial = x.Rank - 2;
            if (spatial < 1) return c.Reject<SpatialPlan>(DiagnosticIds.ShapeMismatch, "input " + x + " needs rank 3 or more (batch, channels, spatial...).");
            var kernel = c.Get(KernelShape) ?? kernelFromWeights?.ToArray();
            if (kernel == null || kernel.Length != spatial || kernel.Any(k => k < 1)) return c.Reject<SpatialPlan>(DiagnosticIds.UnsupportedAttribute, "kernel_shape must have " + spatial + " positive values.");
            var strides = c.Get(Strides) ?? Enumerable.Repeat(1L, spatial).ToArray();
            var dilations = c.Get(Dilations) ?? Enumerable.Repeat(1L, spatial).ToArray();
            var pads = c.Get(Pads) ?? new long[spatial * 2];
            string autoPad = c.Get(AutoPad);
            bool ceil = allowCeil && c.Get(CeilMode) != 0;
            if (strides.Length != spatial || dilations.Length != spatial || pads.Length != spatial * 2)
                return c.Reject<SpatialPlan>(DiagnosticIds.UnsupportedAttribute, "strides, dilations and pads must have " + spatial + ", " + spatial + " and " + 2 * spatial + " values.");
            if (strides.Any(s => s < 1) || dilations.Any(d => d < 1) || pads.Any(p => p < 0))
                return c.Reject<SpatialPlan>(DiagnosticIds.UnsupportedAttribute, "strides and dilations must be positive and pads non-negative.");
            if (autoPad != "NOTSET" && autoPad != "SAME_UPPER" && autoPad != "SAME_LOWER" && autoPad != "VALID")
                return c.Reject<SpatialPlan>(DiagnosticIds.UnsupportedAttribute, "auto_pad='" + autoPad + "' is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID.");

            var input = Enumerable.Range(2, spatial).Select(i => x[i]).ToArray();
            var padsBegin = new Dim[spatial];
            var padsEnd = new Dim[spatial];
            var output = new Dim[spatial];
            for (int i = 0; i < spatial; i++)
            {
                Dim inSize = input[i];
                long effective = (kernel[i] - 1) * dilations[i] + 1, s = strides[i];
                if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER")
                {
                    output[i] = Dim.CeilDiv(inSize, s);
                    var total = Dim.Max(Dim.Zero, (output[i] - 1) * s + effective - inSize);
                    var half = Dim.FloorDiv(total, 2);
                    padsBegin[i] = autoPad == "SAME_UPPER" ? half : total - half;
                    padsEnd[i] = autoPad == "SAME_UPPER" ? total - half : half;
                }
                else if (autoPad == "VALID")
                {
                    output[i] = Dim.FloorDiv(inSize - effective, s) + 1;
                    padsBegin[i] = Dim.Zero;
                    padsEnd[i] = Dim.Zero;
                }
                else
                {
                    var span = inSize + pads[i] + pads[i + spatial] - effective;
                    // With ceil_mode the last window must still start inside the input or its begin padding: (out-1)·s < in + padBegin.
                    output[i] = ceil ? Dim.Min(Dim.CeilDiv(span, s) + 1, Dim.CeilDiv(inSize + pads[i], s)) : Dim.FloorDiv(span, s) + 1;
                    padsBegin[i] = Dim.Of(pads[i]);
                    padsEnd[i] = Dim.Of(pads[i + spatial]);
                }
                if (output[i].IsStatic && output[i].Value < 1)
                    return c.Reject<SpatialPlan>(DiagnosticIds.ShapeMismatch, "the window (kernel " + kernel[i] + ", dilation " + dilations[i] + ") does not fit spatial dim " + inSize + " with these pads.");
            }
            return new SpatialPlan(input.ToValueList(), kernel.ToValueList(), strides.ToValueList(), dilations.ToValueList(), padsBegin.ToValueList(), output.ToValueList(), padsEnd.ToValueList());
        }
    
        /// <summary>A pool's output shape: x's batch and channels, then the window's output dims.</summary>
        public static Shape Pooled(Shape x, SpatialPlan s) => new Shape(new[] { x[0], x[1] }.Concat(s.Output));

        /// <summary>The window operands the Conv and pool kernels take, in their parameter order (inSpatial, kernel, outSpatial, strides, dilations, padsBegin).</summary>
        public static LowerContext.CallBuilder Window(this LowerContext.CallBuilder call, SpatialPlan s) =>
            call.Dims("inSpatial", s.Input).Ints("kernel", s.Kernel).Dims("outSpatial", s.Output).Ints("strides", s.Strides).Ints("dilations", s.Dilations).Dims("padsBegin", s.PadsBegin);
    }
}

using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// A transposed convolution: input spatial dims, kernel, strides, dilations, leading pads and output spatial
    /// dims (output position o = input position·stride + tap·dilation − padBegin), plus the channel split.
    /// </summary>
    internal sealed record ConvTransposePlan(ValueList<Dim> Input, ValueList<long> Kernel, ValueList<long> Strides, ValueList<long> Dilations,
        ValueList<long> PadsBegin, ValueList<Dim> Output, int Group, int InChannels, int OutChannels) : OpPlan;

    /// <summary>
    /// ONNX ConvTranspose over any spatial rank: groups, strides, dilations, pads, output_padding, output_shape and
    /// auto_pad (SAME_UPPER/SAME_LOWER split the total padding as ONNX's reference does), optional bias; a symbolic
    /// batch. Per group, a GEMM computes every (output channel, tap) row for a tile of input positions, and a
    /// col2im pass adds the rows into the output. Spec: https://onnx.ai/onnx/operators/onnx__ConvTranspose.html
    /// </summary>
    internal sealed class ConvTranspose : Op<ConvTransposePlan>
    {
        /// <summary>Input positions per GEMM tile (bounds the scratch: rows·tile elements).</summary>
        public const int ColumnTile = 256;

        private static readonly Attr<long> Group = Attr.Int("group", 1);
        private static readonly Attr<long[]?> OutputPadding = Attr.Ints("output_padding");
        private static readonly Attr<long[]?> OutputShape = Attr.Ints("output_shape");

        public override OpSchema Schema { get; } = new OpSchema("ConvTranspose", new[] { 1, 11, 22 })
            .Input("X", "T").Input("W", "T").Input("B", "T", optional: true).Output("Y", "T")
            .Types("T", TypeSets.Float)
            .WithAttributes(SpatialAttributes.AutoPad, SpatialAttributes.Dilations, Group, SpatialAttributes.KernelShape, OutputPadding, OutputShape,
                SpatialAttributes.Pads, SpatialAttributes.Strides);

        public override string Summary => "any spatial rank, groups, strides, dilations, pads, output_padding, output_shape, auto_pad, optional bias; GEMM then col2im.";

        protected override ConvTransposePlan? Infer(InferContext c)
        {
            var x = c.InShape(0);
            var w = c.InShape(1);
            int spatial = x.Rank - 2;
            if (spatial < 1 || w.Rank != x.Rank || !w.IsStatic || !x[1].IsStatic || x.Dims.Skip(2).Any(d => !d.IsStatic))
                return c.Reject<ConvTransposePlan>(DiagnosticIds.ShapeMismatch, "weights " + w + " do not fit input " + x + " (ranks must agree; channels, spatial dims and weights must be static).");
            long group = c.Get(Group), inChannels = x[1].Value;
            if (group < 1 || inChannels % group != 0 || w[0].Value != inChannels)
                return c.Reject<ConvTransposePlan>(DiagnosticIds.ShapeMismatch, "group=" + group + " does not fit " + inChannels + " input channels and weights " + w + ".");
            long outChannels = w[1].Value * group;
            if (c.HasInput(2) && !c.InShape(2).Equals(Shape.Of(outChannels)))
                return c.Reject<ConvTransposePlan>(DiagnosticIds.ShapeMismatch, "bias " + c.InShape(2) + " must be [" + outChannels + "].");
            var kernel = c.Get(SpatialAttributes.KernelShape) ?? w.Dims.Skip(2).Select(d => d.Value).ToArray();
            var strides = c.Get(SpatialAttributes.Strides) ?? Enumerable.Repeat(1L, spatial).ToArray();
            var dilations = c.Get(SpatialAttributes.Dilations) ?? Enumerable.Repeat(1L, spatial).ToArray();
            var outputPadding = c.Get(OutputPadding) ?? new long[spatial];
            var outputShape = c.Get(OutputShape);
            var pads = c.Get(SpatialAttributes.Pads);
            string autoPad = c.Get(SpatialAttributes.AutoPad);
            if (kernel.Length != spatial || strides.Length != spatial || dilations.Length != spatial || outputPadding.Length != spatial
                || pads != null && pads.Length != 2 * spatial || outputShape != null && outputShape.Length != spatial
                || kernel.Any(k => k < 1) || strides.Any(s => s < 1) || dilations.Any(d => d < 1))
                return c.Reject<ConvTransposePlan>(DiagnosticIds.UnsupportedAttribute, "kernel_shape, strides, dilations, output_padding and output_shape need " + spatial + " positive values each, pads " + 2 * spatial + ".");
            if (autoPad != "NOTSET" && autoPad != "SAME_UPPER" && autoPad != "SAME_LOWER" && autoPad != "VALID")
                return c.Reject<ConvTransposePlan>(DiagnosticIds.UnsupportedAttribute, "auto_pad='" + autoPad + "' is not one of NOTSET, SAME_UPPER, SAME_LOWER, VALID.");
            var input = x.Dims.Skip(2).Select(d => d.Value).ToArray();
            var begin = new long[spatial];
            var output = new long[spatial];
            for (int i = 0; i < spatial; i++)
            {
                long full = strides[i] * (input[i] - 1) + outputPadding[i] + (kernel[i] - 1) * dilations[i] + 1;
                if (pads == null && (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER"))
                {
                    // The pads follow from the output size: ONNX's reference gives SAME_UPPER the smaller half at the start.
                    // (Without auto_pad, output_shape does not move the pads: the reference pads with zeros and the output is just that size.)
                    output[i] = outputShape != null ? outputShape[i] : input[i] * strides[i];
                    long total = full - output[i];
                    begin[i] = autoPad == "SAME_UPPER" ? total / 2 : total - total / 2;
                }
                else
                {
                    long pb = pads?[i] ?? 0, pe = pads?[i + spatial] ?? 0;
                    begin[i] = pb;
                    output[i] = outputShape != null ? outputShape[i] : full - pb - pe;
                }
                if (output[i] < 1) return c.Reject<ConvTransposePlan>(DiagnosticIds.ShapeMismatch, "spatial axis " + i + " would have size " + output[i] + ".");
            }
            c.SetOutput(0, new Shape(new[] { x[0], Dim.Of(outChannels) }.Concat(output.Select(Dim.Of))));
            return new ConvTransposePlan(input.Select(Dim.Of).ToValueList(), kernel.ToValueList(), strides.ToValueList(), dilations.ToValueList(),
                begin.ToValueList(), output.Select(Dim.Of).ToValueList(), (int)group, (int)inChannels, (int)outChannels);
        }

        protected override void Lower(LowerContext c, ConvTransposePlan p)
        {
            if (!HalfInFloat.TryLower(c, (ins, outs) => Lower(c, p, ins[0]!, ins[1]!, ins.Length > 2 ? ins[2] : null, outs[0]!)))
                Lower(c, p, c.In(0), c.In(1), c.Node.Input(2), c.Out(0));
        }

        /// <summary>The transposed-convolution kernel call over the given values, with an optional epilogue (a fused activation, a residual Add).</summary>
        internal static void Lower(LowerContext c, ConvTransposePlan p, Value x, Value w, Value? bias, Value y, Fused.Epilogue? epilogue = null)
        {
            long positions = p.Input.Aggregate(1L, (a, d) => a * d.Value);
            long rows = p.OutChannels / p.Group * p.Kernel.Aggregate(1L, (a, k) => a * k);
            long tile = System.Math.Min(positions, ColumnTile);
            Fused.Epilogue.Add(c.Call("conv_transpose", x.Type).In("x", x).In("w", w).InOrNone("bias", bias), epilogue).Out("y", y)
                .Scratch("columns", x.Type, Dim.Of(rows * tile)).Dim("columnTile", tile)
                .Dim("batch", x.Shape![0]).Dim("inChannels", p.InChannels).Dim("outChannels", p.OutChannels).Dim("group", p.Group)
                .Dims("inSpatial", p.Input).Ints("kernel", p.Kernel).Dims("outSpatial", p.Output).Ints("strides", p.Strides).Ints("dilations", p.Dilations)
                .Ints("padsBegin", p.PadsBegin).Emit();
        }
    }
}

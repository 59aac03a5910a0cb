using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    internal sealed record ConvPlan(SpatialPlan Spatial, int Group, int InChannels, int OutChannels) : OpPlan
    {
        public int InPerGroup => InChannels / Group;
    }

    /// <summary>
    /// ONNX Conv over any spatial rank: groups (depthwise included), strides, dilations, explicit pads or auto_pad,
    /// optional bias; symbolic spatial dims give expressions. The algorithm is chosen here at build time, by shape:
    /// one input channel per group runs the direct loop (a single-channel input at stride 1 the shifted GEMM), a 1×1
    /// stride-1 unpadded conv is a GEMM on the input, and everything else is im2col + GEMM over column tiles, whose
    /// scratch is stated in this one place.
    /// Spec: https://onnx.ai/onnx/operators/onnx__Conv.html
    /// </summary>
    internal sealed class Conv : Op<ConvPlan>
    {
        /// <summary>Output positions per im2col tile: a 3×3×64 float tile of 256 columns is 576 KiB, which stays in L2 while the GEMM walks it.</summary>
        public const int ColumnTile = 256;

        private static readonly Attr<long> Group = Attr.Int("group", 1);

        public override OpSchema Schema { get; } = new OpSchema("Conv", new[] { 1, 11, 22 })
            .Input("X", "T").Input("W", "T").Input("B", "T", optional: true).Output("Y", "T")
            .Types("T", TypeSets.Float)
            .WithAttributes(SpatialAttributes.AutoPad, SpatialAttributes.Dilations, Group, SpatialAttributes.KernelShape, SpatialAttributes.Pads, SpatialAttributes.Strides);

        public override string Summary =>
            "any spatial rank, groups (depthwise included), strides, dilations, pads or auto_pad, optional bias; symbolic spatial dims. " +
            "The algorithm is chosen by shape at build time: direct (one input channel per group, but for a single-channel input at stride 1; vector planes at strides 1 and 2), pointwise GEMM (1×1), Winograd F(4×4, 3×3) (float 3×3 stride 1 with enough channels and 4×4 output tiles, by measured thresholds; filters transformed at load), a GEMM over the padded input shifted per tap (float, stride 1, group 1; planes 12 to 16 wide as one vector per row on AVX-512), or im2col + GEMM (an RGB stem, 3×3 at stride 2 from at most 4 channels, directly on AVX-512).";

        protected override ConvPlan? Infer(InferContext c) => Plan(c, c.HasInput(2) ? c.InShape(2) : null, c.InType(0));

        /// <summary>The plan of a convolution of input 0 by input 1 with an optional bias shape, setting output 0 to <paramref name="type"/>; ConvInteger and QLinearConv share it.</summary>
        internal static ConvPlan? Plan(InferContext c, Shape? bias, ElementType type, int xIndex = 0, int wIndex = 1)
        {
            var x = c.InShape(xIndex);
            var w = c.InShape(wIndex);
            // Rank first: x[1] of a 1-D input threw IndexOutOfRangeException (found by fuzzing).
            if (x.Rank < 3 || w.Rank != x.Rank || !w.IsStatic || !x[1].IsStatic)
                return c.Reject<ConvPlan>(DiagnosticIds.ShapeMismatch, "weights " + w + " do not match input " + x + " (ranks of 3 or more must agree, channels and weights must be static).");
            long group = c.Get(Group);
            long inChannels = x[1].Value, outChannels = w[0].Value;
            if (group < 1 || inChannels % group != 0 || outChannels % group != 0 || w[1].Value * group != inChannels)
                return c.Reject<ConvPlan>(DiagnosticIds.ShapeMismatch, "group=" + group + " does not fit " + inChannels + " input channels and weights " + w + ".");
            if (bias != null && !bias.Equals(Shape.Of(outChannels)))
                return c.Reject<ConvPlan>(DiagnosticIds.ShapeMismatch, "bias " + bias + " must be [" + outChannels + "].");
            var spatial = SpatialAttributes.Resolve(c, x, w.Dims.Skip(2).Select(d => d.Value).ToArray(), allowCeil: false);
            if (spatial == null) return null;
            c.SetOutput(0, type, new Shape(new[] { x[0], Dim.Of(outChannels) }.Concat(spatial.Output)));
            return new ConvPlan(spatial, (int)group, (int)inChannels, (int)outChannels);
        }

        protected override void Lower(LowerContext c, ConvPlan p)
        {
            if (!HalfInFloat.TryLower(c, (ins, outs) => Lower(c, p, ins[0]!, ins[1]!, ins.Length > 2 ? ins[2] : null, outs[0]!)))
                Lower(c, p, c.In(0), c.In(1), c.Node.Input(2), c.Out(0));
        }

        /// <summary>
        /// The convolution kernel call over the given values, the algorithm chosen by shape; every algorithm takes an epilogue (a fused activation, a residual Add).
        /// With <paramref name="channelsLast"/> y is [batch, outSpatial..., outChannels] (<see cref="Fused.ChannelsLastConv"/>;
        /// the GEMM algorithms only, see <see cref="WritesChannelsLast"/>), its GEMM tile written out transposed.
        /// </summary>
        internal static void Lower(LowerContext c, ConvPlan p, Value x, Value w, Value? bias, Value y, Fused.Epilogue? epilogue = null, bool channelsLast = false)
        {
            var s = p.Spatial;
            var batch = x.Shape![0];
            var type = x.Type;
            bool pointwise = IsPointwise(p);
            if (channelsLast)
            {
                if (!WritesChannelsLast(p) || epilogue?.Residual != null) throw new System.InvalidOperationException("No channels-last form of this Conv.");
                var positions = (pointwise ? s.Input : s.Output).Aggregate(Dim.One, (a, b) => a * b);
                var tile = Dim.Min(positions, ColumnTile);
                var outPerGroup = p.OutChannels / p.Group;
                if (pointwise)
                {
                    Fused.Epilogue.Add(c.Call("conv.pointwise_channels_last", type).In("x", x).In("w", w).InOrNone("bias", bias), epilogue).Out("y", y)
                        .Scratch("tile", type, tile * outPerGroup).Dim("columnTile", tile)
                        .Dim("batch", batch).Dim("inChannels", p.InChannels).Dim("outChannels", p.OutChannels).Dim("group", p.Group)
                        .Dim("size", positions).Emit();
                }
                else
                {
                    var rows = p.InPerGroup * s.Kernel.Aggregate(1L, (a, b) => a * b);
                    Fused.Epilogue.Add(c.Call("conv.im2col_gemm_channels_last", type).In("x", x).In("w", w).InOrNone("bias", bias), epilogue).Out("y", y)
                        .Scratch("columns", type, tile * rows).Scratch("tile", type, tile * outPerGroup).Dim("columnTile", tile)
                        .Dim("batch", batch).Dim("inChannels", p.InChannels).Dim("outChannels", p.OutChannels).Dim("group", p.Group).Window(s).Emit();
                }
                return;
            }
            // A single-channel input (group 1: a grayscale first layer, mnist-8's 1→8 5×5) is a GEMM of depth kH·kW over
            // the shifted input: 39 against 52 µs for mnist-8 at one thread (AMD Zen 3, AVX2), where the direct loop's
            // row AXPYs ran its first conv at 17 GFLOP/s. Depthwise and grouped convs stay direct.
            if (p.InPerGroup == 1 && !(p.Group == 1 && TakesShifted(p, type)))
            {
                Fused.Epilogue.Add(c.Call("conv.direct", type).In("x", x).In("w", w).InOrNone("bias", bias), epilogue).Out("y", y)
                    .Dim("batch", batch).Dim("inChannels", p.InChannels).Dim("outChannels", p.OutChannels).Window(s).Threads().Emit();
            }
            else if (pointwise)
            {
                Fused.Epilogue.Add(c.Call("conv.pointwise", type).In("x", x).In("w", w).InOrNone("bias", bias), epilogue).Out("y", y)
                    .Dim("batch", batch).Dim("inChannels", p.InChannels).Dim("outChannels", p.OutChannels).Dim("group", p.Group)
                    .Dim("size", s.Input.Aggregate(Dim.One, (a, b) => a * b)).Threads().Emit();
            }
            else if (TakesShifted(p, type))
            {
                // The shifted-input GEMM (Runtime's Conv.Shifted): padded planes of Hp × Wp per input channel, tiles of
                // whole output rows of about ShiftedTilePositions positions.
                long outH = s.Output[0].Value, outW = s.Output[1].Value;
                long hp = outH + (s.Kernel[0] - 1) * s.Dilations[0], wp = outW + (s.Kernel[1] - 1) * s.Dilations[1];
                long tileRows = System.Math.Min(outH, System.Math.Max(1, (ShiftedTilePositions + wp - 1) / wp));
                Fused.Epilogue.Add(c.Call("conv.shifted", type).In("x", x).In("w", w).InOrNone("bias", bias), epilogue).Out("y", y)
                    .Scratch("padded", type, Dim.Of(p.InChannels * hp * wp + ShiftedSlack)).Scratch("tile", type, Dim.Of(p.OutChannels * tileRows * wp))
                    .Dim("tileRows", tileRows).Dim("batch", batch).Dim("inChannels", p.InChannels).Dim("outChannels", p.OutChannels).Window(s).Threads().Emit();
            }
            else
            {
                var columns = Dim.Min(s.Output.Aggregate(Dim.One, (a, b) => a * b), ColumnTile);
                var rows = p.InPerGroup * s.Kernel.Aggregate(1L, (a, b) => a * b);
                Fused.Epilogue.Add(c.Call("conv.im2col_gemm", type).In("x", x).In("w", w).InOrNone("bias", bias), epilogue).Out("y", y)
                    .Scratch("columns", type, columns * rows).Dim("columnTile", columns)
                    .Dim("batch", batch).Dim("inChannels", p.InChannels).Dim("outChannels", p.OutChannels).Dim("group", p.Group).Window(s).Threads().Emit();
            }
        }

        /// <summary>Output positions per tile of <c>conv.shifted</c>: rounded up to whole output rows (measured: 56×56 fastest at 9–12 rows of 58).</summary>
        private const long ShiftedTilePositions = 512;

        /// <summary>Floats past the padded planes that <c>conv.shifted</c> may read (Runtime's Conv.ShiftedSlack).</summary>
        private const long ShiftedSlack = 64;

        /// <summary>Largest reduction depth <c>conv.shifted</c> takes (Runtime's Conv.MaxShiftedDepth: its tap offsets live on the stack).</summary>
        private const long MaxShiftedDepth = 8192;

        /// <summary>
        /// Whether the shifted-input GEMM computes this convolution instead of im2col: float, 2-D, group 1, stride 1, static
        /// output dims, and at most one discarded column per output column (Wp ≤ 2·outW). In one process against im2col
        /// (AMD EPYC, AVX-512): 3×3 64→64 at 56×56 1.24 against 1.46 ms, mnist-8's 8→16 5×5 at 14×14 11 against 22 µs,
        /// 32→9 at 224×224 2.0 against 3.3 ms, 16→16 dilated 3 at 30×40 43 against 62 µs: it never builds the kH·kW
        /// copies of the input that im2col writes.
        /// </summary>
        private static bool TakesShifted(ConvPlan p, ElementType type)
        {
            var s = p.Spatial;
            if (type != ElementType.Float || s.Input.Count != 2 || p.Group != 1 || s.Strides.Any(v => v != 1)) return false;
            if (!s.Output[0].IsStatic || !s.Output[1].IsStatic || s.Output[0].Value < 1 || s.Output[1].Value < 1) return false;
            if ((long)p.InChannels * s.Kernel[0] * s.Kernel[1] > MaxShiftedDepth) return false;
            return (s.Kernel[1] - 1) * s.Dilations[1] <= s.Output[1].Value;
        }

        /// <summary>
        /// A 1×1 kernel, stride 1 and no padding on either side: only then is each output position the input position
        /// itself (end padding too makes the output larger than the input, with bias-only positions the GEMM never writes).
        /// </summary>
        private static bool IsPointwise(ConvPlan p) =>
            p.Spatial.Kernel.All(k => k == 1) && p.Spatial.Strides.All(v => v == 1) &&
            p.Spatial.PadsBegin.All(d => d.Equals(Dim.Zero)) && p.Spatial.PadsEnd.All(d => d.Equals(Dim.Zero));

        /// <summary>
        /// Whether the kernel can write y channels-last: the GEMM algorithms (pointwise, im2col), whose output tile is
        /// transposed on the way out; the direct loop (one input channel per group) writes channel planes.
        /// </summary>
        internal static bool WritesChannelsLast(ConvPlan p) => p.InPerGroup != 1;
    }
}

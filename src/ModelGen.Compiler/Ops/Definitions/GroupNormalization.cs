using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>X as [N, groups, channels per group, spatial], epsilon, and whether scale/bias are per channel (revision 21) or per group (18).</summary>
    internal sealed record GroupNormalizationPlan(Dim N, long Groups, Dim ChannelsPerGroup, Dim Spatial, float Epsilon, bool PerChannel) : OpPlan;

    /// <summary>
    /// ONNX GroupNormalization: per (batch, group of channels) mean and variance, y = scale·(x - mean)/sqrt(var +
    /// epsilon) + bias. Revision 18 has scale and bias per group, revision 21 per channel. Statistics in double
    /// (at least stash_type's float). Spec: https://onnx.ai/onnx/operators/onnx__GroupNormalization.html
    /// </summary>
    internal sealed class GroupNormalization : Op<GroupNormalizationPlan>
    {
        private static readonly Attr<float> Epsilon = Attr.Float("epsilon", 1e-5f);
        private static readonly Attr<long> NumGroups = Attr.Int("num_groups", 0).Required();
        private static readonly Attr<long> StashType = Attr.Int("stash_type", 1).Since(21).Ignored("statistics are always computed in double");

        public override OpSchema Schema { get; } = new OpSchema("GroupNormalization", new[] { 18, 21 })
            .Input("X", "T").Input("scale", "T").Input("bias", "T").Output("Y", "T").Types("T", TypeSets.Float)
            .WithAttributes(Epsilon, NumGroups, StashType);

        public override string Summary => "per (batch, channel group) mean and variance, then per-channel (21) or per-group (18) scale and bias; computed in double.";

        protected override GroupNormalizationPlan? Infer(InferContext c)
        {
            var x = c.InShape(0);
            if (x.Rank < 2) return c.Reject<GroupNormalizationPlan>(DiagnosticIds.ShapeMismatch, "the input " + x + " needs rank 2 or more.");
            long g = c.Get(NumGroups);
            var ch = x[1];
            if (g <= 0 || !ch.IsStatic || ch.Value % g != 0)
                return c.Reject<GroupNormalizationPlan>(DiagnosticIds.UnsupportedAttribute, "num_groups " + g + " must be positive and divide the channel count " + ch + " (known at build time).");
            bool perChannel = c.Revision >= 21;
            var want = perChannel ? ch : Dim.Of(g);
            for (int i = 1; i <= 2; i++)
                if (c.InShape(i).Rank != 1 || !c.InShape(i)[0].Equals(want))
                    return c.Reject<GroupNormalizationPlan>(DiagnosticIds.ShapeMismatch, (i == 1 ? "scale " : "bias ") + c.InShape(i) + " must be [" + want + "].");
            c.SetOutput(0, x);
            return new GroupNormalizationPlan(x[0], g, Dim.Of(ch.Value / g), x.Product(2, x.Rank), c.Get(Epsilon), perChannel);
        }

        protected override void Lower(LowerContext c, GroupNormalizationPlan p) =>
            c.Call("group_normalization", c.InType(0)).In("x", c.In(0)).In("scale", c.In(1)).In("bias", c.In(2)).Out("y", c.Out(0))
                .Dim("n", p.N).Integer("groups", ElementType.Int32, p.Groups).Dim("channelsPerGroup", p.ChannelsPerGroup).Dim("spatial", p.Spatial)
                .Scalar("epsilon", ElementType.Float, p.Epsilon).Bool("perChannel", p.PerChannel).Emit();
    }
}

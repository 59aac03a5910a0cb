using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Fused
{
    /// <summary>The output channels and the taps per output channel (input channels × kernel size) of the weights a node packs.</summary>
    internal sealed record PackBlockedWeightsPlan(int OutChannels, int Taps) : OpPlan;

    /// <summary>
    /// ai.modelgen::PackBlockedWeights: Conv weights [OC, IC, kH, kW] → [⌈OC/16⌉, IC, kH, kW, 16], each tap's 16 output
    /// channels side by side (spare lanes zero), the vector <see cref="BlockedConv"/> multiplies a broadcast input by.
    /// Its input is a weight, so the load-time stage moves it out of the run: it runs once per process.
    /// </summary>
    internal sealed class PackBlockedWeights : Op<PackBlockedWeightsPlan>
    {
        public const string OpName = "PackBlockedWeights";

        public static readonly PackBlockedWeights Instance = new PackBlockedWeights();

        public override OpSchema Schema { get; } = new OpSchema(OpName, new[] { 1 }, FusedProduct.DomainName)
            .Input("W", "T").Output("packed", "T").Types("T", new[] { ElementType.Float });

        public override string Summary => "Conv weights packed for the blocked convolution, at load time.";

        protected override PackBlockedWeightsPlan? Infer(InferContext c)
        {
            var w = c.InShape(0);
            if (w.Rank < 3 || !w.IsStatic) return null;
            int outChannels = (int)w[0].Value;
            int taps = (int)w.Dims.Skip(1).Aggregate(1L, (a, d) => a * d.Value);
            var blocks = Dim.Of((outChannels + BlockedConv.Block - 1) / BlockedConv.Block);
            c.SetOutput(0, ElementType.Float, new Shape(new[] { blocks }.Concat(w.Dims.Skip(1)).Concat(new[] { Dim.Of(BlockedConv.Block) })));
            return new PackBlockedWeightsPlan(outChannels, taps);
        }

        protected override void Lower(LowerContext c, PackBlockedWeightsPlan p) =>
            c.Call("blocked.pack_weights", ElementType.Float).In("w", c.In(0)).Out("packed", c.Out(0))
                .Dim("outChannels", p.OutChannels).Dim("taps", p.Taps).Emit();
    }

    /// <summary>The plain tensor's batch, channels and spatial positions.</summary>
    internal sealed record FromBlockedPlan(Dim Batch, int Channels, Dim Size) : OpPlan;

    /// <summary>
    /// ai.modelgen::FromBlocked {channels}: [batch, ⌈C/16⌉, spatial..., 16] → [batch, C, spatial...], the one reorder at
    /// the end of a blocked chain, where the rest of the graph reads its result.
    /// </summary>
    internal sealed class FromBlocked : Op<FromBlockedPlan>
    {
        public const string OpName = "FromBlocked";

        private static readonly Attr<long> Channels = Attr.Int("channels", 0);

        public static readonly FromBlocked Instance = new FromBlocked();

        public override OpSchema Schema { get; } = new OpSchema(OpName, new[] { 1 }, FusedProduct.DomainName)
            .Input("X", "T").Output("Y", "T").Types("T", new[] { ElementType.Float }).WithAttributes(Channels);

        public override string Summary => "the reorder from the channel-blocked layout back to NCHW at the end of a blocked chain.";

        protected override FromBlockedPlan? Infer(InferContext c)
        {
            var x = c.InShape(0);
            long channels = c.Get(Channels);
            if (x.Rank < 3 || channels < 1 || !x[1].Equals(Dim.Of((channels + BlockedConv.Block - 1) / BlockedConv.Block))) return null;
            var spatial = x.Dims.Skip(2).Take(x.Rank - 3).ToArray();
            c.SetOutput(0, ElementType.Float, new Shape(new[] { x[0], Dim.Of(channels) }.Concat(spatial)));
            return new FromBlockedPlan(x[0], (int)channels, spatial.Aggregate(Dim.One, (a, b) => a * b));
        }

        protected override void Lower(LowerContext c, FromBlockedPlan p) =>
            c.Call("blocked.from", ElementType.Float).In("x", c.In(0)).Out("y", c.Out(0))
                .Dim("batch", p.Batch).Dim("channels", p.Channels).Dim("size", p.Size).Emit();
    }
}

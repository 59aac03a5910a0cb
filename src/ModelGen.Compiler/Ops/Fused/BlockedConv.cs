using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Definitions;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Fused
{
    /// <summary>
    /// The Conv a <see cref="BlockedConv"/> computes (its plan as inferred on the plain-layout node), the epilogue it
    /// took from a FusedConv (null for none: the identity), and whether its input is blocked (a chain's later
    /// convolutions) or plain NCHW (the chain's first).
    /// </summary>
    internal sealed record BlockedConvPlan(ConvPlan Conv, BoundExpr? Epilogue, bool InputBlocked) : OpPlan;

    /// <summary>
    /// ai.modelgen::BlockedConv, made by <see cref="Passes.Layout.BlockedConvChains"/> and never read from a model: a
    /// float 2-D Conv whose output is channel-blocked, [batch, ⌈C/16⌉, H, W, 16] (NCHW16c), from packed weights
    /// (<see cref="PackBlockedWeights"/>, computed at load time) and an optional bias, with the FusedConv's one-operand
    /// epilogue applied to each finished output row. One kernel call, the direct blocked convolution.
    /// // Conv(x, W, B) -> BlockedConv(x, PackBlockedWeights(W), B) {input_layout = "nchw" | "nchw16c"}
    /// The plan is the pass's: the input may already be blocked, which the Conv's own inference would not read.
    /// </summary>
    internal sealed class BlockedConv : Op<BlockedConvPlan>
    {
        public const string OpName = "BlockedConv";
        public const string Kernel = "conv.blocked";

        /// <summary>Channels per block: ModelGen.Runtime.Kernels.Conv.ChannelBlock (the compiler does not reference the runtime).</summary>
        public const int Block = 16;

        public static readonly BlockedConv Instance = new BlockedConv();

        public override OpSchema Schema { get; } = new OpSchema(OpName, new[] { 1 }, FusedProduct.DomainName)
            .Input("X", "T").Input("W", "T").Input("B", "T", optional: true).Output("Y", "T").Types("T", new[] { ElementType.Float });

        public override string Summary => "a float 2-D Conv writing the channel-blocked layout NCHW16c, from weights packed at load time.";

        /// <summary>The blocked shape of a plain [batch, channels, spatial...] shape.</summary>
        public static Shape BlockedShape(Dim batch, int channels, System.Collections.Generic.IEnumerable<Dim> spatial) =>
            new Shape(new[] { batch, Dim.Of((channels + Block - 1) / Block) }.Concat(spatial).Concat(new[] { Dim.Of(Block) }));

        protected override BlockedConvPlan? Infer(InferContext c)
        {
            if (!(c.Node.Plan is BlockedConvPlan p)) return null;
            c.SetOutput(0, ElementType.Float, BlockedShape(c.InShape(0)[0], p.Conv.OutChannels, p.Conv.Spatial.Output));
            return p;
        }

        protected override void Lower(LowerContext c, BlockedConvPlan p)
        {
            var epilogue = p.Epilogue == null ? null : new Epilogue(p.Epilogue, null);
            Epilogue.Add(c.Call(Kernel, ElementType.Float).In("x", c.In(0)).In("w", c.In(1)).InOrNone("bias", c.Node.Input(2)), epilogue).Out("y", c.Out(0))
                .Bool("inputBlocked", p.InputBlocked).Bool("outputBlocked", true)
                .Dim("batch", c.In(0).Shape![0]).Dim("inChannels", p.Conv.InChannels).Dim("outChannels", p.Conv.OutChannels)
                .Window(p.Conv.Spatial).Threads().Emit();
        }
    }
}

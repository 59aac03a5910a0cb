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
    /// The Conv a <see cref="WinogradConv"/> computes (its plan as inferred on the Conv node), the epilogue it took from a
    /// FusedConv (null: none) and the input that is the epilogue's residual (−1: none).
    /// </summary>
    internal sealed record WinogradConvPlan(ConvPlan Conv, BoundExpr? Epilogue, int ResidualInput) : OpPlan;

    /// <summary>
    /// ai.modelgen::WinogradConv, made by <see cref="Passes.WinogradConvolution"/> and never read from a model: a float
    /// 3×3 stride-1 Conv by Winograd F(4×4, 3×3), from filters transformed at load time (<see cref="WinogradWeights"/>),
    /// with the FusedConv's epilogue (a residual Add included) applied to the output rows of each block of tiles. Input and
    /// output are plain NCHW.
    /// // Conv(x, W, B) -> WinogradConv(x, WinogradWeights(W), B)       FusedConv(x, W, B, r) {f} -> WinogradConv(x, WinogradWeights(W), B, r) {f}
    /// </summary>
    internal sealed class WinogradConv : Op<WinogradConvPlan>
    {
        public const string OpName = "WinogradConv";

        public static readonly WinogradConv Instance = new WinogradConv();

        public override OpSchema Schema { get; } = new OpSchema(OpName, new[] { 1 }, FusedProduct.DomainName)
            .Input("X", "T").Input("U", "T").Input("B", "T", optional: true).Input("R", "T", optional: true).Output("Y", "T").Types("T", new[] { ElementType.Float });

        public override string Summary => "a float 3×3 stride-1 Conv by Winograd F(4×4, 3×3), from filters transformed at load time.";

        protected override WinogradConvPlan? Infer(InferContext c)
        {
            if (!(c.Node.Plan is WinogradConvPlan p)) return null;
            c.SetOutput(0, ElementType.Float, new Shape(new[] { c.InShape(0)[0], Dim.Of(p.Conv.OutChannels) }.Concat(p.Conv.Spatial.Output)));
            return p;
        }

        protected override void Lower(LowerContext c, WinogradConvPlan p)
        {
            var s = p.Conv.Spatial;
            long outH = s.Output[0].Value, outW = s.Output[1].Value;
            // Runtime's Conv.WinogradPaddedLength: each input plane rounded up to whole 4×4 tiles, plus the 2-wide halo.
            long padded = (long)p.Conv.InChannels * (4 * ((outH + 3) / 4) + 2) * (4 * ((outW + 3) / 4) + 2);
            // Runtime's Conv.WinogradBlockLength: 48 tiles × 36 points × (input + output channels + the transforms' two stages).
            long block = 48L * 36 * (p.Conv.InChannels + p.Conv.OutChannels + 2);
            var epilogue = p.Epilogue == null ? null : new Epilogue(p.Epilogue, p.ResidualInput >= 0 ? c.In(p.ResidualInput) : null);
            Epilogue.Add(c.Call("conv.winograd", ElementType.Float).In("x", c.In(0)).In("u", c.In(1)).InOrNone("bias", c.Node.Input(2)), epilogue).Out("y", c.Out(0))
                .Scratch("padded", ElementType.Float, Dim.Of(padded)).Scratch("block", ElementType.Float, Dim.Of(block))
                .Dim("batch", c.In(0).Shape![0]).Dim("inChannels", p.Conv.InChannels).Dim("outChannels", p.Conv.OutChannels)
                .Dims("inSpatial", s.Input).Dims("outSpatial", s.Output).Dims("padsBegin", s.PadsBegin).Threads().Emit();
        }
    }

    /// <summary>The filters' output and input channels.</summary>
    internal sealed record WinogradWeightsPlan(int OutChannels, int InChannels) : OpPlan;

    /// <summary>
    /// ai.modelgen::WinogradWeights: 3×3 filters [K, C, 3, 3] → [36, K, C], the 6×6 points of G·g·Gᵀ that
    /// <see cref="WinogradConv"/> multiplies. Its input is a weight, so the load-time stage runs it once per process.
    /// </summary>
    internal sealed class WinogradWeights : Op<WinogradWeightsPlan>
    {
        public const string OpName = "WinogradWeights";

        public static readonly WinogradWeights Instance = new WinogradWeights();

        public override OpSchema Schema { get; } = new OpSchema(OpName, new[] { 1 }, FusedProduct.DomainName)
            .Input("W", "T").Output("U", "T").Types("T", new[] { ElementType.Float });

        public override string Summary => "3×3 Conv filters transformed for the Winograd convolution, at load time.";

        protected override WinogradWeightsPlan? Infer(InferContext c)
        {
            var w = c.InShape(0);
            if (w.Rank != 4 || !w.IsStatic || w[2].Value != 3 || w[3].Value != 3) return null;
            int outChannels = (int)w[0].Value, inChannels = (int)w[1].Value;
            c.SetOutput(0, ElementType.Float, Shape.Of(36, outChannels, inChannels));
            return new WinogradWeightsPlan(outChannels, inChannels);
        }

        protected override void Lower(LowerContext c, WinogradWeightsPlan p) =>
            c.Call("conv.winograd_weights", ElementType.Float).In("w", c.In(0)).Out("u", c.Out(0))
                .Dim("outChannels", p.OutChannels).Dim("inChannels", p.InChannels).Emit();
    }
}

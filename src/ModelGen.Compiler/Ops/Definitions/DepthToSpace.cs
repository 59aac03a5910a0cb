using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>The input viewed as a 6-D tensor and the permutation that moves its depth blocks into space.</summary>
    internal sealed record BlockRearrangePlan(ValueList<Dim> View, ValueList<int> Perm) : OpPlan;

    /// <summary>
    /// ONNX DepthToSpace: moves blocks of channel data into spatial blocks of an [N, C, H, W] tensor, giving
    /// [N, C/(b·b), H·b, W·b]. DCR (the default) reads the channel axis as [b, b, C'], CRD as [C', b, b]. It is a
    /// reshape to 6-D (free), a transpose, and a reshape back. Spec: https://onnx.ai/onnx/operators/onnx__DepthToSpace.html
    /// </summary>
    internal sealed class DepthToSpace : Op<BlockRearrangePlan>
    {
        private static readonly Attr<long> BlockSize = Attr.Int("blocksize", 0).Required();
        private static readonly Attr<string> Mode = Attr.String("mode", "DCR").Since(11);

        public override OpSchema Schema { get; } = new OpSchema("DepthToSpace", new[] { 1, 11, 13 })
            .Input("input", "T").Output("output", "T").Types("T", TypeSets.Any).WithAttributes(BlockSize, Mode);

        public override string Summary => "channel blocks moved into b×b spatial blocks, DCR or CRD order; a transpose of a 6-D view.";

        protected override BlockRearrangePlan? Infer(InferContext c)
        {
            var x = c.InShape(0);
            if (x.Rank != 4) return c.Reject<BlockRearrangePlan>(DiagnosticIds.ShapeMismatch, "the input must be 4-D [N, C, H, W], not " + x + ".");
            long b = c.Get(BlockSize);
            if (b <= 0) return c.Reject<BlockRearrangePlan>(DiagnosticIds.UnsupportedAttribute, "blocksize must be positive, not " + b + ".");
            var mode = c.Get(Mode);
            if (mode != "DCR" && mode != "CRD") return c.Reject<BlockRearrangePlan>(DiagnosticIds.UnsupportedAttribute, "mode '" + mode + "' is neither DCR nor CRD.");
            var bd = Dim.Of(b);
            var ch = x[1];
            if (ch.IsStatic && ch.Value % (b * b) != 0)
                return c.Reject<BlockRearrangePlan>(DiagnosticIds.ShapeMismatch, "the channel count " + ch + " is not a multiple of blocksize² (" + b * b + ").");
            var c2 = Dim.FloorDiv(ch, Dim.Of(b * b));
            c.SetOutput(0, new Shape(new[] { x[0], c2, x[2] * bd, x[3] * bd }));
            return mode == "DCR"
                ? new BlockRearrangePlan(new[] { x[0], bd, bd, c2, x[2], x[3] }.ToValueList(), new[] { 0, 3, 4, 1, 5, 2 }.ToValueList())
                : new BlockRearrangePlan(new[] { x[0], c2, bd, bd, x[2], x[3] }.ToValueList(), new[] { 0, 1, 4, 2, 5, 3 }.ToValueList());
        }

        protected override void Lower(LowerContext c, BlockRearrangePlan p) => BlockRearrange.Lower(c, p);
    }

    /// <summary>Shared lowering of DepthToSpace and SpaceToDepth: one transpose of the 6-D view.</summary>
    internal static class BlockRearrange
    {
        public static void Lower(LowerContext c, BlockRearrangePlan p) =>
            c.Call("transpose", c.InType(0)).In("x", c.In(0)).Out("y", c.Out(0)).Dims("inShape", p.View).Ints("perm", p.Perm.Select(q => (long)q)).Emit();
    }
}

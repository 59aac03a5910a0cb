using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX SpaceToDepth: the inverse of DepthToSpace (DCR): b×b spatial blocks of [N, C, H, W] become channels,
    /// giving [N, C·b·b, H/b, W/b]. A transpose of a 6-D view. Spec: https://onnx.ai/onnx/operators/onnx__SpaceToDepth.html
    /// </summary>
    internal sealed class SpaceToDepth : Op<BlockRearrangePlan>
    {
        private static readonly Attr<long> BlockSize = Attr.Int("blocksize", 0).Required();

        public override OpSchema Schema { get; } = new OpSchema("SpaceToDepth", new[] { 1, 13 })
            .Input("input", "T").Output("output", "T").Types("T", TypeSets.Any).WithAttributes(BlockSize);

        public override string Summary => "b×b spatial blocks moved into channels (inverse of DepthToSpace DCR); a transpose of a 6-D view.";

        protected override BlockRearrangePlan? Infer(InferContext c)
        {
            var x = c.InShape(0);
            if (x.Rank != 4) return c.Reject<BlockRearrangePlan>(DiagnosticIds.ShapeMismatch, "the input must be 4-D [N, C, H, W], not " + x + ".");
            long b = c.Get(BlockSize);
            if (b <= 0) return c.Reject<BlockRearrangePlan>(DiagnosticIds.UnsupportedAttribute, "blocksize must be positive, not " + b + ".");
            var bd = Dim.Of(b);
            for (int a = 2; a < 4; a++)
                if (x[a].IsStatic && x[a].Value % b != 0)
                    return c.Reject<BlockRearrangePlan>(DiagnosticIds.ShapeMismatch, "spatial dim " + x[a] + " is not a multiple of blocksize " + b + ".");
            var h = Dim.FloorDiv(x[2], bd);
            var w = Dim.FloorDiv(x[3], bd);
            c.SetOutput(0, new Shape(new[] { x[0], x[1] * bd * bd, h, w }));
            return new BlockRearrangePlan(new[] { x[0], x[1], h, bd, w, bd }.ToValueList(), new[] { 0, 3, 5, 1, 2, 4 }.ToValueList());
        }

        protected override void Lower(LowerContext c, BlockRearrangePlan p) => BlockRearrange.Lower(c, p);
    }
}

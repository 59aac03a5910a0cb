using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX RMSNormalization: each slice X[d0..d(axis−1), :] is divided by √(mean(x²) + ε), then multiplied by scale
    /// (broadcast to X; its type V may differ from X's). The statistics are computed in double, which covers
    /// stash_type 1 (float) and 11 (double). Spec: https://onnx.ai/onnx/operators/onnx__RMSNormalization.html
    /// </summary>
    internal sealed class RMSNormalization : Op<NormalizationPlan>
    {
        private static readonly Attr<long> Axis = Attr.Int("axis", -1);
        private static readonly Attr<float> Epsilon = Attr.Float("epsilon", 1e-5f);
        private static readonly Attr<long> StashType = Attr.Int("stash_type", 1);

        public override OpSchema Schema { get; } = new OpSchema("RMSNormalization", new[] { 23 })
            .Input("X", "T").Input("scale", "V").Output("Y", "V")
            .Types("T", TypeSets.Float).Types("V", TypeSets.Float)
            .WithAttributes(Axis, Epsilon, StashType);

        public override string Summary =>
            "divides by the root mean square over the dims from 'axis' on, then scale (broadcast to X, its own float type); statistics in double.";

        protected override NormalizationPlan? Infer(InferContext c)
        {
            var x = c.InShape(0);
            long stash = c.Get(StashType);
            if (stash != 1 && stash != 11)
                return c.Reject<NormalizationPlan>(DiagnosticIds.UnsupportedAttribute, "stash_type=" + stash + " is not supported; ModelGen computes the statistics in double, for stash_type 1 (float) or 11 (double).");
            if (!c.Axis(c.Get(Axis), x.Rank, "axis", out int axis)) return null;
            var scale = RowNormalization.StridesOver(c, c.InShape(1), x, "scale");
            if (scale == null) return null;
            c.SetOutput(0, c.InType(1), x);
            return new NormalizationPlan(x.Product(0, axis), x.Product(axis, x.Rank), c.Get(Epsilon), true, scale, RowNormalization.None);
        }

        protected override void Lower(LowerContext c, NormalizationPlan p) => RowNormalization.Lower(c, p, 1, null, null, null);
    }
}

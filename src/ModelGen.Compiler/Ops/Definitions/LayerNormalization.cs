using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX LayerNormalization: each slice X[d0..d(axis−1), :] is standardised with its own mean and variance, then
    /// scaled and shifted (Scale and the optional B broadcast to X). The optional Mean and InvStdDev outputs have X's
    /// shape with the normalised dims set to 1, in float (stash_type 1, the only one the spec's U allows besides
    /// bfloat16); the statistics are computed in double even for float16 input.
    /// Spec: https://onnx.ai/onnx/operators/onnx__LayerNormalization.html
    /// </summary>
    internal sealed class LayerNormalization : Op<NormalizationPlan>
    {
        private static readonly Attr<long> Axis = Attr.Int("axis", -1);
        private static readonly Attr<float> Epsilon = Attr.Float("epsilon", 1e-5f);
        private static readonly Attr<long> StashType = Attr.Int("stash_type", 1);

        public override OpSchema Schema { get; } = new OpSchema("LayerNormalization", new[] { 17 })
            .Input("X", "T").Input("Scale", "T").Input("B", "T", optional: true)
            .Output("Y", "T").Output("Mean", "U", optional: true).Output("InvStdDev", "U", optional: true)
            .Types("T", TypeSets.Float).Types("U", new[] { ElementType.Float })
            .WithAttributes(Axis, Epsilon, StashType);

        public override string Summary =>
            "standardises over the dims from 'axis' on, then Scale and optional B (broadcast to X); optional float Mean and InvStdDev outputs; statistics in double (float16 included).";

        protected override NormalizationPlan? Infer(InferContext c)
        {
            var x = c.InShape(0);
            if (c.Get(StashType) != 1)
                return c.Reject<NormalizationPlan>(DiagnosticIds.UnsupportedAttribute, "stash_type=" + c.Get(StashType) + " is not supported; Mean and InvStdDev are float (stash_type=1).");
            if (!c.Axis(c.Get(Axis), x.Rank, "axis", out int axis)) return null;
            var scale = RowNormalization.StridesOver(c, c.InShape(1), x, "Scale");
            var bias = c.HasInput(2) ? RowNormalization.StridesOver(c, c.InShape(2), x, "B") : RowNormalization.None;
            if (scale == null || bias == null) return null;
            c.SetOutput(0, x);
            var stats = new Shape(x.Dims.Take(axis).Concat(Enumerable.Repeat(Dim.One, x.Rank - axis)));
            c.SetOutput(1, ElementType.Float, stats);
            c.SetOutput(2, ElementType.Float, stats);
            return new NormalizationPlan(x.Product(0, axis), x.Product(axis, x.Rank), c.Get(Epsilon), false, scale, bias);
        }

        protected override void Lower(LowerContext c, NormalizationPlan p) =>
            RowNormalization.Lower(c, p, 1, c.HasInput(2) ? 2 : (int?)null, c.Node.Output(1), c.Node.Output(2));
    }
}

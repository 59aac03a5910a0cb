using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>1 for each axis the statistics run over.</summary>
    internal sealed record MeanVarianceNormalizationPlan(ValueList<long> Reduced) : OpPlan;

    /// <summary>
    /// ONNX MeanVarianceNormalization: (x - mean) / (sqrt(variance) + 1e-9), the statistics over 'axes' (default
    /// [0, 2, 3]), as ONNX's function body computes them; here in double. Spec: https://onnx.ai/onnx/operators/onnx__MeanVarianceNormalization.html
    /// </summary>
    internal sealed class MeanVarianceNormalization : Op<MeanVarianceNormalizationPlan>
    {
        public const int MaxRank = 8;

        private static readonly Attr<long[]?> Axes = Attr.Ints("axes");

        public override OpSchema Schema { get; } = new OpSchema("MeanVarianceNormalization", new[] { 9, 13 })
            .Input("X", "T").Output("Y", "T").Types("T", TypeSets.Float).WithAttributes(Axes);

        public override string Summary => "(x - mean) / (std + 1e-9) over 'axes' (default [0, 2, 3]); rank up to 8; computed in double.";

        protected override MeanVarianceNormalizationPlan? Infer(InferContext c)
        {
            var x = c.InShape(0);
            if (x.Rank > MaxRank) return c.Reject<MeanVarianceNormalizationPlan>(Diagnostics.DiagnosticIds.ShapeMismatch, "rank " + x.Rank + " is above the supported " + MaxRank + ".");
            var mask = new long[x.Rank];
            foreach (var a in c.Get(Axes) ?? new long[] { 0, 2, 3 })
            {
                if (!c.Axis(a, x.Rank, "axes", out int axis)) return null;
                mask[axis] = 1;
            }
            c.SetOutput(0, x);
            return new MeanVarianceNormalizationPlan(mask.ToValueList());
        }

        protected override void Lower(LowerContext c, MeanVarianceNormalizationPlan p) =>
            c.Call("mvn", c.InType(0)).In("x", c.In(0)).Out("y", c.Out(0)).Dims("shape", c.InShape(0).Dims).Ints("reduced", p.Reduced).Emit();
    }
}

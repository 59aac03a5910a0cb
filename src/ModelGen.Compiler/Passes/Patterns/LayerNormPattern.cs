using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Passes.Patterns
{
    /// <summary>
    /// Recognises layer normalisation as exporters decompose it (torch below opset 17) and writes one
    /// LayerNormalization-17 node:
    /// // μ = ReduceMean(x, last k axes, keepdims); d = x − μ; σ² = ReduceMean(d², same axes); y = d / √(σ² + ε) · γ + β
    /// //   -> LayerNormalization(x, γ, β) {axis = rank − k, epsilon = ε}
    /// d² is Pow(d, 2) or Mul(d, d); the division is Div by Sqrt, Div by Pow(·, 0.5) or Mul by Reciprocal(Sqrt);
    /// γ and β are optional (a missing γ is a constant 1). The reduction must be over the last axes.
    /// </summary>
    internal sealed class LayerNormPattern : PatternPass
    {
        public override string Name => "layernorm";

        protected override IReadOnlyCollection<string> Anchors { get; } = new[] { "ReduceMean" };

        protected override bool TryFuse(Graph scope, Node mean)
        {
            var p = new Pattern(scope);
            var x = mean.Input(0);
            var mu = mean.Output(0);
            if (x?.Shape == null || mu == null || !Pattern.IsFusableType(x.Type)) return false;
            int rank = x.Shape.Rank;
            var axes = Pattern.KeptReducedAxes(mean);
            int k = Pattern.TrailingCount(axes, rank);
            if (k == 0) return false;
            p.Add(mean);

            var sub = p.OnlyReader(mu, "Sub");
            if (sub == null || sub.Inputs[0] != x || sub.Inputs[1] != mu) return false;
            var d = p.Add(sub).Output(0)!;
            if (d.IsGraphOutput || d.Consumers.Count != 2) return false;
            var square = d.Consumers.FirstOrDefault(c => NormalizationForms.IsSquareOf(c, d) && c.Scope == scope);
            if (square == null) return false;
            p.Add(square);
            var variance = p.OnlyReader(square.Output(0), "ReduceMean");
            if (variance == null || !(Pattern.KeptReducedAxes(variance) is int[] axes2) || !axes2.SequenceEqual(axes!)) return false;
            p.Add(variance);
            var plusEps = NormalizationForms.PlusEpsilon(p, variance.Output(0)!, out double epsilon);
            if (plusEps == null) return false;
            var divide = NormalizationForms.OverRoot(p, plusEps.Output(0)!, d);
            if (divide == null || !d.Consumers.Contains(divide)) return false;
            if (!Pattern.SameTypeAndShape(divide.Output(0)!, x)) return false;

            var y = NormalizationForms.Affine(p, divide.Output(0)!, x, withBias: true, out var gamma, out var beta);
            var inputs = new List<Value?> { x, gamma ?? p.Ones(mean.Name + "_ones", x.Type) };
            if (beta != null) inputs.Add(beta);
            return p.Replace(y, 17, "LayerNormalization", mean.Name + "_layernorm", inputs,
                Pattern.Int("axis", rank - k), Pattern.Float("epsilon", (float)epsilon));
        }
    }
}

using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Passes.Patterns
{
    /// <summary>
    /// Recognises RMS normalisation as exporters write it (LLaMA-style: x · rsqrt(mean(x²) + ε) · γ) and writes one
    /// RMSNormalization-23 node:
    /// // y = x / √(ReduceMean(x², last k axes, keepdims) + ε) · γ   -> RMSNormalization(x, γ) {axis = rank − k, epsilon = ε}
    /// x² is Pow(x, 2) or Mul(x, x); the division is spelled as in <see cref="NormalizationForms.OverRoot"/>; γ is
    /// optional (then a constant 1).
    /// </summary>
    internal sealed class RmsNormPattern : PatternPass
    {
        public override string Name => "rmsnorm";

        protected override IReadOnlyCollection<string> Anchors { get; } = new[] { "ReduceMean" };

        protected override bool TryFuse(Graph scope, Node mean)
        {
            var p = new Pattern(scope);
            var squared = mean.Input(0);
            var square = squared?.Producer;
            if (square == null || square.Scope != scope || !scope.Nodes.Contains(square)) return false;
            var x = square.Input(0);
            if (x?.Shape == null || !Pattern.IsFusableType(x.Type) || !NormalizationForms.IsSquareOf(square, x)) return false;
            if (p.OnlyReader(squared, "ReduceMean") != mean) return false;
            int rank = x.Shape.Rank;
            int k = Pattern.TrailingCount(Pattern.KeptReducedAxes(mean), rank);
            if (k == 0) return false;
            p.Add(square);
            p.Add(mean);
            var plusEps = NormalizationForms.PlusEpsilon(p, mean.Output(0)!, out double epsilon);
            if (plusEps == null) return false;
            var divide = NormalizationForms.OverRoot(p, plusEps.Output(0)!, x);
            if (divide == null || !Pattern.SameTypeAndShape(divide.Output(0)!, x)) return false;

            var y = NormalizationForms.Affine(p, divide.Output(0)!, x, withBias: false, out var gamma, out _);
            return p.Replace(y, 23, "RMSNormalization", mean.Name + "_rmsnorm", new[] { x, gamma ?? p.Ones(mean.Name + "_ones", x.Type) },
                Pattern.Int("axis", rank - k), Pattern.Float("epsilon", (float)epsilon));
        }
    }
}

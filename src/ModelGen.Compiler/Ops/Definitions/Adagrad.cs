using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ai.onnx.preview.training Adagrad: per tensor X with gradient G and accumulated squared gradient H,
    /// r = R/(1 + T·decay_factor), g = norm_coefficient·X + G, H' = H + g², X' = X − r·g/(√H' + ε).
    /// Spec: https://onnx.ai/onnx/operators/onnx_aionnxpreviewtraining_Adagrad.html
    /// </summary>
    internal sealed class Adagrad : OptimizerOp
    {
        private static readonly Attr<float> DecayFactor = Attr.Float("decay_factor", 0f);
        private static readonly Attr<float> Epsilon = Attr.Float("epsilon", 0f);
        private static readonly Attr<float> NormCoefficient = Attr.Float("norm_coefficient", 0f);

        public override OpSchema Schema { get; } = SchemaFor("Adagrad").WithAttributes(DecayFactor, Epsilon, NormCoefficient);

        public override string Summary => "one Adagrad step per tensor (decayed rate, L2 term, accumulated squared gradient); R and T are read at run time.";

        protected override int States => 1;

        protected override string[] CoefficientNames { get; } = { "decayFactor", "epsilon", "normCoefficient" };

        protected override bool Configure(InferContext c, out string kernel, out float[] coefficients)
        {
            kernel = "optimizer.adagrad";
            coefficients = new[] { c.Get(DecayFactor), c.Get(Epsilon), c.Get(NormCoefficient) };
            return true;
        }
    }
}

using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ai.onnx.preview.training Adam: per tensor X with gradient G, momentum V and squared-gradient average H,
    /// g = norm_coefficient·X + G, V' = αV + (1−α)g, H' = βH + (1−β)g², r = R·√(1−β^T)/(1−α^T) when T &gt; 0 (else R),
    /// X' = (1 − norm_coefficient_post)·(X − r·V'/(√H' + ε)). Spec: https://onnx.ai/onnx/operators/onnx_aionnxpreviewtraining_Adam.html
    /// </summary>
    internal sealed class Adam : OptimizerOp
    {
        private static readonly Attr<float> Alpha = Attr.Float("alpha", 0.9f);
        private static readonly Attr<float> Beta = Attr.Float("beta", 0.999f);
        private static readonly Attr<float> Epsilon = Attr.Float("epsilon", 0f);
        private static readonly Attr<float> NormCoefficient = Attr.Float("norm_coefficient", 0f);
        private static readonly Attr<float> NormCoefficientPost = Attr.Float("norm_coefficient_post", 0f);

        public override OpSchema Schema { get; } = SchemaFor("Adam").WithAttributes(Alpha, Beta, Epsilon, NormCoefficient, NormCoefficientPost);

        public override string Summary => "one Adam step per tensor (bias-corrected rate once T > 0, L2 terms before and after); R and T are read at run time.";

        protected override int States => 2;

        protected override string[] CoefficientNames { get; } = { "alpha", "beta", "epsilon", "normCoefficient", "normCoefficientPost" };

        protected override bool Configure(InferContext c, out string kernel, out float[] coefficients)
        {
            kernel = "optimizer.adam";
            coefficients = new[] { c.Get(Alpha), c.Get(Beta), c.Get(Epsilon), c.Get(NormCoefficient), c.Get(NormCoefficientPost) };
            return true;
        }
    }
}

using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ai.onnx.preview.training Momentum: per tensor X with gradient G and momentum V, g = norm_coefficient·X + G,
    /// V' = αV + β'g with β' = β once T &gt; 0 (1 at the first step); 'standard' mode X' = X − R·V', 'nesterov'
    /// X' = X − R·(g + αV'). Spec: https://onnx.ai/onnx/operators/onnx_aionnxpreviewtraining_Momentum.html
    /// </summary>
    internal sealed class Momentum : OptimizerOp
    {
        private static readonly Attr<float> Alpha = Attr.Float("alpha", 0f).Required();
        private static readonly Attr<float> Beta = Attr.Float("beta", 0f).Required();
        private static readonly Attr<string> Mode = Attr.String("mode", "").Required();
        private static readonly Attr<float> NormCoefficient = Attr.Float("norm_coefficient", 0f).Required();

        public override OpSchema Schema { get; } = SchemaFor("Momentum").WithAttributes(Alpha, Beta, Mode, NormCoefficient);

        public override string Summary => "one step of SGD with momentum per tensor, 'standard' or 'nesterov'; R and T are read at run time.";

        protected override int States => 1;

        protected override string[] CoefficientNames { get; } = { "alpha", "beta", "normCoefficient" };

        protected override bool Configure(InferContext c, out string kernel, out float[] coefficients)
        {
            string mode = c.Get(Mode);
            kernel = mode == "nesterov" ? "optimizer.nesterov" : "optimizer.momentum";
            coefficients = new[] { c.Get(Alpha), c.Get(Beta), c.Get(NormCoefficient) };
            return mode == "standard" || mode == "nesterov" ||
                   c.Fail(DiagnosticIds.UnsupportedAttribute, "mode='" + mode + "' is not one of standard, nesterov.");
        }
    }
}

using ModelGen.Compiler.Ops.Common;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX HammingWindow: the Hamming window α − β·cos(2πk/N) with α = 25/46, β = 1 − α, N = size ('periodic') or size − 1 (see <see cref="WindowOp"/>).
    /// Spec: https://onnx.ai/onnx/operators/onnx__HammingWindow.html
    /// </summary>
    internal sealed class HammingWindow : WindowOp
    {
        public HammingWindow() : base("HammingWindow") { }

        public override string Summary => "the Hamming window of length 'size' (periodic or symmetric) as 'output_datatype'; a build-time size folds to a constant, a run-time one is a run-time dim.";

        protected override (double A0, double A1, double A2) Coefficients => (25.0 / 46, 1 - 25.0 / 46, 0);
    }
}

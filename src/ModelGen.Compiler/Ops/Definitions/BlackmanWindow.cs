using ModelGen.Compiler.Ops.Common;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX BlackmanWindow: the Blackman window 0.42 − 0.5·cos(2πk/N) + 0.08·cos(4πk/N), N = size ('periodic') or size − 1 (see <see cref="WindowOp"/>).
    /// Spec: https://onnx.ai/onnx/operators/onnx__BlackmanWindow.html
    /// </summary>
    internal sealed class BlackmanWindow : WindowOp
    {
        public BlackmanWindow() : base("BlackmanWindow") { }

        public override string Summary => "the Blackman window of length 'size' (periodic or symmetric) as 'output_datatype'; a build-time size folds to a constant, a run-time one is a run-time dim.";

        protected override (double A0, double A1, double A2) Coefficients => (0.42, 0.5, 0.08);
    }
}

using ModelGen.Compiler.Ops.Common;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX HannWindow: the Hann window sin²(πk/N) = 0.5 − 0.5·cos(2πk/N), N = size ('periodic') or size − 1 (see <see cref="WindowOp"/>).
    /// Spec: https://onnx.ai/onnx/operators/onnx__HannWindow.html
    /// </summary>
    internal sealed class HannWindow : WindowOp
    {
        public HannWindow() : base("HannWindow") { }

        public override string Summary => "the Hann window of length 'size' (periodic or symmetric) as 'output_datatype'; a build-time size folds to a constant, a run-time one is a run-time dim.";

        protected override (double A0, double A1, double A2) Coefficients => (0.5, 0.5, 0);
    }
}

using ModelGen.Compiler.Ops.Common;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX ReduceSumSquare: the sum of squares over 'axes' (see <see cref="ReduceOp"/>; 'axes' is an input from revision 18).
    /// Spec: https://onnx.ai/onnx/operators/onnx__ReduceSumSquare.html
    /// </summary>
    internal sealed class ReduceSumSquare : ReduceOp
    {
        public ReduceSumSquare() : base("ReduceSumSquare", new[] { 1, 11, 13, 18 }, axesInputFrom: 18, Reduction.SumSquare) { }
    }
}

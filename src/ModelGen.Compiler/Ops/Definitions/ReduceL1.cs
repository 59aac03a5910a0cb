using ModelGen.Compiler.Ops.Common;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX ReduceL1: the sum of absolute values over 'axes' (see <see cref="ReduceOp"/>; 'axes' is an input from revision 18).
    /// Spec: https://onnx.ai/onnx/operators/onnx__ReduceL1.html
    /// </summary>
    internal sealed class ReduceL1 : ReduceOp
    {
        public ReduceL1() : base("ReduceL1", new[] { 1, 11, 13, 18 }, axesInputFrom: 18, Reduction.L1) { }
    }
}

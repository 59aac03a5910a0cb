using ModelGen.Compiler.Ops.Common;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX ReduceL2: the square root of the sum of squares over 'axes' (see <see cref="ReduceOp"/>; 'axes' is an input from revision 18).
    /// Spec: https://onnx.ai/onnx/operators/onnx__ReduceL2.html
    /// </summary>
    internal sealed class ReduceL2 : ReduceOp
    {
        public ReduceL2() : base("ReduceL2", new[] { 1, 11, 13, 18 }, axesInputFrom: 18, Reduction.L2) { }
    }
}

using ModelGen.Compiler.Ops.Common;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX ReduceMin: the minimum (NaN propagates) over 'axes' (see <see cref="ReduceOp"/>; 'axes' is an input from revision 18).
    /// Spec: https://onnx.ai/onnx/operators/onnx__ReduceMin.html
    /// </summary>
    internal sealed class ReduceMin : ReduceOp
    {
        public ReduceMin() : base("ReduceMin", new[] { 1, 11, 12, 13, 18, 20 }, axesInputFrom: 18, Reduction.Min) { }
    }
}

using ModelGen.Compiler.Ops.Common;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX ReduceLogSumExp: the log of the sum of exponentials over 'axes' (see <see cref="ReduceOp"/>; 'axes' is an input from revision 18).
    /// Spec: https://onnx.ai/onnx/operators/onnx__ReduceLogSumExp.html
    /// </summary>
    internal sealed class ReduceLogSumExp : ReduceOp
    {
        public ReduceLogSumExp() : base("ReduceLogSumExp", new[] { 1, 11, 13, 18 }, axesInputFrom: 18, Reduction.LogSumExp) { }
    }
}

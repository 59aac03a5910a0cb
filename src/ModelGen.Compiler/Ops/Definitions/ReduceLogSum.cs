using ModelGen.Compiler.Ops.Common;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX ReduceLogSum: the log of the sum over 'axes' (see <see cref="ReduceOp"/>; 'axes' is an input from revision 18).
    /// Spec: https://onnx.ai/onnx/operators/onnx__ReduceLogSum.html
    /// </summary>
    internal sealed class ReduceLogSum : ReduceOp
    {
        public ReduceLogSum() : base("ReduceLogSum", new[] { 1, 11, 13, 18 }, axesInputFrom: 18, Reduction.LogSum) { }
    }
}

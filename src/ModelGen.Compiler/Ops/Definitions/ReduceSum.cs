using ModelGen.Compiler.Ops.Common;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX ReduceSum: the sum over 'axes' (see <see cref="ReduceOp"/>; 'axes' is an input from revision 13).
    /// Spec: https://onnx.ai/onnx/operators/onnx__ReduceSum.html
    /// </summary>
    internal sealed class ReduceSum : ReduceOp
    {
        public ReduceSum() : base("ReduceSum", new[] { 1, 11, 13 }, axesInputFrom: 13, Reduction.Sum) { }
    }
}

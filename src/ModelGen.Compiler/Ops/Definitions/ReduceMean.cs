using ModelGen.Compiler.Ops.Common;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX ReduceMean: the mean (integers: the truncated mean) over 'axes' (see <see cref="ReduceOp"/>; 'axes' is an input from revision 18).
    /// Spec: https://onnx.ai/onnx/operators/onnx__ReduceMean.html
    /// </summary>
    internal sealed class ReduceMean : ReduceOp
    {
        public ReduceMean() : base("ReduceMean", new[] { 1, 11, 13, 18 }, axesInputFrom: 18, Reduction.Mean) { }
    }
}

using ModelGen.Compiler.Ops.Common;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX ReduceMax: the maximum (NaN propagates) over 'axes' (see <see cref="ReduceOp"/>; 'axes' is an input from revision 18).
    /// Spec: https://onnx.ai/onnx/operators/onnx__ReduceMax.html
    /// </summary>
    internal sealed class ReduceMax : ReduceOp
    {
        public ReduceMax() : base("ReduceMax", new[] { 1, 11, 12, 13, 18, 20 }, axesInputFrom: 18, Reduction.Max) { }
    }
}

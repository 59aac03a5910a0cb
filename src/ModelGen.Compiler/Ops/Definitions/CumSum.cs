using ModelGen.Compiler.Ops.Common;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX CumSum: running sums along the axis input (see <see cref="CumulativeOp"/>); revision 14 adds float16.
    /// Spec: https://onnx.ai/onnx/operators/onnx__CumSum.html
    /// </summary>
    internal sealed class CumSum : CumulativeOp
    {
        public CumSum() : base("CumSum", new[] { 11, 14 }, product: false) { }
    }
}

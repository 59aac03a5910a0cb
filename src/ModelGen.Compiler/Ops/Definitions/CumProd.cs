using ModelGen.Compiler.Ops.Common;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX CumProd: running products along the axis input (see <see cref="CumulativeOp"/>).
    /// Spec: https://onnx.ai/onnx/operators/onnx__CumProd.html
    /// </summary>
    internal sealed class CumProd : CumulativeOp
    {
        public CumProd() : base("CumProd", new[] { 26 }, product: true) { }
    }
}

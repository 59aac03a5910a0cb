using ModelGen.Compiler.Ops.Common;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX ReduceProd: the product over 'axes' (see <see cref="ReduceOp"/>; 'axes' is an input from revision 18).
    /// Spec: https://onnx.ai/onnx/operators/onnx__ReduceProd.html
    /// </summary>
    internal sealed class ReduceProd : ReduceOp
    {
        public ReduceProd() : base("ReduceProd", new[] { 1, 11, 13, 18 }, axesInputFrom: 18, Reduction.Prod) { }
    }
}

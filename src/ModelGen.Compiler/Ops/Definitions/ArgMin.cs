using ModelGen.Compiler.Ops.Common;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX ArgMin: the index of the smallest element along 'axis' (see <see cref="ArgReduceOp"/>).
    /// Spec: https://onnx.ai/onnx/operators/onnx__ArgMin.html
    /// </summary>
    internal sealed class ArgMin : ArgReduceOp
    {
        public ArgMin() : base("ArgMin", max: false) { }
    }
}

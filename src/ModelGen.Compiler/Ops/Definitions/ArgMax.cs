using ModelGen.Compiler.Ops.Common;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX ArgMax: the index of the largest element along 'axis' (see <see cref="ArgReduceOp"/>).
    /// Spec: https://onnx.ai/onnx/operators/onnx__ArgMax.html
    /// </summary>
    internal sealed class ArgMax : ArgReduceOp
    {
        public ArgMax() : base("ArgMax", max: true) { }
    }
}

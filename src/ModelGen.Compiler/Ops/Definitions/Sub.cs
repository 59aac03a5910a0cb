using ModelGen.Compiler.Ops.Common;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>ONNX Sub: y = a - b, with broadcasting. Spec: https://onnx.ai/onnx/operators/onnx__Sub.html</summary>
    internal sealed class Sub : BinaryElementwise
    {
        public override string OpType => "Sub";
        protected override string KernelMethod => "Sub";
        protected override double ApplyFloat(double a, double b) => a - b;
        protected override long ApplyInt(long a, long b) => unchecked(a - b);
    }
}

using ModelGen.Compiler.Ops.Common;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>ONNX Add: y = a + b, with broadcasting. Spec: https://onnx.ai/onnx/operators/onnx__Add.html</summary>
    internal sealed class Add : BinaryElementwise
    {
        public override string OpType => "Add";
        protected override string KernelMethod => "Add";
        protected override double ApplyFloat(double a, double b) => a + b;
        protected override long ApplyInt(long a, long b) => unchecked(a + b);
    }
}

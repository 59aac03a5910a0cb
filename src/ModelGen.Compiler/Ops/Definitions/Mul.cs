using ModelGen.Compiler.Ops.Common;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>ONNX Mul: y = a * b, with broadcasting. Spec: https://onnx.ai/onnx/operators/onnx__Mul.html</summary>
    internal sealed class Mul : BinaryElementwise
    {
        public override string OpType => "Mul";
        protected override string KernelMethod => "Mul";
        protected override double ApplyFloat(double a, double b) => a * b;
        protected override long ApplyInt(long a, long b) => unchecked(a * b);
    }
}

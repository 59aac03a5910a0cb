using ModelGen.Compiler.Ops.Common;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>ONNX Div: y = a / b (integers truncate toward zero), with broadcasting. Spec: https://onnx.ai/onnx/operators/onnx__Div.html</summary>
    internal sealed class Div : BinaryElementwise
    {
        public override string OpType => "Div";
        protected override string KernelMethod => "Div";
        protected override double ApplyFloat(double a, double b) => a / b;
        protected override long ApplyInt(long a, long b) => unchecked(a / b);
    }
}

using System.Collections.Generic;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>ONNX Exp: y = e^x. Spec: https://onnx.ai/onnx/operators/onnx__Exp.html</summary>
    internal sealed class Exp : UnaryElementwise
    {
        public override string OpType => "Exp";
        public override int MaxOpset => 13;
        protected override string KernelMethod => "Exp";
        protected override IReadOnlyCollection<ElementType> Types => TypeSets.Float;
        protected override double Apply(double x) => System.Math.Exp(x);
    }
}

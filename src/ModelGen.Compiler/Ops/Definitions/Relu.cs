using System.Collections.Generic;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>ONNX Relu: y = max(x, 0). Spec: https://onnx.ai/onnx/operators/onnx__Relu.html</summary>
    internal sealed class Relu : UnaryElementwise
    {
        private static readonly ElementType[] s_types =
            { ElementType.Float, ElementType.Double, ElementType.Float16, ElementType.Int8, ElementType.Int16, ElementType.Int32, ElementType.Int64 };

        public override string OpType => "Relu";
        public override int MaxOpset => 14;
        protected override string KernelMethod => "Relu";
        protected override IReadOnlyCollection<ElementType> Types => s_types;
        protected override double Apply(double x) => x > 0 ? x : (double.IsNaN(x) ? x : 0);
    }
}

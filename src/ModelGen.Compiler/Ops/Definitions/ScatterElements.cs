using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX ScatterElements: data with updates written at the positions the indices name along 'axis' (see
    /// <see cref="ScatterElementsOp"/>); 'reduction' from revision 16 (none, add, mul; max and min from 18).
    /// Spec: https://onnx.ai/onnx/operators/onnx__ScatterElements.html
    /// </summary>
    internal sealed class ScatterElements : ScatterElementsOp
    {
        public override OpSchema Schema { get; } = new OpSchema("ScatterElements", new[] { 11, 13, 16, 18 })
            .Input("data", "T").Input("indices", "Tind").Input("updates", "T").Output("output", "T")
            .Types("T", TypeSets.Any).Types("Tind", TypeSets.Indices).WithAttributes(Axis, ScatterReductions.Attribute);

        public override string Summary => "data with updates scattered along 'axis' by int32/int64 indices (negative ones count from the end); reduction none/add/mul/max/min (numeric types).";

        protected override int? Reduction(InferContext c) => ScatterReductions.Code(c);
    }
}

using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX Scatter, deprecated at opset 11 in favour of ScatterElements, whose revision 11 it equals (no reduction;
    /// negative indices count from the end, as ScatterElements-11 allows). Revision 11 is ONNX's deprecation
    /// marker; ModelGen compiles it like revision 9, as runtimes do. Spec: https://onnx.ai/onnx/operators/onnx__Scatter.html
    /// </summary>
    internal sealed class Scatter : ScatterElementsOp
    {
        public override OpSchema Schema { get; } = new OpSchema("Scatter", new[] { 9, 11 })
            .Input("data", "T").Input("indices", "Tind").Input("updates", "T").Output("output", "T")
            .Types("T", TypeSets.Any).Types("Tind", TypeSets.Indices).WithAttributes(Axis);

        public override string Summary => "deprecated ScatterElements without reduction: data with updates scattered along 'axis' by int32/int64 indices.";

        protected override int? Reduction(InferContext c) => 0;
    }
}

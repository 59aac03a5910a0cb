using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX SequenceAt: the tensor at 'position' (negative counts from the end). Resolved at build time into an
    /// Identity of that tensor, so the position must be a constant. Spec: https://onnx.ai/onnx/operators/onnx__SequenceAt.html
    /// </summary>
    internal sealed class SequenceAt : SequenceOp
    {
        public override OpSchema Schema { get; } = new OpSchema("SequenceAt", new[] { 11 })
            .Input("input_sequence", "S").Input("position", "I").Output("tensor", "T")
            .Types("S", TypeSets.Any).Types("T", TypeSets.Any).Types("I", TypeSets.Indices);

        public override string Summary => "the tensor at a build-time position; becomes an Identity of that tensor.";

        internal override bool Rewrite(OpRewrite r)
        {
            var elements = r.Elements(0);
            if (elements == null) return false;
            long? position = r.Position(1, elements.Count, absent: 0);
            return position != null && r.Emit("Identity", new[] { elements[(int)position.Value] }, into: 0) != null;
        }
    }
}

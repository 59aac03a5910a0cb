using System.Collections.Generic;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX SequenceErase: a new sequence without the tensor at 'position' (default: the last; negative counts from
    /// the end), resolved at build time, so the position must be a constant.
    /// Spec: https://onnx.ai/onnx/operators/onnx__SequenceErase.html
    /// </summary>
    internal sealed class SequenceErase : SequenceOp
    {
        public override OpSchema Schema { get; } = new OpSchema("SequenceErase", new[] { 11 })
            .Input("input_sequence", "S").Input("position", "I", optional: true).Output("output_sequence", "S")
            .Types("S", TypeSets.Any).Types("I", TypeSets.Indices);

        public override string Summary => "removes the tensor at a build-time position (default: the last), resolved at build time.";

        internal override bool Rewrite(OpRewrite r)
        {
            var elements = r.Elements(0);
            if (elements == null) return false;
            long? position = r.Position(1, elements.Count, absent: -1);
            if (position == null) return false;
            var result = new List<Value>(elements);
            result.RemoveAt((int)position.Value);
            return r.Define(0, new BuildTimeSequence(result));
        }
    }
}

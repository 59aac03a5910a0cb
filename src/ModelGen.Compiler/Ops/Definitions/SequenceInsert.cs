using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX SequenceInsert: a new sequence with 'tensor' at 'position' (default: the end; negative counts from the
    /// end, -n..n), resolved at build time, so the position must be a constant.
    /// Spec: https://onnx.ai/onnx/operators/onnx__SequenceInsert.html
    /// </summary>
    internal sealed class SequenceInsert : SequenceOp
    {
        public override OpSchema Schema { get; } = new OpSchema("SequenceInsert", new[] { 11 })
            .Input("input_sequence", "S").Input("tensor", "T").Input("position", "I", optional: true).Output("output_sequence", "S")
            .Types("S", TypeSets.Any).Types("T", TypeSets.Any).Types("I", TypeSets.Indices);

        public override string Summary => "inserts a tensor at a build-time position (default: the end), resolved at build time.";

        internal override bool Rewrite(OpRewrite r)
        {
            var elements = r.Elements(0);
            var tensor = r.Tensor(1);
            if (elements == null || tensor == null) return false;
            long? position = r.Position(2, elements.Count, absent: elements.Count, insert: true);
            if (position == null || !r.SameType(elements.Append(tensor))) return false;
            var result = new List<Value>(elements);
            result.Insert((int)position.Value, tensor);
            return r.Define(0, new BuildTimeSequence(result));
        }
    }
}

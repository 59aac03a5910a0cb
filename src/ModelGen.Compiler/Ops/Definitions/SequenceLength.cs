using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX SequenceLength: the number of tensors, an int64 scalar. A build-time constant, or a dim expression when
    /// the count follows a run-time input's length (SplitToSequence by a 'split' of symbolic length).
    /// Spec: https://onnx.ai/onnx/operators/onnx__SequenceLength.html
    /// </summary>
    internal sealed class SequenceLength : SequenceOp
    {
        public override OpSchema Schema { get; } = new OpSchema("SequenceLength", new[] { 11 })
            .Input("input_sequence", "S").Output("length", "I").Types("S", TypeSets.Any).Types("I", TypeSets.Int64);

        public override string Summary => "the number of tensors: a build-time constant (or dim expression).";

        internal override bool Rewrite(OpRewrite r)
        {
            var sequence = r.Sequence(0);
            return sequence != null && r.Emit("Identity", new[] { r.Length(sequence.Length) }, into: 0) != null;
        }
    }
}

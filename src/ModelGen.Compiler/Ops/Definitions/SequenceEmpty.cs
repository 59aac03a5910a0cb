using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>ONNX SequenceEmpty: a sequence of no tensors, resolved at build time ('dtype' only types the elements later inserted). Spec: https://onnx.ai/onnx/operators/onnx__SequenceEmpty.html</summary>
    internal sealed class SequenceEmpty : SequenceOp
    {
        public override OpSchema Schema { get; } = new OpSchema("SequenceEmpty", new[] { 11 })
            .Output("output", "S").Types("S", TypeSets.Any).WithAttributes(Attr.Int("dtype", 1));

        public override string Summary => "an empty sequence, resolved at build time (no sequence exists at run time).";

        internal override bool Rewrite(OpRewrite r) => r.Define(0, new BuildTimeSequence(new Value[0]));
    }
}

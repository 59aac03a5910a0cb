using System.Collections.Generic;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>ONNX SequenceConstruct: the sequence of its input tensors, in order, resolved at build time. Spec: https://onnx.ai/onnx/operators/onnx__SequenceConstruct.html</summary>
    internal sealed class SequenceConstruct : SequenceOp
    {
        public override OpSchema Schema { get; } = new OpSchema("SequenceConstruct", new[] { 11 })
            .Input("inputs", "T", variadic: true).Output("output_sequence", "S").Types("T", TypeSets.Any).Types("S", TypeSets.Any);

        public override string Summary => "the sequence of the inputs, resolved at build time (no sequence exists at run time).";

        internal override bool Rewrite(OpRewrite r)
        {
            var elements = new List<Value>();
            for (int i = 0; i < r.Node.Inputs.Count; i++)
            {
                var t = r.Tensor(i);
                if (t == null) return false;
                elements.Add(t);
            }
            return r.SameType(elements) && r.Define(0, new BuildTimeSequence(elements));
        }
    }
}

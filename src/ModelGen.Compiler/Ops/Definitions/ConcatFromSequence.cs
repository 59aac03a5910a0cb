using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX ConcatFromSequence: the sequence's tensors joined along 'axis', or with 'new_axis' = 1 stacked along a
    /// new axis (then 'axis' may also be rank, counting from -rank-1). Resolved at build time into a Concat of the
    /// elements (each Unsqueezed first when stacking). Spec: https://onnx.ai/onnx/operators/onnx__ConcatFromSequence.html
    /// </summary>
    internal sealed class ConcatFromSequence : SequenceOp
    {
        private static readonly Attr<long> Axis = Attr.Int("axis", 0).Required();
        private static readonly Attr<long> NewAxis = Attr.Int("new_axis", 0);

        public override OpSchema Schema { get; } = new OpSchema("ConcatFromSequence", new[] { 11 })
            .Input("input_sequence", "S").Output("concat_result", "T").Types("S", TypeSets.Any).Types("T", TypeSets.Any)
            .WithAttributes(Axis, NewAxis);

        public override string Summary => "joins (or, with new_axis, stacks) the sequence's tensors; becomes a Concat at build time.";

        internal override bool Rewrite(OpRewrite r)
        {
            var c = r.Context;
            if (!c.Has(Axis)) return c.Fail(DiagnosticIds.InvalidGraph, "has no 'axis' attribute, which ConcatFromSequence requires.");
            var elements = r.Elements(0);
            if (elements == null) return false;
            if (elements.Count == 0) return c.Fail(DiagnosticIds.InvalidGraph, "concatenates an empty sequence, which has no element type or shape.");
            long axis = c.Get(Axis);
            IReadOnlyList<Value> parts = elements;
            if (c.Get(NewAxis) == 1)
            {
                // Stacking: axis counts in the result, whose rank is one more than the elements'.
                if (!c.Axis(axis, elements[0].Shape!.Rank + 1, "axis", out int stackAxis)) return false;
                var unsqueezed = new List<Value>();
                foreach (var e in elements)
                {
                    var u = r.Emit("Unsqueeze", new[] { e, r.Int64s(stackAxis) }, into: null);
                    if (u == null) return false;
                    unsqueezed.Add(u);
                }
                parts = unsqueezed;
                axis = stackAxis;
            }
            return r.Emit("Concat", parts, into: 0, OpRewrite.Int("axis", axis)) != null;
        }
    }
}

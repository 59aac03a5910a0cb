using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX SplitToSequence: 'input' cut along 'axis' into a sequence. With no 'split', one part per index (squeezed
    /// away when 'keepdims' = 0); a scalar 'split' cuts parts of that length (the last may be shorter); a 1-D 'split'
    /// lists the lengths. Resolved at build time into a Split, so the number of parts must be known then: the
    /// lengths themselves may be run-time values. When only the count's expression is known (a 1-D 'split' of
    /// symbolic length), SequenceLength can still read the sequence. Spec: https://onnx.ai/onnx/operators/onnx__SplitToSequence.html
    /// </summary>
    internal sealed class SplitToSequence : SequenceOp
    {
        private static readonly Attr<long> Axis = Attr.Int("axis", 0);
        private static readonly Attr<long> KeepDims = Attr.Int("keepdims", 1);

        public override OpSchema Schema { get; } = new OpSchema("SplitToSequence", new[] { 11, 24 })
            .Input("input", "T").Input("split", "I", optional: true).Output("output_sequence", "S")
            .Types("T", TypeSets.Any).Types("I", TypeSets.Indices).Types("S", TypeSets.Any).WithAttributes(Axis, KeepDims);

        public override string Summary =>
            "cuts 'axis' into a sequence (one part per index, parts of a scalar length, or listed lengths); becomes a Split at build time.";

        internal override bool Rewrite(OpRewrite r)
        {
            var c = r.Context;
            var input = r.Tensor(0);
            if (input == null) return false;
            if (!c.Axis(c.Get(Axis), input.Shape!.Rank, "axis", out int axis)) return false;
            var length = input.Shape[axis];
            var split = c.HasInput(1) ? r.Tensor(1) : null;
            if (c.HasInput(1) && split == null) return false;

            if (split != null && split.Shape!.Rank == 1)
            {
                var count = split.Shape[0];
                if (!count.IsStatic)
                    return r.Define(0, new BuildTimeSequence(count, "its part count is the length of 'split', " + count + ", known only at run time"));
                var lengths = split.Type == ElementType.Int64 ? split : r.Emit("Cast", new[] { split }, into: null, OpRewrite.Int("to", (long)ElementType.Int64));
                if (lengths == null) return false;
                return DefineParts(r, r.Emit("Split", new[] { input, lengths }, (int)count.Value, into: null, OpRewrite.Int("axis", axis)));
            }

            if (!c.Static(length, "the length of axis " + axis + " of '" + input.Name + "' (it sets the number of parts)")) return false;
            long total = length.Value;
            if (split == null)
            {
                if (total == 0) return r.Define(0, new BuildTimeSequence(new Value[0]));
                var parts = r.Emit("Split", new[] { input }, (int)total, into: null, OpRewrite.Int("axis", axis));
                if (parts == null || c.Get(KeepDims) != 0) return DefineParts(r, parts);
                var squeezed = new List<Value>();
                foreach (var p in parts)
                {
                    var s = r.Emit("Squeeze", new[] { p, r.Int64s(axis) }, into: null);
                    if (s == null) return false;
                    squeezed.Add(s);
                }
                return DefineParts(r, squeezed);
            }

            var chunk = split.KnownDims;
            if (chunk == null || chunk.Count != 1 || !chunk[0].IsStatic)
                return c.Fail(DiagnosticIds.DynamicShape, "'split' is a scalar computed at run time; the number of parts must be known at build time.");
            long size = chunk[0].Value;
            if (size <= 0) return c.Fail(DiagnosticIds.InvalidGraph, "'split' is " + size + "; a part length must be positive.");
            var sizes = new List<long>();
            for (long at = 0; at < total; at += size) sizes.Add(System.Math.Min(size, total - at));
            if (sizes.Count == 0) return r.Define(0, new BuildTimeSequence(new Value[0]));
            return DefineParts(r, r.Emit("Split", new[] { input, r.Int64s(sizes.ToArray()) }, sizes.Count, into: null, OpRewrite.Int("axis", axis)));
        }

        private static bool DefineParts(OpRewrite r, IReadOnlyList<Value>? parts) =>
            parts != null && r.Define(0, new BuildTimeSequence(parts.ToList()));
    }
}

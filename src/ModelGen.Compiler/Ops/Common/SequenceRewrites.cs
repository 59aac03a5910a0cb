using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Ops.Common
{
    /// <summary>
    /// What sequence ops' rewrites share: reading a sequence input (and its elements, which the build must know),
    /// build-time positions, and recording an output sequence, which only sequence ops of the same graph may read.
    /// </summary>
    internal static class SequenceRewrites
    {
        /// <summary>Input <paramref name="i"/> as a sequence; null (reported, or quietly when it failed upstream) when it is not one.</summary>
        public static BuildTimeSequence? Sequence(this OpRewrite r, int i)
        {
            var v = r.Node.Input(i);
            if (v == null) { r.Context.Fail(DiagnosticIds.InvalidGraph, "input " + i + " (a sequence) is missing."); return null; }
            if (v.Sequence != null) return v.Sequence;
            // No shape and no sequence: its producer, or the graph input's type, was already reported.
            if (v.Shape == null) { r.Context.FailQuietly(); return null; }
            r.Context.Fail(DiagnosticIds.InvalidGraph, "input '" + v.Name + "' is a tensor where a sequence is expected.");
            return null;
        }

        /// <summary>The tensors input <paramref name="i"/> holds; null (reported) when the build does not know them.</summary>
        public static IReadOnlyList<Value>? Elements(this OpRewrite r, int i)
        {
            var s = r.Sequence(i);
            if (s == null) return null;
            if (s.Elements != null) return s.Elements;
            r.Context.Fail(DiagnosticIds.DynamicShape, "needs the elements of sequence '" + r.Node.Inputs[i]!.Name + "', but " + s.ElementsUnknownBecause + "; ModelGen resolves sequences at build time.");
            return null;
        }

        /// <summary>
        /// The position in input <paramref name="i"/> (a scalar), normalised against <paramref name="length"/>
        /// (negative counts from the end) and checked to lie in [0, length - 1], or [0, length] when
        /// <paramref name="insert"/>; <paramref name="absent"/> when the input is omitted. Null, reported, when it is
        /// out of range or known only at run time.
        /// </summary>
        public static long? Position(this OpRewrite r, int i, int length, long absent, bool insert = false)
        {
            var v = r.Node.Input(i);
            long position = absent;
            if (v != null)
            {
                if (v.Shape == null) { r.Context.FailQuietly(); return null; }
                var dims = v.KnownDims;
                if (dims == null || dims.Count != 1 || !dims[0].IsStatic)
                {
                    r.Context.Fail(DiagnosticIds.DynamicShape, "position '" + v.Name + "' is computed at run time; ModelGen resolves sequences at build time, so positions must be constants.");
                    return null;
                }
                position = dims[0].Value;
            }
            if (position < 0) position += length;
            long last = insert ? length : length - 1;
            if (position >= 0 && position <= last) return position;
            r.Context.Fail(DiagnosticIds.InvalidGraph, "position " + (v == null ? absent : position) + " is out of range for a sequence of " + length + " element" + (length == 1 ? "" : "s") + ".");
            return null;
        }

        /// <summary>Records output <paramref name="o"/> as <paramref name="sequence"/>; false (reported) when something other than a sequence op of this graph reads it.</summary>
        public static bool Define(this OpRewrite r, int o, BuildTimeSequence sequence)
        {
            var v = r.Node.Output(o);
            if (v == null) return true;
            foreach (var reader in v.Consumers)
                if (!(reader.Op is SequenceOp) || reader.Scope != r.Node.Scope)
                    return r.Context.Fail(DiagnosticIds.UnsupportedValueType, "sequence '" + v.Name + "' is read by " + reader.Describe() +
                        "; ModelGen resolves sequences at build time, so only sequence ops of the same graph may read one.");
            v.Sequence = sequence;
            return true;
        }

        /// <summary>Checks that <paramref name="tensors"/> share one element type, as a sequence's elements must.</summary>
        public static bool SameType(this OpRewrite r, IEnumerable<Value> tensors)
        {
            var types = tensors.Select(t => t.Type).Distinct().ToList();
            return types.Count <= 1 || r.Context.Fail(DiagnosticIds.InvalidGraph, "mixes element types " + string.Join(" and ", types.Select(ElementTypes.OnnxName)) + " in one sequence.");
        }

        /// <summary>A build-time int64 scalar whose value is a dim expression (a sequence length).</summary>
        public static Value Length(this OpRewrite r, Dim length) =>
            length.IsStatic ? r.Constant(TensorData.FromInt64(new long[0], new[] { length.Value })) : r.Symbolic(new DimTensor(ElementType.Int64, new long[0], new[] { length }));

    }
}

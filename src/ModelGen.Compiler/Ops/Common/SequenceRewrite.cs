using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Passes;

namespace ModelGen.Compiler.Ops.Common
{
    /// <summary>
    /// What a <see cref="SequenceOp"/> rewrite works with: the node's sequence and tensor inputs, build-time
    /// positions, and a builder for the tensor nodes that replace it (inserted before it, inferred at once, each
    /// able to write one of the node's own outputs so names and readers stay). The node is erased once its
    /// rewrite succeeds, and a sequence value leaves the graph with its last reader.
    /// </summary>
    internal sealed class SequenceRewrite
    {
        private readonly GraphBuilder _build;

        private SequenceRewrite(Node node, ProblemBag problems)
        {
            Node = node;
            Context = new InferContext(node, problems);
            _build = new GraphBuilder(node.Scope!, node, problems);
        }

        public Node Node { get; }

        /// <summary>Attributes and problem reporting, as ops use them in inference.</summary>
        public InferContext Context { get; }

        /// <summary>Runs <paramref name="op"/>'s rewrite of <paramref name="node"/> and erases the node when it succeeds.</summary>
        public static bool Run(Node node, SequenceOp op, ProblemBag problems)
        {
            var r = new SequenceRewrite(node, problems);
            if (!op.Rewrite(r) || !r.Context.Ok) return false;
            var scope = node.Scope!;
            var inputs = node.Inputs.Where(i => i?.Sequence != null).Distinct().ToList();
            scope.Erase(node);
            foreach (var s in inputs)
                if (s!.Producer == null && s.Consumers.Count == 0 && s.Kind == ValueKind.Computed) scope.RemoveValue(s);
            return true;
        }

        /// <summary>Input <paramref name="i"/> as a sequence; null (reported, or quietly when it failed upstream) when it is not one.</summary>
        public BuildTimeSequence? Sequence(int i)
        {
            var v = Node.Input(i);
            if (v == null) { Context.Fail(DiagnosticIds.InvalidGraph, "input " + i + " (a sequence) is missing."); return null; }
            if (v.Sequence != null) return v.Sequence;
            // No shape and no sequence: its producer, or the graph input's type, was already reported.
            if (v.Shape == null) { Context.FailQuietly(); return null; }
            Context.Fail(DiagnosticIds.InvalidGraph, "input '" + v.Name + "' is a tensor where a sequence is expected.");
            return null;
        }

        /// <summary>The tensors input <paramref name="i"/> holds; null (reported) when the build does not know them.</summary>
        public IReadOnlyList<Value>? Elements(int i)
        {
            var s = Sequence(i);
            if (s == null) return null;
            if (s.Elements != null) return s.Elements;
            Context.Fail(DiagnosticIds.DynamicShape, "needs the elements of sequence '" + Node.Inputs[i]!.Name + "', but " + s.ElementsUnknownBecause + "; ModelGen resolves sequences at build time.");
            return null;
        }

        /// <summary>Input <paramref name="i"/> as a tensor; null (quietly: already reported) when it did not infer.</summary>
        public Value? Tensor(int i)
        {
            var v = Node.Input(i);
            if (v == null) { Context.Fail(DiagnosticIds.InvalidGraph, "input " + i + " (a tensor) is missing."); return null; }
            if (v.Sequence != null) { Context.Fail(DiagnosticIds.InvalidGraph, "input '" + v.Name + "' is a sequence where a tensor is expected."); return null; }
            if (v.Shape == null) { Context.FailQuietly(); return null; }
            return v;
        }

        /// <summary>
        /// The position in input <paramref name="i"/> (a scalar), normalised against <paramref name="length"/>
        /// (negative counts from the end) and checked to lie in [0, length - 1], or [0, length] when
        /// <paramref name="insert"/>; <paramref name="absent"/> when the input is omitted. Null, reported, when it is
        /// out of range or known only at run time.
        /// </summary>
        public long? Position(int i, int length, long absent, bool insert = false)
        {
            var v = Node.Input(i);
            long position = absent;
            if (v != null)
            {
                if (v.Shape == null) { Context.FailQuietly(); return null; }
                var dims = v.KnownDims;
                if (dims == null || dims.Count != 1 || !dims[0].IsStatic)
                {
                    Context.Fail(DiagnosticIds.DynamicShape, "position '" + v.Name + "' is computed at run time; ModelGen resolves sequences at build time, so positions must be constants.");
                    return null;
                }
                position = dims[0].Value;
            }
            if (position < 0) position += length;
            long last = insert ? length : length - 1;
            if (position >= 0 && position <= last) return position;
            Context.Fail(DiagnosticIds.InvalidGraph, "position " + (v == null ? absent : position) + " is out of range for a sequence of " + length + " element" + (length == 1 ? "" : "s") + ".");
            return null;
        }

        /// <summary>Records output <paramref name="o"/> as <paramref name="sequence"/>; false (reported) when something other than a sequence op of this graph reads it.</summary>
        public bool Define(int o, BuildTimeSequence sequence)
        {
            var v = Node.Output(o);
            if (v == null) return true;
            foreach (var reader in v.Consumers)
                if (!(reader.Op is SequenceOp) || reader.Scope != Node.Scope)
                    return Context.Fail(DiagnosticIds.UnsupportedValueType, "sequence '" + v.Name + "' is read by " + reader.Describe() +
                        "; ModelGen resolves sequences at build time, so only sequence ops of the same graph may read one.");
            v.Sequence = sequence;
            return true;
        }

        /// <summary>Checks that <paramref name="tensors"/> share one element type, as a sequence's elements must.</summary>
        public bool SameType(IEnumerable<Value> tensors)
        {
            var types = tensors.Select(t => t.Type).Distinct().ToList();
            return types.Count <= 1 || Context.Fail(DiagnosticIds.InvalidGraph, "mixes element types " + string.Join(" and ", types.Select(ElementTypes.OnnxName)) + " in one sequence.");
        }

        /// <summary>Adds a tensor node writing output <paramref name="into"/> of the node being rewritten, or a fresh value when null; null when it does not infer (reported).</summary>
        public Value? Emit(string op, IEnumerable<Value?> inputs, int? into, params NodeAttribute[] attributes)
        {
            var outputs = Emit(op, inputs, 1, into, attributes);
            return outputs?[0];
        }

        /// <summary>Adds a tensor node with <paramref name="count"/> fresh outputs (or output <paramref name="into"/> as its only one).</summary>
        public IReadOnlyList<Value>? Emit(string op, IEnumerable<Value?> inputs, int count, int? into, params NodeAttribute[] attributes)
        {
            string hint = Node.Name + "_" + op;
            var outputs = into != null ? new[] { Node.Outputs[into.Value]! } : Enumerable.Range(0, count).Select(_ => _build.Fresh(hint)).ToArray();
            if (_build.TryAdd(op, hint, inputs, outputs, attributes) != null) return outputs;
            Context.FailQuietly();
            return null;
        }

        /// <summary>A build-time int64 tensor: a position list, axes, split lengths.</summary>
        public Value Int64s(params long[] values) => _build.Constant(Node.Name + "_const", TensorData.FromInt64(new long[] { values.Length }, values));

        /// <summary>A build-time int64 scalar whose value is a dim expression (a sequence length).</summary>
        public Value Length(Dim length)
        {
            if (length.IsStatic) return _build.Constant(Node.Name + "_length", TensorData.FromInt64(new long[0], new[] { length.Value }));
            var v = Node.Scope!.AddFreshValue(Node.Name + "_length", ValueKind.Constant);
            v.Type = ElementType.Int64;
            v.Shape = Shape.Scalar;
            v.Symbolic = new DimTensor(ElementType.Int64, new long[0], new[] { length });
            return v;
        }

        public static NodeAttribute Int(string name, long value) => new NodeAttribute(name, AttributeKind.Int) { Int = value };
    }
}

using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Passes;

namespace ModelGen.Compiler.Ops.Common
{
    /// <summary>
    /// What a <see cref="RewriteOp"/> works with: the node's inputs, its attributes and problem reporting, and a
    /// builder for the tensor nodes that replace it (inserted before it, inferred at once, each able to write one
    /// of the node's own outputs so names and readers stay). The node is erased once its rewrite succeeds, and a
    /// sequence value it read leaves the graph with its last reader. (Sequence helpers: <see cref="SequenceRewrites"/>.)
    /// </summary>
    internal sealed class OpRewrite
    {
        private readonly GraphBuilder _build;

        private OpRewrite(Node node, ProblemBag problems)
        {
            Node = node;
            Context = new InferContext(node, problems);
            _build = new GraphBuilder(node.Scope!, node, problems);
        }

        public Node Node { get; }

        /// <summary>Attributes and problem reporting, as ops use them in inference.</summary>
        public InferContext Context { get; }

        /// <summary>Runs <paramref name="op"/>'s rewrite of <paramref name="node"/> and erases the node when it succeeds.</summary>
        public static bool Run(Node node, RewriteOp op, ProblemBag problems)
        {
            var r = new OpRewrite(node, problems);
            if (!op.Rewrite(r) || !r.Context.Ok) return false;
            var scope = node.Scope!;
            var inputs = node.Inputs.Where(i => i?.Sequence != null).Distinct().ToList();
            scope.Erase(node);
            foreach (var s in inputs)
                if (s!.Producer == null && s.Consumers.Count == 0 && s.Kind == ValueKind.Computed) scope.RemoveValue(s);
            return true;
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
            // An omitted output (empty name) still gets a value to write, which nothing reads.
            var own = into != null ? Node.Output(into.Value) : null;
            var outputs = own != null ? new[] { own } : Enumerable.Range(0, into != null ? 1 : count).Select(_ => _build.Fresh(hint)).ToArray();
            if (_build.TryAdd(op, hint, inputs, outputs, attributes) != null) return outputs;
            Context.FailQuietly();
            return null;
        }

        /// <summary>A build-time int64 tensor: a position list, axes, split lengths.</summary>
        public Value Int64s(params long[] values) => Constant(TensorData.FromInt64(new long[] { values.Length }, values));

        /// <summary>A build-time tensor of this scope.</summary>
        public Value Constant(TensorData data) => _build.Constant(Node.Name + "_const", data);

        /// <summary>A build-time value whose elements are dim expressions (a sequence length).</summary>
        public Value Symbolic(DimTensor elements)
        {
            var v = Node.Scope!.AddFreshValue(Node.Name + "_dims", ValueKind.Constant);
            v.Type = elements.Type;
            v.Shape = elements.Shape;
            v.Symbolic = elements;
            return v;
        }

        public static NodeAttribute Int(string name, long value) => new NodeAttribute(name, AttributeKind.Int) { Int = value };
    }
}

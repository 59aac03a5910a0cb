using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Import;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Shapes;

namespace ModelGen.Compiler.Passes
{
    /// <summary>
    /// What rewrites use to add nodes: each new node is inserted before an anchor, resolved and inferred at once,
    /// so its outputs have types, shapes and (when its inputs are known) build-time values. New nodes use ai.onnx
    /// opset <see cref="Opset"/> whatever the model imports: they are the compiler's own, not the model's; a rewrite
    /// that needs a newer op (LayerNormalization-17, Gelu-20, Attention-23) names the opset with <see cref="TryAddAt"/>.
    /// </summary>
    internal sealed class GraphBuilder
    {
        public const int Opset = 13;

        private readonly Graph _g;
        private readonly Node _before;
        private readonly ProblemBag _problems;

        public GraphBuilder(Graph g, Node before, ProblemBag problems)
        {
            _g = g;
            _before = before;
            _problems = problems;
        }

        /// <summary>Adds <c>%name = op(inputs) {attributes}</c>; returns its output.</summary>
        public Value Node(string op, string hint, IEnumerable<Value?> inputs, params NodeAttribute[] attributes)
        {
            var output = _g.AddFreshValue(hint, ValueKind.Computed);
            if (TryAdd(op, hint, inputs, new[] { output }, attributes) == null)
                throw new System.InvalidOperationException("a rewrite built a " + op + " node that does not infer.");
            return output;
        }

        /// <summary>
        /// Adds <c>outputs = op(inputs) {attributes}</c>, writing into the given values (which may be values an
        /// erased node used to compute, so their names and readers stay). Null when the node does not resolve
        /// or infer; the reason is then in the problem bag.
        /// </summary>
        public Node? TryAdd(string op, string hint, IEnumerable<Value?> inputs, IReadOnlyList<Value> outputs, params NodeAttribute[] attributes) =>
            TryAddAt(Opset, op, hint, inputs, outputs, attributes);

        /// <summary><see cref="TryAdd"/> with the node at ai.onnx opset <paramref name="opset"/> (it resolves to the op revision in effect there).</summary>
        public Node? TryAddAt(int opset, string op, string hint, IEnumerable<Value?> inputs, IReadOnlyList<Value> outputs, params NodeAttribute[] attributes)
        {
            var node = new Node(_g.FreshNodeName(hint), op, "", opset);
            foreach (var a in attributes) node.Attributes[a.Name] = a;
            _g.InsertNode(node, inputs, outputs, _before);
            return OpResolution.Resolve(node, _problems) && ShapeInference.InferNode(node, _problems) ? node : null;
        }

        /// <summary>A fresh computed value of this scope, for <see cref="TryAdd"/> to write.</summary>
        public Value Fresh(string hint) => _g.AddFreshValue(hint, ValueKind.Computed);

        /// <summary>A build-time constant.</summary>
        public Value Constant(string hint, TensorData data)
        {
            var v = _g.AddFreshValue(hint, ValueKind.Constant);
            v.Type = data.Type;
            v.Shape = data.Shape;
            v.Data = data;
            return v;
        }
    }
}

using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Passes.Patterns
{
    /// <summary>
    /// What the pattern passes share: walking from a value to the node that computes it, reading build-time
    /// constants by value, the axes a Reduce node folds, and replacing a matched subgraph by one node. A match is a
    /// set of nodes of one scope; every value those nodes compute, except the last node's output, must be read only
    /// inside the match and must not be a graph output, or the rewrite would drop a value someone still needs.
    /// </summary>
    internal sealed class Pattern
    {
        private readonly List<Node> _nodes = new List<Node>();
        private readonly List<Value> _constants = new List<Value>();
        private readonly List<Node> _helpers = new List<Node>();

        public Pattern(Graph scope) { Scope = scope; }

        public Graph Scope { get; }

        public IReadOnlyList<Node> Nodes => _nodes;

        /// <summary>Adds <paramref name="n"/> to the match (once); returns it.</summary>
        public Node Add(Node n)
        {
            if (!_nodes.Contains(n)) _nodes.Add(n);
            return n;
        }

        public bool Contains(Node n) => _nodes.Contains(n);

        /// <summary>The node of this scope, of ai.onnx <paramref name="op"/>, that computes <paramref name="v"/>; null otherwise.</summary>
        public Node? Producer(Value? v, string op)
        {
            var p = v?.Producer;
            return p != null && p.OpType == op && p.Domain.Length == 0 && p.Scope == Scope && Scope.Nodes.Contains(p) ? p : null;
        }

        /// <summary>The only reader of <paramref name="v"/> when it is an ai.onnx <paramref name="op"/> node of this scope and <paramref name="v"/> is no graph output; null otherwise.</summary>
        public Node? OnlyReader(Value? v, string op)
        {
            if (v == null || v.IsGraphOutput || v.Consumers.Count != 1) return null;
            var n = v.Consumers[0];
            return n.OpType == op && n.Domain.Length == 0 && n.Scope == Scope ? n : null;
        }

        /// <summary>
        /// True when every value the match computes, except <paramref name="result"/>, is read by match nodes only and
        /// is not a graph output, and every node's outputs beyond the first are absent or unread.
        /// </summary>
        public bool IsClosed(Value result)
        {
            foreach (var n in _nodes)
                foreach (var o in n.Outputs)
                {
                    if (o == null || o == result) continue;
                    if (o.IsGraphOutput || Scope.Outputs.Contains(o)) return false;
                    if (o.Consumers.Any(c => !_nodes.Contains(c))) return false;
                }
            return true;
        }

        /// <summary>
        /// Replaces the match by <c>op(inputs) {attributes}</c> at ai.onnx <paramref name="opset"/>, which writes
        /// <paramref name="result"/> (so its name and readers stay, a graph output's included); the match's nodes go.
        /// False, with the graph as it was, when the match is not closed or the new node does not resolve or infer
        /// (its problems are the pass's own, not the model's, so they go to a bag of their own).
        /// </summary>
        public bool Replace(Value result, int opset, string op, string hint, IEnumerable<Value?> inputs, params NodeAttribute[] attributes)
        {
            var last = result.Producer;
            if (last == null || !_nodes.Contains(last) || !IsClosed(result)) return false;
            var type = result.Type;
            var shape = result.Shape;
            var build = new GraphBuilder(Scope, last, new ProblemBag());
            var node = build.TryAddAt(opset, op, hint, inputs, new[] { result }, attributes);
            if (node == null || result.Type != type || shape == null || result.Shape == null || !result.Shape.Equals(shape))
            {
                // Undo: the fused node did not infer, or it would change the result's type or shape.
                var added = result.Producer!;
                result.Producer = last;
                result.Type = type;
                result.Shape = shape;
                Scope.Erase(added);
                foreach (var h in Enumerable.Reverse(_helpers)) Scope.Erase(h);
                foreach (var c in _constants) if (c.Consumers.Count == 0 && Scope.Values.ContainsKey(c.Name)) Scope.RemoveValue(c);
                return false;
            }
            // Readers before their producers: each erased node's outputs are unread by then (the result now has the new producer).
            foreach (var n in _nodes.OrderByDescending(n => Scope.Nodes.IndexOf(n)).ToList()) Scope.Erase(n);
            return true;
        }

        /// <summary>
        /// Adds a helper node for the fused node's inputs (a Transpose of K), placed before the match's last node;
        /// null when it does not infer. Replace erases it again if the rewrite fails.
        /// </summary>
        public Value? Helper(Node anchor, string op, string hint, IEnumerable<Value?> inputs, params NodeAttribute[] attributes)
        {
            var build = new GraphBuilder(Scope, anchor, new ProblemBag());
            var output = build.Fresh(hint);
            var node = build.TryAdd(op, hint, inputs, new[] { output }, attributes);
            if (node == null)
            {
                foreach (var o in Scope.Nodes.Where(n => n.Outputs.Contains(output)).ToList()) Scope.Erase(o);
                if (Scope.Values.ContainsKey(output.Name)) Scope.RemoveValue(output);
                return null;
            }
            _helpers.Add(node);
            return output;
        }

        // ---- constants -------------------------------------------------------------------------------------

        /// <summary>A new build-time constant for the fused node's inputs (a scale of ones); dropped again if the rewrite fails.</summary>
        public Value Constant(string hint, TensorData data)
        {
            var v = Scope.AddFreshValue(hint, ValueKind.Constant);
            v.Type = data.Type;
            v.Shape = data.Shape;
            v.Data = data;
            _constants.Add(v);
            return v;
        }

        /// <summary>A constant [1] of ones in <paramref name="type"/>: the Scale of a normalisation the model does not scale.</summary>
        public Value Ones(string hint, ElementType type) => Constant(hint, TensorData.FromDoubleValues(type, new long[] { 1 }, new double[] { 1 }));

        /// <summary>True when <paramref name="v"/> is a build-time numeric tensor of one element within <paramref name="tolerance"/> (relative) of <paramref name="expected"/>.</summary>
        public static bool IsScalar(Value? v, double expected, double tolerance = 1e-6)
        {
            var x = ScalarOf(v);
            return x != null && System.Math.Abs(x.Value - expected) <= tolerance * System.Math.Max(1, System.Math.Abs(expected));
        }

        /// <summary>The one element of a build-time numeric tensor of one element (Pow's exponent may be an integer); null otherwise.</summary>
        public static double? ScalarOf(Value? v)
        {
            var d = v?.Data;
            if (d == null || d.ElementCount != 1 || ElementTypes.IsNarrow(d.Type) || d.Type == ElementType.Bool || d.Type == ElementType.String) return null;
            return d.AsDouble()[0];
        }

        /// <summary>The input of a two-input node that is not <paramref name="known"/> (either side of a commutative op); null when neither is.</summary>
        public static Value? Other(Node binary, Value known)
        {
            if (binary.Inputs.Count != 2) return null;
            if (binary.Inputs[0] == known) return binary.Inputs[1];
            if (binary.Inputs[1] == known) return binary.Inputs[0];
            return null;
        }

        /// <summary>The types the fused ops compute in, as the decomposed form did.</summary>
        public static bool IsFusableType(ElementType t) => t == ElementType.Float || t == ElementType.Double || t == ElementType.Float16;

        /// <summary>Same element type and shape: the fused op keeps the decomposed form's result type and shape.</summary>
        public static bool SameTypeAndShape(Value a, Value b) => a.Type == b.Type && a.Shape != null && b.Shape != null && a.Shape.Equals(b.Shape);

        // ---- reductions ------------------------------------------------------------------------------------

        /// <summary>
        /// The axes a keepdims=1 ReduceX node folds, normalised to [0, rank) and sorted, from the 'axes' attribute (before
        /// the axes input) or a build-time axes input; all axes when none are given (unless noop_with_empty_axes). Null
        /// when keepdims is 0, the axes are known only at run time, or the rank is unknown.
        /// </summary>
        public static int[]? KeptReducedAxes(Node reduce)
        {
            var x = reduce.Input(0);
            if (x?.Shape == null) return null;
            int rank = x.Shape.Rank;
            if (reduce.Attributes.TryGetValue("keepdims", out var keep) && keep.Int != 1) return null;
            IReadOnlyList<long>? axes = null;
            if (reduce.Attributes.TryGetValue("axes", out var attr)) axes = attr.Ints;
            else if (reduce.Input(1) is Value input)
            {
                if (input.Data == null || !ElementTypes.IsInteger(input.Data.Type)) return null;
                axes = input.Data.AsInt64();
            }
            if (axes == null || axes.Count == 0)
            {
                if (reduce.Attributes.TryGetValue("noop_with_empty_axes", out var noop) && noop.Int != 0) return null;
                return Enumerable.Range(0, rank).ToArray();
            }
            var result = new SortedSet<int>();
            foreach (long a in axes)
            {
                long n = a < 0 ? a + rank : a;
                if (n < 0 || n >= rank || !result.Add((int)n)) return null;
            }
            return result.ToArray();
        }

        /// <summary>The number of trailing axes <paramref name="axes"/> names when they are exactly the last ones of a rank-<paramref name="rank"/> tensor; 0 otherwise.</summary>
        public static int TrailingCount(int[]? axes, int rank)
        {
            if (axes == null || axes.Length == 0) return 0;
            for (int i = 0; i < axes.Length; i++)
                if (axes[i] != rank - axes.Length + i) return 0;
            return axes.Length;
        }

        // ---- attributes ------------------------------------------------------------------------------------

        public static NodeAttribute Int(string name, long value) => new NodeAttribute(name, AttributeKind.Int) { Int = value };

        public static NodeAttribute Float(string name, float value) => new NodeAttribute(name, AttributeKind.Float) { Float = value };

        public static NodeAttribute String(string name, string value) => new NodeAttribute(name, AttributeKind.String) { String = value };

        public static NodeAttribute Ints(string name, params long[] values) => new NodeAttribute(name, AttributeKind.Ints) { Ints = values };
    }
}

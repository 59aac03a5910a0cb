using System.Collections.Generic;
using System.Linq;

namespace ModelGen.Compiler.Ir
{
    /// <summary>
    /// The model as the compiler sees it: values and nodes in a valid topological order.
    /// Passes mutate it in place; <see cref="Verify"/> checks its invariants between passes.
    /// </summary>
    public sealed class Graph
    {
        public string Name { get; set; } = "";
        public List<Node> Nodes { get; } = new List<Node>();
        public List<Value> Inputs { get; } = new List<Value>();
        public List<Value> Outputs { get; } = new List<Value>();
        public Dictionary<string, Value> Values { get; } = new Dictionary<string, Value>(System.StringComparer.Ordinal);

        /// <summary>Opset version per domain ("" = ai.onnx).</summary>
        public Dictionary<string, int> Opsets { get; } = new Dictionary<string, int>(System.StringComparer.Ordinal);

        /// <summary>Rebuilds every value's consumer list from the node list.</summary>
        public void RebuildConsumers()
        {
            foreach (var v in Values.Values) v.Consumers.Clear();
            foreach (var n in Nodes)
                foreach (var i in n.Inputs)
                    if (i != null && !i.Consumers.Contains(n)) i.Consumers.Add(n);
        }

        /// <summary>Removes a node and, when nothing else refers to them, its outputs.</summary>
        public void Remove(Node node)
        {
            Nodes.Remove(node);
            foreach (var o in node.Outputs)
                if (o != null && !o.IsGraphOutput && o.Producer == node) Values.Remove(o.Name);
            RebuildConsumers();
        }

        /// <summary>
        /// Checks the invariants every stage relies on: each computed value has exactly one producer
        /// that comes before all its consumers, and every input of a node is a value of this graph.
        /// Returns the first violation, or null.
        /// </summary>
        public string? Verify()
        {
            var ready = new HashSet<Value>(Values.Values.Where(v => v.Kind != ValueKind.Computed));
            foreach (var n in Nodes)
            {
                foreach (var i in n.Inputs)
                {
                    if (i == null) continue;
                    if (!Values.TryGetValue(i.Name, out var v) || v != i) return n.Describe() + " reads '" + i.Name + "', which is not in the graph";
                    if (!ready.Contains(i)) return n.Describe() + " reads '" + i.Name + "' before it is computed";
                }
                foreach (var o in n.Outputs)
                {
                    if (o == null) continue;
                    if (o.Producer != n) return "'" + o.Name + "' does not record " + n.Describe() + " as its producer";
                    if (!ready.Add(o)) return "'" + o.Name + "' is written twice";
                }
            }
            foreach (var o in Outputs)
                if (!ready.Contains(o)) return "graph output '" + o.Name + "' is never computed";
            return null;
        }
    }
}

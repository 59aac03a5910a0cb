using System.Linq;
using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Passes
{
    /// <summary>
    /// Removes nodes none of whose outputs is read or is a graph output, and values nothing refers to.
    /// // y = Node(x), y unused -> (nothing)
    /// </summary>
    internal sealed class DeadNodeElimination : IPass
    {
        public string Name => "dead-node-elimination";

        public bool Run(Graph g)
        {
            bool changed = false;
            for (int i = g.Nodes.Count - 1; i >= 0; i--)
            {
                var n = g.Nodes[i];
                if (n.Outputs.Any(o => o != null && (o.IsGraphOutput || o.Consumers.Count > 0))) continue;
                g.Nodes.RemoveAt(i);
                foreach (var input in n.Inputs) input?.Consumers.Remove(n);
                foreach (var o in n.Outputs) if (o != null) g.Values.Remove(o.Name);
                changed = true;
            }
            foreach (var v in g.Values.Values.Where(v => v.Kind != ValueKind.Computed && v.Kind != ValueKind.Input && !v.IsGraphOutput && v.Consumers.Count == 0).ToList())
            {
                g.Values.Remove(v.Name);
                changed = true;
            }
            return changed;
        }
    }
}

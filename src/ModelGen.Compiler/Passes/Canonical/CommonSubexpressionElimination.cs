using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Passes.Canonical
{
    /// <summary>
    /// Two nodes with the same op, domain, revision, attributes and inputs compute the same outputs:
    /// // y1 = Op(a, b) {attrs}; y2 = Op(a, b) {attrs} -> readers of y2 read y1
    /// Equal constants are merged first (<see cref="EqualConstants"/>), so nodes reading equal constants become equal.
    /// Nodes are visited in order and looked up by their <see cref="NodeKey"/> (one hash lookup each, no pairwise
    /// comparison), per scope, the load-time stage apart from the run. Random ops, bodies and fused ops are never merged.
    /// A returned later output keeps its name: the earlier node then writes it (and its own output's readers read it),
    /// unless the earlier output is returned too; then both nodes stay.
    /// </summary>
    internal sealed class CommonSubexpressionElimination : IPass
    {
        private readonly ProblemBag _problems;

        public CommonSubexpressionElimination(ProblemBag problems) { _problems = problems; }

        public string Name => "common-subexpression-elimination";

        public bool IsRequired => false;

        public int Run(Graph g, OptimizationLog log)
        {
            int changed = 0;
            var returned = Rewiring.Returned(g);
            foreach (var scope in g.Scopes().ToList())
            {
                changed += EqualConstants.Merge(scope, returned, _problems);
                changed += MergeNodes(scope, scope.LoadTimeNodes, returned);
                changed += MergeNodes(scope, scope.Nodes, returned);
            }
            return changed;
        }

        private int MergeNodes(Graph scope, List<Node> nodes, HashSet<Value> returned)
        {
            int changed = 0;
            var seen = new Dictionary<string, Node>(System.StringComparer.Ordinal);
            foreach (var n in nodes.ToList())
            {
                string? key = NodeKey.Of(n);
                if (key == null) continue;
                if (!seen.TryGetValue(key, out var first)) seen[key] = n;
                else if (Merge(scope, first, n, returned)) changed++;
            }
            return changed;
        }

        /// <summary>Makes <paramref name="later"/>'s readers read <paramref name="earlier"/>'s outputs and erases it; false when it must stay.</summary>
        private bool Merge(Graph scope, Node earlier, Node later, HashSet<Value> returned)
        {
            for (int i = 0; i < later.Outputs.Count; i++)
            {
                var a = earlier.Outputs[i];
                var b = later.Outputs[i];
                if (a == null || b == null) continue;
                // Run-time dims differ between the two (each node defines its own), and then readers' shapes would be wrong.
                if (!Rewiring.Interchangeable(a, b)) return false;
                if (returned.Contains(a) && returned.Contains(b)) return false;
            }
            bool renamed = false;
            for (int i = 0; i < later.Outputs.Count; i++)
            {
                var a = earlier.Outputs[i];
                var b = later.Outputs[i];
                if (a == null || b == null) continue;
                if (!returned.Contains(b))
                {
                    Rewiring.Redirect(scope, b, a, _problems);
                    continue;
                }
                // b keeps its name: the earlier node writes b, and a's readers read b (defined at the same place as a).
                earlier.Outputs[i] = b;
                b.Producer = earlier;
                a.Producer = null;
                Rewiring.Redirect(scope, a, b, _problems);
                scope.RemoveValue(a);
                renamed = true;
            }
            scope.Erase(later);
            if (renamed) Rewiring.Reinfer(new[] { earlier }, _problems);
            return true;
        }
    }
}

using System.Linq;
using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Passes
{
    /// <summary>
    /// Removes nodes none of whose outputs is read (or is a graph or body output), and weights and constants nothing reads.
    /// // y = Op(x), y unused -> (nothing)
    /// </summary>
    internal sealed class DeadNodeElimination : IPass
    {
        public string Name => "dead-node-elimination";

        public bool IsRequired => true;

        public int Run(Graph g, OptimizationLog log)
        {
            int changed = 0;
            foreach (var scope in g.Scopes().ToList())
            {
                // Run-time nodes last to first, then the load-time stage (whose results only run-time nodes read).
                foreach (var n in Enumerable.Reverse(scope.Nodes).Concat(Enumerable.Reverse(scope.LoadTimeNodes)).ToList())
                {
                    if (n.Outputs.Any(o => o != null && IsUsed(scope, o))) continue;
                    scope.Erase(n);
                    foreach (var o in n.Outputs) if (o != null && scope.Values.ContainsKey(o.Name)) scope.RemoveValue(o);
                    changed++;
                }
                foreach (var v in scope.Values.Values.Where(v => v.Kind != ValueKind.Computed && v.Kind != ValueKind.Input && !IsUsed(scope, v)).ToList())
                {
                    scope.RemoveValue(v);
                    changed++;
                }
            }
            return changed;
        }

        private static bool IsUsed(Graph scope, Value v) => v.Consumers.Count > 0 || v.IsGraphOutput || scope.Outputs.Contains(v);
    }
}

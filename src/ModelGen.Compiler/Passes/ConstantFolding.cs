using System.Linq;
using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Passes
{
    /// <summary>
    /// Removes nodes whose every output was evaluated at build time by shape inference's data
    /// propagation: their outputs become constants.
    /// // Node(consts...) -> const
    /// </summary>
    internal sealed class ConstantFolding : IPass
    {
        public string Name => "constant-folding";

        public bool Run(Graph g)
        {
            var folded = g.Nodes.Where(n => n.Outputs.All(o => o == null || o.Data != null || o.Location != null)).ToList();
            foreach (var n in folded)
            {
                foreach (var o in n.Outputs)
                {
                    if (o == null) continue;
                    o.Kind = o.Location != null ? ValueKind.Initializer : ValueKind.Constant;
                    o.Producer = null;
                }
                g.Nodes.Remove(n);
            }
            if (folded.Count > 0) g.RebuildConsumers();
            return folded.Count > 0;
        }
    }
}

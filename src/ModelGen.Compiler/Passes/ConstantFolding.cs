using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Shapes;

namespace ModelGen.Compiler.Passes
{
    /// <summary>
    /// Evaluates nodes whose inputs are all known at build time (within the size limits of <see cref="Evaluation"/>)
    /// and removes every node whose outputs are all known: they become constants (concrete or dim expressions), or
    /// initializers when they are views of weights in the file.
    /// // y = Op(c1, c2) with c1, c2 known -> y := Op's value at build time
    /// </summary>
    internal sealed class ConstantFolding : IPass
    {
        public string Name => "constant-folding";

        public bool IsRequired => true;

        public int Run(Graph g, OptimizationLog log)
        {
            int changed = 0;
            foreach (var scope in g.Scopes().ToList())
                foreach (var n in scope.Nodes.ToList())
                {
                    if (n.Plan == null) continue;
                    if (!n.Outputs.All(Known)) Evaluation.Propagate(n);
                    if (!n.Outputs.All(Known)) continue;
                    foreach (var o in n.Outputs)
                    {
                        if (o == null) continue;
                        o.Kind = o.Location != null ? ValueKind.Initializer : ValueKind.Constant;
                        o.Producer = null;
                    }
                    scope.Erase(n);
                    changed++;
                }
            return changed;
        }

        private static bool Known(Value? o) => o == null || o.IsConstant || o.Location != null;
    }
}

using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Passes.Canonical
{
    /// <summary>
    /// Algebraic identities, each exact (see the rule classes for the algebra):
    /// neutral operands (<see cref="NeutralOperands"/>: x·1, x+0, x−0, x/1, x^1 -> x), chains of reshaping views
    /// (<see cref="ReshapeChains"/>: Reshape∘Reshape, Squeeze∘Unsqueeze, Unsqueeze∘Squeeze) and of transposes
    /// (<see cref="TransposeChains"/>: Transpose∘Transpose). At most one rewrite per node per run; the pass manager
    /// runs again until nothing changes.
    /// </summary>
    internal sealed class AlgebraicIdentities : IPass
    {
        private readonly ProblemBag _problems;

        public AlgebraicIdentities(ProblemBag problems) { _problems = problems; }

        public string Name => "algebraic-identities";

        public bool IsRequired => false;

        public int Run(Graph g, OptimizationLog log)
        {
            int changed = 0;
            var returned = Rewiring.Returned(g);
            foreach (var scope in g.Scopes().ToList())
                foreach (var n in scope.Nodes.ToList())
                {
                    if (n.Scope != scope || !Live(scope, n)) continue;
                    if (NeutralOperands.Apply(scope, n, returned, _problems)
                        || ReshapeChains.CollapseToInput(scope, n, returned, _problems)
                        || ReshapeChains.SkipInnerView(scope, n, returned, _problems)
                        || TransposeChains.Compose(scope, n, returned, _problems))
                        changed++;
                }
            return changed;
        }

        /// <summary>A node a rule erased earlier in this run (an inner node of a chain) is skipped: its outputs have gone.</summary>
        private static bool Live(Graph scope, Node n) => n.Outputs.Any(o => o != null && o.Producer == n);
    }
}

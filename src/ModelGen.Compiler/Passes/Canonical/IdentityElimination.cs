using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Definitions;

namespace ModelGen.Compiler.Passes.Canonical
{
    /// <summary>
    /// Removes nodes whose output is their input: readers of the output read the input instead.
    /// // Identity(x) -> x
    /// // Dropout(x) -> x            in inference (no training_mode, or a build-time false; the ratio is then unused), mask unread
    /// // Cast(x, to = type of x) -> x, and CastLike(x, t) with t of x's type
    /// // Expand(x, s) -> x          when the output shape is x's
    /// // Reshape / Flatten / Squeeze / Unsqueeze(x) -> x   when the output shape is x's (same elements, same order)
    /// // Transpose(x, perm = [0, 1, ..]) -> x
    /// A graph or body output keeps its name: the input's producer then writes it, or the node stays (see <see cref="Rewiring.Bypass"/>).
    /// </summary>
    internal sealed class IdentityElimination : IPass
    {
        private static readonly HashSet<string> ShapePreserving = new HashSet<string>(System.StringComparer.Ordinal)
        {
            "Identity", "Dropout", "Cast", "CastLike", "Expand", "Reshape", "Flatten", "Squeeze", "Unsqueeze", "Transpose",
        };

        private readonly ProblemBag _problems;

        public IdentityElimination(ProblemBag problems) { _problems = problems; }

        public string Name => "identity-elimination";

        public bool IsRequired => false;

        public int Run(Graph g, OptimizationLog log)
        {
            int changed = 0;
            var returned = Rewiring.Returned(g);
            foreach (var scope in g.Scopes().ToList())
                foreach (var n in scope.Nodes.ToList())
                {
                    if (!IsIdentity(n)) continue;
                    if (Rewiring.Bypass(scope, n, n.Output(0)!, n.Input(0)!, returned, _problems)) changed++;
                }
            return changed;
        }

        /// <summary>True when output 0 is input 0, element for element (<see cref="Rewiring.Bypass"/> still checks type and shape).</summary>
        private static bool IsIdentity(Node n)
        {
            if (n.Domain.Length != 0 || n.Plan == null || !ShapePreserving.Contains(n.OpType) || n.Input(0) == null || n.Output(0) == null) return false;
            switch (n.OpType)
            {
                case "Dropout":
                    // Inference only: a training_mode input must be a build-time false (inference rejects anything else, but say it here too).
                    var training = n.Input(2);
                    return training == null || Rewiring.IsAll(training, 0);
                case "Transpose":
                    // Equal shapes are not enough: perm [1, 0] of a [3,3] tensor keeps the shape and moves the elements.
                    return n.Plan is TransposePlan p && p.Perm.Select((axis, i) => axis == i).All(same => same);
                default:
                    return true;
            }
        }
    }
}

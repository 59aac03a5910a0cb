using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Passes.Patterns
{
    /// <summary>
    /// What every pattern pass shares: it looks at each ai.onnx node of its anchor op types, in every scope (bodies
    /// included), tries to match the pattern around it, and counts each rewrite as one fusion of its own name.
    /// A match may erase later anchors, so each is looked at only while it is still in its scope.
    /// </summary>
    internal abstract class PatternPass : IPass
    {
        public abstract string Name { get; }

        public bool IsRequired => false;

        /// <summary>The op types a match starts from (the node the pattern is found around).</summary>
        protected abstract IReadOnlyCollection<string> Anchors { get; }

        /// <summary>Rewrites the pattern around <paramref name="anchor"/> when it is there; false (graph untouched) when not.</summary>
        protected abstract bool TryFuse(Graph scope, Node anchor);

        public int Run(Graph g, OptimizationLog log)
        {
            int changed = 0;
            foreach (var scope in g.Scopes().ToList())
                foreach (var anchor in scope.Nodes.Where(n => n.Domain.Length == 0 && Anchors.Contains(n.OpType)).ToList())
                    if (scope.Nodes.Contains(anchor) && TryFuse(scope, anchor))
                    {
                        changed++;
                        log.Fused(Name);
                    }
            return changed;
        }
    }
}

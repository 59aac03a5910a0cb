using System.Collections.Generic;
using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Lowering
{
    /// <summary>
    /// Stage 5: every node to its kernel calls, through its op's lowering (which also picks the algorithm by
    /// shape and states the scratch it needs). Bodies of If/Loop become nested blocks; the load-time stage becomes
    /// its own block.
    /// </summary>
    internal static class Lowerer
    {
        public static LoweredProgram Lower(Graph g) => new LoweredProgram(LowerBlock(g, g.Nodes), LowerBlock(g, g.LoadTimeNodes));

        public static LoweredBlock LowerBlock(Graph g) => LowerBlock(g, g.Nodes);

        private static LoweredBlock LowerBlock(Graph g, IEnumerable<Node> nodes)
        {
            var lowered = new List<LoweredNode>();
            foreach (var n in nodes)
            {
                var context = new LowerContext(n, LowerBlock);
                n.Op!.LowerPlan(context, n.Plan!);
                lowered.Add(new LoweredNode(n, context.Steps));
            }
            return new LoweredBlock(g, lowered);
        }
    }
}

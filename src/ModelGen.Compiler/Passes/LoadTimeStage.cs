using System.Linq;
using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Passes
{
    /// <summary>
    /// Moves computations over weights alone out of the run, into the load-time stage: they run once per process
    /// when the model is constructed, and their results are derived weights every instance shares.
    /// // y = Op(w1, w2...) with every input a weight, a constant or a derived weight -> load y = Op(...)
    /// Constant folding has already evaluated what is small enough for a literal; what remains is large (a folded
    /// Conv weight, a transposed weight matrix). Nodes inside If/Loop bodies, and nodes whose outputs are sized at
    /// run time, stay where they are.
    /// </summary>
    internal sealed class LoadTimeStage : IPass
    {
        public string Name => "load-time-stage";

        public bool IsRequired => true;

        public int Run(Graph g, OptimizationLog log)
        {
            int changed = 0;
            foreach (var n in g.Nodes.ToList())
            {
                if (n.Subgraphs.Any() || n.Inputs.All(i => i == null)) continue;
                if (!n.Inputs.All(i => i == null || i.IsWeightLike)) continue;
                if (n.Outputs.Any(o => o != null && (!o.Shape!.IsStatic || o.IsConstant || o.Location != null))) continue;
                g.Nodes.Remove(n);
                g.LoadTimeNodes.Add(n);
                foreach (var o in n.Outputs) if (o != null) o.Kind = ValueKind.Derived;
                changed++;
            }
            return changed;
        }
    }
}

using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Definitions;

namespace ModelGen.Compiler.Passes
{
    /// <summary>
    /// Folds an inference BatchNormalization into the Conv that feeds it, when the Conv's weights and the
    /// normalisation's statistics are all weights:
    /// // BatchNormalization(Conv(x, W, B), scale, bias, mean, var)
    /// //   -> Conv(x, W·s, (B − mean)·s + bias)   with s = scale / √(var + ε), per output channel (s broadcast over W's other axes)
    /// The new weight computations are ordinary nodes over weights; constant folding evaluates the small ones and the
    /// load-time stage computes the rest once per process.
    /// </summary>
    internal sealed class BatchNormIntoConv : IPass
    {
        private readonly ProblemBag _problems;

        public BatchNormIntoConv(ProblemBag problems) { _problems = problems; }

        public string Name => "batchnorm-into-conv";

        public bool IsRequired => false;

        public int Run(Graph g, OptimizationLog log)
        {
            int changed = 0;
            foreach (var scope in g.Scopes().ToList())
                foreach (var bn in scope.Nodes.Where(n => n.OpType == "BatchNormalization" && n.Domain.Length == 0).ToList())
                    if (Fold(scope, bn))
                    {
                        changed++;
                        log.Fused("batchnorm-into-conv");
                    }
            return changed;
        }

        private bool Fold(Graph scope, Node bn)
        {
            if (!(bn.Plan is BatchNormalizationPlan plan) || plan.Training) return false;
            var y = bn.Input(0);
            var conv = y?.Producer;
            if (y == null || conv == null || conv.OpType != "Conv" || conv.Domain.Length != 0 || conv.Scope != scope) return false;
            if (y.Consumers.Count != 1 || y.IsGraphOutput || scope.Outputs.Contains(y)) return false;
            if (bn.Outputs.Skip(1).Any(o => o != null && (o.Consumers.Count > 0 || o.IsGraphOutput))) return false;
            var w = conv.Input(1)!;
            var b = conv.Input(2);
            if (!w.IsWeightLike || (b != null && !b.IsWeightLike) || bn.Inputs.Skip(1).Any(i => i == null || !i.IsWeightLike)) return false;

            var build = new GraphBuilder(scope, conv, _problems);
            var type = w.Type;
            string stem = conv.Name + "_bn";
            var eps = build.Constant(stem + "_epsilon", TensorData.FromDoubleValues(type, new long[0], new double[] { plan.Epsilon }));
            var s = build.Node("Div", stem + "_scale", new[] { bn.Input(1), build.Node("Sqrt", stem + "_std", new[] { build.Node("Add", stem + "_var", new[] { bn.Input(4), eps }) }) });
            int rank = w.Shape!.Rank;
            var axes = build.Constant(stem + "_axes", TensorData.FromInt64(new long[] { rank - 1 }, Enumerable.Range(1, rank - 1).Select(i => (long)i).ToArray()));
            var sColumn = build.Node("Unsqueeze", stem + "_scale_w", new[] { s, axes });
            var foldedW = build.Node("Mul", stem + "_weight", new[] { w, sColumn });
            // (B − mean)·s + bias, or bias − mean·s without a Conv bias.
            var shifted = b != null ? build.Node("Sub", stem + "_centered", new[] { b, bn.Input(3) }) : build.Node("Sub", stem + "_centered", new[] { build.Constant(stem + "_zero", TensorData.FromDoubleValues(type, new long[0], new double[] { 0 })), bn.Input(3) });
            var foldedB = build.Node("Add", stem + "_bias", new[] { build.Node("Mul", stem + "_shift", new[] { shifted, s }), bn.Input(2) });

            // The Conv now writes the normalisation's output (which keeps its name, a graph output's included); y goes.
            var z = bn.Output(0)!;
            scope.Erase(bn);
            Graph.SetInput(conv, 1, foldedW);
            if (conv.Inputs.Count < 3) conv.Inputs.Add(null);
            Graph.SetInput(conv, 2, foldedB);
            conv.Outputs[0] = z;
            z.Producer = conv;
            y.Producer = null;
            scope.RemoveValue(y);
            foreach (var o in bn.Outputs.Skip(1)) if (o != null && scope.Values.ContainsKey(o.Name)) scope.RemoveValue(o);
            return Shapes.ShapeInference.InferNode(conv, _problems);
        }
    }
}

using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace ModelGen.Fuzzing.Generation
{
    /// <summary>
    /// Shrinks a failing graph while it still fails the same way: first to one output, then repeatedly (a) an earlier
    /// tensor the output depends on becomes the output (the nodes after it go), (b) a node is dropped and its readers
    /// are rewired to an earlier tensor of the same shape (its own input first). Each try is a full check against ONNX
    /// Runtime, so the budget is bounded.
    /// </summary>
    internal static class GraphMinimiser
    {
        public const int MaxChecks = 80;

        public static GraphVerdict Minimise(GraphVerdict failing, string workDirectory, TextWriter? log = null)
        {
            int tries = 0;
            return Minimise(failing, g => GraphChecker.Check(new[] { g }, new[] { failing.Optimize }, Path.Combine(workDirectory, "m" + (tries++)))[0], log);
        }

        /// <summary>Minimises with <paramref name="check"/> as the judge (a test can plant a failure).</summary>
        public static GraphVerdict Minimise(GraphVerdict failing, Func<GenGraph, GraphVerdict> check, TextWriter? log = null)
        {
            var best = failing;
            int checks = 0;
            bool StillFails(GenGraph candidate, out GraphVerdict verdict)
            {
                checks++;
                verdict = check(candidate);
                return verdict.Outcome == failing.Outcome;
            }

            if (best.Graph.Outputs.Count > 1)
            {
                foreach (var o in best.Graph.Outputs)
                {
                    if (checks >= MaxChecks) break;
                    if (StillFails(Pruned(best.Graph, best.Graph.Nodes, new[] { o }), out var v)) { best = v; break; }
                }
            }
            bool progress = true;
            while (progress && checks < MaxChecks)
            {
                progress = false;
                var g = best.Graph;
                string output = g.Outputs[0];
                // (a) an earlier tensor as the output, smallest graph first.
                var earlier = g.Nodes.SelectMany(n => n.Outputs)
                    .Where(t => t != output && g.Ancestors(output).Contains(t) && g.Tensor(t).Type == Compiler.Ir.ElementType.Float)
                    .OrderBy(t => g.Ancestors(t).Count).ToList();
                foreach (var t in earlier)
                {
                    if (checks >= MaxChecks) break;
                    if (StillFails(Pruned(g, g.Nodes, new[] { t }), out var v)) { best = v; progress = true; break; }
                }
                if (progress) continue;
                // (b) drop a node, rewiring its readers.
                foreach (var node in g.Nodes.Where(n => n.Outputs.Length == 1 && g.Ancestors(output).Contains(n.Outputs[0])).Reverse().ToList())
                {
                    if (checks >= MaxChecks) break;
                    var replaced = g.Tensor(node.Outputs[0]);
                    var substitute = node.Inputs.Concat(g.Tensors.Select(x => x.Name))
                        .Where(n => n != replaced.Name && g.Tensors.Any(x => x.Name == n) && Same(g.Tensor(n), replaced) && Before(g, n, node))
                        .FirstOrDefault();
                    if (substitute == null || g.Inputs.Any(i => i.Name == substitute) && output == replaced.Name) continue;
                    var nodes = g.Nodes.Where(n => n != node).Select(n => n.WithInputs(n.Inputs.Select(i => i == replaced.Name ? substitute : i).ToArray())).ToList();
                    var outputs = g.Outputs.Select(o => o == replaced.Name ? substitute : o).ToList();
                    if (StillFails(Pruned(g, nodes, outputs), out var v)) { best = v; progress = true; break; }
                }
            }
            log?.WriteLine("  minimiser: " + checks + " checks, " + failing.Graph.Nodes.Count + " -> " + best.Graph.Nodes.Count + " nodes");
            return best;
        }

        private static bool Same(GenTensor a, GenTensor b) =>
            a.Type == b.Type && a.Dims.SequenceEqual(b.Dims) && a.Symbols.SequenceEqual(b.Symbols);

        /// <summary>True when <paramref name="name"/> is a graph input or the output of a node written before <paramref name="node"/>.</summary>
        private static bool Before(GenGraph g, string name, GenNode node)
        {
            if (g.Inputs.Any(i => i.Name == name)) return true;
            int at = g.Nodes.ToList().IndexOf(node);
            return g.Nodes.Take(at).Any(n => n.Outputs.Contains(name));
        }

        /// <summary>The graph with only the nodes <paramref name="outputs"/> need.</summary>
        private static GenGraph Pruned(GenGraph g, IReadOnlyList<GenNode> nodes, IReadOnlyList<string> outputs)
        {
            var needed = new HashSet<string>(outputs, StringComparer.Ordinal);
            var kept = new List<GenNode>();
            foreach (var n in nodes.Reverse())
            {
                if (!n.Outputs.Any(needed.Contains)) continue;
                kept.Add(n);
                foreach (var i in n.Inputs) needed.Add(i);
            }
            kept.Reverse();
            return g.With(kept, outputs);
        }
    }
}

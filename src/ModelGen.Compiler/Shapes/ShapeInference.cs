using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops;

namespace ModelGen.Compiler.Shapes
{
    /// <summary>
    /// Stage 3: element types and shapes for every value, in execution order, with data propagation:
    /// a node whose inputs are all known at build time is evaluated (when its op can fold), so shape
    /// arithmetic like Shape → Gather → Concat → Reshape resolves here. A node that fails reports
    /// and leaves its outputs untyped; nodes downstream of it are skipped silently (no cascades).
    /// </summary>
    internal static class ShapeInference
    {
        /// <summary>Folded results larger than this stay run-time computations (their code is cheaper than their literal).</summary>
        public const long MaxFoldedElements = 4096;

        public static void Run(Graph g, ProblemBag problems)
        {
            foreach (var n in g.Nodes)
            {
                if (n.Inputs.Any(i => i != null && i.Shape == null)) continue;
                var op = OpRegistry.Find(n.Domain, n.OpType)!;
                var context = new InferContext(n, problems);
                op.Infer(context);
                if (!context.Ok) { ClearOutputs(n); continue; }
                if (n.Outputs.Any(o => o != null && o.Shape == null))
                {
                    problems.Add(DiagnosticIds.InternalError, n.Describe() + ": inference left an output without a shape.", n.Name, n.OpType);
                    continue;
                }
                foreach (var o in n.Outputs)
                    if (o != null && o.Shape!.IsStatic && o.Shape.ElementCount.Value > int.MaxValue)
                        context.Fail(DiagnosticIds.TensorTooLarge, "output '" + o.Name + "' " + o.Shape + " has more than 2^31-1 elements.");
                TryFold(n, op, context);
            }
        }

        /// <summary>Floating-point results above this size are computed at run time: a literal of weights costs more to compile than the op costs to run.</summary>
        public const long MaxFoldedFloatElements = 256;

        private static void TryFold(Node n, OpDefinition op, InferContext context)
        {
            // A view of a weight stays a view of the same bytes in the file: no copy, no literal.
            var first = n.Input(0);
            if (op.IsView && first != null && first.Location != null && n.Output(0) != null)
                n.Outputs[0]!.Location = first.Location;
            if (n.Inputs.Any(i => i != null && i.Data == null)) return;
            if (n.Outputs.Any(o => o != null && o.Location == null && ElementTypes.IsFloatingPoint(o.Type) && o.Shape!.IsStatic && o.Shape.ElementCount.Value > MaxFoldedFloatElements)) return;
            if (n.Outputs.Any(o => o != null && (!o.Shape!.IsStatic || o.Shape.ElementCount.Value > MaxFoldedElements))) return;
            var results = op.Fold(context);
            if (results == null) return;
            for (int i = 0; i < results.Length && i < n.Outputs.Count; i++)
                if (n.Outputs[i] != null) n.Outputs[i]!.Data = results[i];
        }

        private static void ClearOutputs(Node n)
        {
            foreach (var o in n.Outputs)
                if (o != null) o.Shape = null;
        }
    }
}

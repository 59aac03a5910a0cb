using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops;
using ModelGen.Compiler.Ops.Common;

namespace ModelGen.Compiler.Shapes
{
    /// <summary>
    /// Stage 3: element types and shapes for every value, in execution order, with value propagation: a node
    /// whose inputs are all known at build time (concretely, or as dim expressions) is evaluated, so shape
    /// arithmetic like Shape → Gather → Concat → Reshape resolves here even with symbolic dims. A node that
    /// fails reports and leaves its outputs untyped; nodes downstream of it are skipped silently (no cascades).
    /// Some ops are not inferred but rewritten into tensor nodes (see <see cref="RewriteOp"/>).
    /// Passes that create or change a node call <see cref="InferNode"/> on it.
    /// </summary>
    internal static class ShapeInference
    {
        public static void Run(Graph g, ProblemBag problems)
        {
            // A snapshot: sequence rewrites insert and erase nodes as they go (new nodes infer when they are added).
            foreach (var n in g.Nodes.ToList()) InferNode(n, problems);
        }

        /// <summary>Infers one node (and the bodies it holds): schema checks, the op's plan, output shapes, build-time values. False when it did not infer.</summary>
        public static bool InferNode(Node n, ProblemBag problems)
        {
            if (n.Op is RewriteOp rewriteOp) return OpRewrite.Run(n, rewriteOp, problems);
            if (n.Op == null || n.Inputs.Any(i => i != null && i.Shape == null)) return false;
            var c = new InferContext(n, problems);
            OpPlan? plan;
            try
            {
                plan = SchemaCheck.Check(c, n.Op.Schema, n.Op.TakesBFloat16AsFloat16) ? n.Op.InferPlan(c) : null;
            }
            catch (System.OverflowException)
            {
                // Dim arithmetic is checked on purpose: dims or attributes so large that a shape overflows 64 bits
                // (pads of 2^63-1, say) are a model problem, not a compiler crash (found by fuzzing).
                c.Fail(DiagnosticIds.TensorTooLarge, "its shape arithmetic overflows 64 bits: its dims or attributes are far too large.");
                plan = null;
            }
            if (!c.Ok || plan == null)
            {
                if (c.Ok) problems.Add(DiagnosticIds.InternalError, n.Describe() + ": inference returned no plan and reported nothing.", n.Name, n.OpType);
                ClearOutputs(n);
                return false;
            }
            n.Plan = plan;
            if (n.Outputs.Any(o => o != null && o.Shape == null))
            {
                problems.Add(DiagnosticIds.InternalError, n.Describe() + ": inference left an output without a shape.", n.Name, n.OpType);
                return false;
            }
            foreach (var o in n.Outputs)
                if (o != null && o.Shape!.IsStatic && !Shape.FitsInSpan(o.Shape.ToStatic(), ElementTypes.SizeOf(o.Type)))
                {
                    // Bytes, not elements: the generated code returns outputs as byte buffers (2^29 floats did not compile).
                    c.Fail(DiagnosticIds.TensorTooLarge, "output '" + o.Name + "' " + o.Shape + " holds over 2 GB (2^31-1 bytes).");
                    return false;
                }
            Evaluation.Propagate(n);
            return true;
        }

        private static void ClearOutputs(Node n)
        {
            foreach (var o in n.Outputs)
                if (o != null) o.Shape = null;
        }
    }
}

using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops;
using ModelGen.Compiler.Ops.Expressions;

namespace ModelGen.Compiler.Shapes
{
    /// <summary>
    /// Build-time values: a node whose inputs are all known is evaluated by its op (exactly: integers as
    /// integers, dims as expressions). Results stay small: integer and bool results up to
    /// <see cref="MaxFoldedElements"/>, floating-point ones up to <see cref="MaxFoldedFloatElements"/>; anything
    /// larger computed from weights is left to the load-time stage. A view of a weight stays a view of the same
    /// bytes in the file.
    /// </summary>
    internal static class Evaluation
    {
        /// <summary>Integer results larger than this stay run-time computations.</summary>
        public const long MaxFoldedElements = 4096;

        /// <summary>Floating-point results above this size are not written as literals (a literal of weights costs more to compile than the op costs to run).</summary>
        public const long MaxFoldedFloatElements = 256;

        /// <summary>Sets the outputs' build-time values (or weight locations) where they can be known. True when every output became known.</summary>
        public static bool Propagate(Node n)
        {
            var op = n.Op!;
            var first = n.Input(0);
            if (op.IsViewPlan(n.Plan!) && first != null && first.Location != null && first.Kind == ValueKind.Initializer && n.Output(0) != null)
                n.Outputs[0]!.Location = first.Location;
            if (op.EvaluatesFromValues && n.Inputs.Any(i => i != null && !i.IsConstant)) return false;
            foreach (var o in n.Outputs)
            {
                if (o == null) continue;
                if (o.Location != null || !o.Shape!.IsStatic) return false;
                long count = o.Shape.ElementCount.Value;
                if (count > (ElementTypes.IsFloatingPoint(o.Type) ? MaxFoldedFloatElements : MaxFoldedElements)) return false;
            }
            try
            {
                if (!op.EvaluatePlan(new EvalContext(n), n.Plan!)) return false;
            }
            catch (NotFoldableException)
            {
                foreach (var o in n.Outputs)
                    if (o != null) { o.Data = null; o.Symbolic = null; }
                return false;
            }
            return n.Outputs.All(o => o == null || o.IsConstant);
        }
    }
}

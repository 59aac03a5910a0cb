using System.Collections.Generic;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Passes.Canonical
{
    /// <summary>
    /// Arithmetic with a neutral build-time operand, every element exactly that value:
    /// // Mul(x, 1) -> x, Mul(1, x) -> x     exact for IEEE floats (NaN stays NaN, ±0 and ±inf keep their sign) and integers
    /// // Add(x, 0) -> x, Add(0, x) -> x     exact except -0.0 + 0 = +0.0: only the sign of a zero differs, which ONNX's tolerance ignores
    /// // Sub(x, 0) -> x                     exact (-0.0 - 0 = -0.0); a constant -0.0 counts as 0 here and in Add, and x - (-0) = x + 0, the same sign-of-zero case
    /// // Div(x, 1) -> x                     exact
    /// // Pow(x, 1) -> x                     exact (pow(x, 1) is x, NaN included); an integer base with a float exponent computes in double, which a large int64 would round, so then not
    /// Only when the output has x's type and x's shape: a constant of higher rank (or larger dims) broadcasts x to a new
    /// shape, and then the node is not an identity. Mul(x, 0) -> 0 is NOT an identity (NaN · 0 and inf · 0 are NaN).
    /// </summary>
    internal static class NeutralOperands
    {
        public static bool Apply(Graph scope, Node n, HashSet<Value> returned, ProblemBag problems)
        {
            var x = Kept(n);
            return x != null && Rewiring.Bypass(scope, n, n.Output(0)!, x, returned, problems);
        }

        /// <summary>The operand the node passes through, or null.</summary>
        private static Value? Kept(Node n)
        {
            if (n.Domain.Length != 0 || n.Plan == null || n.Inputs.Count != 2 || n.Input(0) == null || n.Input(1) == null || n.Output(0) == null) return null;
            Value a = n.Input(0)!, b = n.Input(1)!;
            switch (n.OpType)
            {
                case "Mul": return Rewiring.IsAll(b, 1) ? a : Rewiring.IsAll(a, 1) ? b : null;
                case "Add": return Rewiring.IsAll(b, 0) ? a : Rewiring.IsAll(a, 0) ? b : null;
                case "Sub": return Rewiring.IsAll(b, 0) ? a : null;
                case "Div": return Rewiring.IsAll(b, 1) ? a : null;
                case "Pow": return Rewiring.IsAll(b, 1) && (a.Type == b.Type || ElementTypes.IsFloatingPoint(a.Type)) ? a : null;
                default: return null;
            }
        }
    }
}

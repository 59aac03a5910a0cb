using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Definitions;

namespace ModelGen.Compiler.Passes.Canonical
{
    /// <summary>
    /// Chains of reshaping views (Reshape, Flatten, Squeeze, Unsqueeze). Each keeps the elements in their order and
    /// changes only the shape, so a chain of them is its last shape over the first input:
    /// // V2(V1(x)) -> x                when V2's output shape is x's: Squeeze(Unsqueeze(x, a), a) -> x,
    /// //                                Unsqueeze(Squeeze(x, a), a) -> x, a Reshape back to x's shape (the inferred shapes prove it)
    /// // Reshape(V(x), s2) -> Reshape(x, s2)   when V's result has no other reader. s2 must not depend on V's shape: a 0
    /// //                                (copy the input dim, unless allowzero) or a -1 is replaced by the outer node's
    /// //                                inferred output shape, as a constant, when that is static; otherwise no rewrite.
    /// </summary>
    internal static class ReshapeChains
    {
        private static readonly HashSet<string> Views = new HashSet<string>(System.StringComparer.Ordinal) { "Reshape", "Flatten", "Squeeze", "Unsqueeze" };

        private static bool IsView(Node? n) => n != null && n.Domain.Length == 0 && n.Plan != null && Views.Contains(n.OpType) && n.Input(0) != null && n.Output(0) != null;

        /// <summary>V2(V1(x)) -> x when V2's output has x's shape.</summary>
        public static bool CollapseToInput(Graph scope, Node n, HashSet<Value> returned, ProblemBag problems)
        {
            if (!IsView(n)) return false;
            var inner = n.Input(0)!.Producer;
            if (!IsView(inner)) return false;
            var x = inner!.Input(0)!;
            var y = n.Output(0)!;
            if (returned.Contains(y) || !Rewiring.Interchangeable(y, x)) return false;
            Rewiring.Redirect(scope, y, x, problems);
            scope.Erase(n);
            EraseIfUnread(inner, returned);
            return true;
        }

        /// <summary>Reshape(V(x), s2) -> Reshape(x, s2'), s2' = s2 or, when s2 needs V's shape, the static output shape.</summary>
        public static bool SkipInnerView(Graph scope, Node n, HashSet<Value> returned, ProblemBag problems)
        {
            if (n.OpType != "Reshape" || !IsView(n) || !(n.Plan is ReshapePlan plan) || plan.RuntimeShape != null) return false;
            var r = n.Input(0)!;
            var inner = r.Producer;
            if (!IsView(inner) || r.Consumers.Count != 1 || returned.Contains(r) || r.IsGraphOutput) return false;
            var x = inner!.Input(0)!;
            if (x.Shape == null || x.IsConstant != r.IsConstant) return false;
            IReadOnlyList<Dim>? target = n.Revision < 5
                ? (n.Attributes.TryGetValue("shape", out var attr) ? attr.Ints.Select(Dim.Of).ToList() : null)
                : n.Input(1)?.KnownDims;
            if (target == null) return false;
            bool readsInnerShape = target.Any(d => d.IsStatic && (d.Value == -1 || (d.Value == 0 && !plan.AllowZero)));
            if (readsInnerShape)
            {
                var y = n.Output(0)!.Shape!;
                if (!y.IsStatic) return false;
                var dims = y.ToStatic();
                // Without allowzero a 0 in the new target would copy x's dim, not mean 0.
                if (!plan.AllowZero && dims.Contains(0)) return false;
                if (n.Revision < 5) n.Attributes["shape"] = new NodeAttribute("shape", AttributeKind.Ints) { Ints = dims };
                else Graph.SetInput(n, 1, new GraphBuilder(scope, n, problems).Constant(n.Name + "_shape", TensorData.FromInt64(new long[] { dims.Length }, dims)));
            }
            Graph.SetInput(n, 0, x);
            EraseIfUnread(inner, returned);
            Rewiring.Reinfer(new[] { n }, problems);
            return true;
        }

        /// <summary>Erases a node none of whose outputs is read or returned any more.</summary>
        internal static void EraseIfUnread(Node node, HashSet<Value> returned)
        {
            if (node.Outputs.Any(o => o != null && (o.Consumers.Count > 0 || o.IsGraphOutput || returned.Contains(o)))) return;
            node.Scope!.Erase(node);
        }
    }
}

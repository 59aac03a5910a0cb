using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Definitions;

namespace ModelGen.Compiler.Passes.Canonical
{
    /// <summary>
    /// Two Transposes in a row are one:
    /// // Transpose(Transpose(x, p1), p2) -> Transpose(x, q), q[i] = p1[p2[i]]
    /// //   (output axis i of the outer is axis p2[i] of the inner's output, which is axis p1[p2[i]] of x)
    /// // -> x when q is the identity [0, 1, ..]
    /// The outer node is rewritten in place (its name, revision and output stay); the inner goes when nothing else reads it.
    /// An identity q whose result is returned becomes Transpose(x, [0, 1, ..]), which identity elimination then removes
    /// when x's producer can write the returned value.
    /// </summary>
    internal static class TransposeChains
    {
        public static bool Compose(Graph scope, Node n, HashSet<Value> returned, ProblemBag problems)
        {
            if (!IsTranspose(n) || !(n.Plan is TransposePlan outer)) return false;
            var t = n.Input(0)!;
            var inner = t.Producer;
            if (!IsTranspose(inner) || !(inner!.Plan is TransposePlan first)) return false;
            var x = inner.Input(0)!;
            if (x.Shape == null || x.IsConstant != t.IsConstant || outer.Perm.Count != first.Perm.Count) return false;
            var q = outer.Perm.Select(axis => (long)first.Perm[axis]).ToArray();
            var y = n.Output(0)!;
            if (q.Select((axis, i) => axis == i).All(same => same) && !returned.Contains(y))
            {
                // Transpose(Transpose(x, p1), p2) -> x
                Rewiring.Redirect(scope, y, x, problems);
                scope.Erase(n);
                ReshapeChains.EraseIfUnread(inner, returned);
                return true;
            }
            n.Attributes["perm"] = new NodeAttribute("perm", AttributeKind.Ints) { Ints = q };
            Graph.SetInput(n, 0, x);
            ReshapeChains.EraseIfUnread(inner, returned);
            Rewiring.Reinfer(new[] { n }, problems);
            return true;
        }

        private static bool IsTranspose(Node? n) => n != null && n.OpType == "Transpose" && n.Domain.Length == 0 && n.Plan != null && n.Input(0) != null && n.Output(0) != null;
    }
}

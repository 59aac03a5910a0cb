using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Definitions;
using ModelGen.Compiler.Passes.Canonical;

namespace ModelGen.Compiler.Passes.Layout
{
    /// <summary>
    /// Moves a Transpose below a reshaping view (Reshape, Flatten, Squeeze, Unsqueeze) where that is provably the same:
    /// when the view only drops or inserts size-1 axes, the axes of size above 1 keep their order, so
    /// // V(Transpose(x, p)) -> Transpose(Reshape(x, s), q)
    /// // s = x's dims above 1 in x's order, then 1s up to V's rank; q puts them where V's output has them, and the 1s in its 1-axes
    /// // -> Reshape(x, V's shape)   when the axes above 1 keep x's order (the Transpose only moved size-1 axes)
    /// (element [.., i_k, ..] of V's output is element [i_k at axis p[a_k]] of x, where a_k is the k-th axis above 1 of
    /// Transpose(x, p): listing x's axes above 1 in x's order, the k-th output axis above 1 reads entry rank(p[a_k]) of
    /// them). Static shapes only, the Transpose read by the view alone and not returned; one Transpose in, at most one out.
    /// </summary>
    internal static class TransposeThroughViews
    {
        private static readonly HashSet<string> Views = new HashSet<string>(System.StringComparer.Ordinal) { "Reshape", "Flatten", "Squeeze", "Unsqueeze" };

        public static bool Apply(Graph scope, Node n, HashSet<Value> returned, ProblemBag problems)
        {
            if (n.Domain.Length != 0 || !Views.Contains(n.OpType) || n.Plan == null || n.Outputs.Count != 1 || n.Output(0)?.Shape == null) return false;
            var v = n.Input(0);
            var t = v?.Producer;
            if (v?.Shape == null || t == null || t.OpType != "Transpose" || t.Domain.Length != 0 || t.Scope != scope || !(t.Plan is TransposePlan tp)) return false;
            var x = t.Input(0);
            var y = n.Output(0)!;
            if (x?.Shape == null || !x.Shape.IsStatic || !v.Shape.IsStatic || !y.Shape!.IsStatic || x.IsConstant || x.Shape.ToStatic().Contains(0)) return false;
            if (v.Consumers.Count != 1 || returned.Contains(v) || v.IsGraphOutput) return false;
            var vDims = v.Shape.ToStatic();
            var yDims = y.Shape.ToStatic();
            var kept = Enumerable.Range(0, vDims.Length).Where(a => vDims[a] != 1).ToArray();   // a_k
            var yKept = Enumerable.Range(0, yDims.Length).Where(a => yDims[a] != 1).ToArray();  // j_k
            if (kept.Length != yKept.Length || kept.Where((a, k) => vDims[a] != yDims[yKept[k]]).Any()) return false;

            var xDims = x.Shape.ToStatic();
            var sources = kept.Select(a => tp.Perm[a]).ToArray();                 // x's axis behind each kept axis
            var order = sources.OrderBy(s => s).ToList();                        // x's axes above 1, in x's order
            int rank = yDims.Length, m = kept.Length;
            var s = order.Select(a => xDims[a]).Concat(Enumerable.Repeat(1L, rank - m)).ToArray();
            var q = new long[rank];
            int nextOne = m;
            for (int j = 0, k = 0; j < rank; j++)
                q[j] = k < m && yKept[k] == j ? order.IndexOf(sources[k++]) : nextOne++;
            // The axes above 1 already in x's order: the Transpose only moved 1s, and y is a view of x.
            bool identity = sources.SequenceEqual(order);
            if (identity) s = yDims;

            // The new nodes go before the view and write y (which keeps its name and readers); then the view and the Transpose go.
            var build = new GraphBuilder(scope, n, problems);
            var shape = build.Constant(n.Name + "_shape", TensorData.FromInt64(new long[] { rank }, s));
            if (identity)
            {
                if (build.TryAdd("Reshape", n.Name, new[] { x, shape }, new[] { y }) == null) Failed(problems, n.Name);
            }
            else
            {
                var z = build.Fresh(y.Name + "_unpermuted");
                if (build.TryAdd("Reshape", n.Name, new[] { x, shape }, new[] { z }) == null
                    || build.TryAdd("Transpose", t.Name, new[] { z }, new[] { y }, new NodeAttribute("perm", AttributeKind.Ints) { Ints = q }) == null)
                    Failed(problems, n.Name);
            }
            scope.Erase(n);
            ReshapeChains.EraseIfUnread(t, returned);
            return true;
        }

        private static void Failed(ProblemBag problems, string name) =>
            problems.Add(DiagnosticIds.InternalError, "Internal error: moving a Transpose below a view made a node that does not infer.", name, "Reshape");
    }
}

using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Import;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Definitions;
using ModelGen.Compiler.Passes.Canonical;
using ModelGen.Compiler.Shapes;

namespace ModelGen.Compiler.Passes.Layout
{
    /// <summary>
    /// Moves Transposes down through pointwise ops, so that a Transpose and its inverse meet and cancel
    /// (<see cref="TransposeChains"/>, in algebraic identities, then removes the pair) or reach a Conv that writes
    /// the layout itself (<see cref="ChannelsLastConvOutput"/>):
    /// // U(Transpose(x, p))                   -> Transpose(U(x), p)          U pointwise
    /// // B(Transpose(x, p), c)                -> Transpose(B(x, c'), p)      c' = Transpose(c padded to rank, p⁻¹), built from weights (folded at build or load time)
    /// // B(Transpose(x, p), s)                -> Transpose(B(x, s), p)       s one element (a scalar, or all dims 1)
    /// // B(Transpose(x, p), Transpose(z, p))  -> Transpose(B(x, z), p)       two Transposes become one
    /// (Transpose(v, p)[i] = v[i∘p], so an op that treats every element alike commutes with it, and a broadcast operand
    /// aligned to the output's axes is aligned to the input's after the inverse permutation.)
    /// and below views that only drop or insert size-1 axes (<see cref="TransposeThroughViews"/>).
    /// Only when the op's output has the transposed inputs' rank (no broadcasting adds axes) and at least one of the
    /// Transposes is read by this op alone, so that the number of run-time Transposes never grows; each rewrite moves
    /// one Transpose one step down, so repeated runs end. The op keeps its name; its output keeps its name (the new
    /// Transpose writes it), so graph outputs keep theirs.
    /// </summary>
    internal sealed class TransposeSinking : IPass
    {
        private readonly ProblemBag _problems;

        public TransposeSinking(ProblemBag problems) { _problems = problems; }

        public string Name => "transpose-sinking";

        public bool IsRequired => false;

        public int Run(Graph g, OptimizationLog log)
        {
            int changed = 0;
            var returned = Rewiring.Returned(g);
            foreach (var scope in g.Scopes().ToList())
                foreach (var n in scope.Nodes.ToList())
                    if (n.Scope == scope && scope.Nodes.Contains(n) && (Sink(scope, n, returned) || TransposeThroughViews.Apply(scope, n, returned, _problems)))
                        changed++;
            return changed;
        }

        private static bool IsTranspose(Node? n, Graph scope) =>
            n != null && n.OpType == "Transpose" && n.Domain.Length == 0 && n.Scope == scope && n.Plan is TransposePlan && n.Input(0)?.Shape != null && n.Output(0) != null;

        /// <summary>An operand a permutation does not move: one element, of a rank the output covers.</summary>
        private static bool IsScalar(Value v, int rank) => v.Shape != null && v.Shape.Rank <= rank && v.Shape.Dims.All(d => d.IsStatic && d.Value == 1);

        private bool Sink(Graph scope, Node n, HashSet<Value> returned)
        {
            if (!(n.Op is ElementwiseOp) || !(n.Plan is ElementwisePlan) || n.Outputs.Count != 1 || n.Output(0)?.Shape == null) return false;
            // Before revision 7 a second operand may be aligned at an axis (legacy broadcast, PRelu's channel slope), not to the right.
            if (n.Revision < 7 && n.Inputs.Count(v => v != null) > 1) return false;
            var y = n.Output(0)!;
            int rank = y.Shape!.Rank;
            ValueList<int>? perm = null;
            var transposes = new List<Node>();
            var weights = new List<int>();
            for (int i = 0; i < n.Inputs.Count; i++)
            {
                var v = n.Inputs[i];
                if (v == null || IsScalar(v, rank)) continue;
                if (v.IsWeightLike && v.Shape != null && v.Shape.Rank <= rank) { weights.Add(i); continue; }
                var t = v.Producer;
                if (!IsTranspose(t, scope) || v.Shape == null || v.Shape.Rank != rank) return false;
                var p = ((TransposePlan)t!.Plan!).Perm;
                if (perm != null && !perm.Equals(p)) return false;
                perm = p;
                if (!transposes.Contains(t)) transposes.Add(t);
            }
            if (perm == null || rank < 2) return false;
            // The Transposes this op alone reads go; one new one comes. Never more Transposes than before.
            var gone = transposes.Where(t => t.Output(0)!.Consumers.All(c => c == n) && !returned.Contains(t.Output(0)!) && !t.Output(0)!.IsGraphOutput).ToList();
            if (gone.Count == 0) return false;
            if (weights.Any(i => !n.Inputs[i]!.Shape!.IsStatic)) return false;

            var inverse = new int[rank];
            for (int i = 0; i < rank; i++) inverse[perm[i]] = i;
            var build = new GraphBuilder(scope, n, _problems);
            foreach (int i in weights)
                Graph.SetInput(n, i, Permuted(build, n.Inputs[i]!, rank, inverse));
            for (int i = 0; i < n.Inputs.Count; i++)
                if (n.Inputs[i]?.Producer is Node t && transposes.Contains(t)) Graph.SetInput(n, i, t.Input(0));
            string hint = gone[0].Name;
            foreach (var t in transposes) ReshapeChains.EraseIfUnread(t, returned);

            // n now computes z = U(x...), in x's layout; a new Transpose writes y, which keeps its name and readers.
            int at = scope.Nodes.IndexOf(n);
            var anchor = at + 1 < scope.Nodes.Count ? scope.Nodes[at + 1] : null;
            var z = scope.AddFreshValue(y.Name + "_unpermuted", ValueKind.Computed);
            n.Outputs[0] = z;
            z.Producer = n;
            y.Producer = null;
            Rewiring.Reinfer(new[] { n }, _problems);
            var transpose = new Node(scope.FreshNodeName(hint), "Transpose", "", GraphBuilder.Opset);
            transpose.Attributes["perm"] = new NodeAttribute("perm", AttributeKind.Ints) { Ints = perm.Select(a => (long)a).ToArray() };
            scope.InsertNode(transpose, new[] { z }, new[] { y }, anchor);
            if (!OpResolution.Resolve(transpose, _problems) || !ShapeInference.InferNode(transpose, _problems))
                _problems.Add(DiagnosticIds.InternalError, "Internal error: transpose sinking made a Transpose that does not infer.", transpose.Name, "Transpose");
            return true;
        }

        /// <summary>c' = Transpose(c with leading 1s up to <paramref name="rank"/>, p⁻¹): aligned to x's axes as c was to Transpose(x, p)'s.</summary>
        private static Value Permuted(GraphBuilder build, Value c, int rank, int[] inverse)
        {
            var dims = c.Shape!.ToStatic();
            var v = c;
            if (dims.Length < rank)
            {
                var full = Enumerable.Repeat(1L, rank - dims.Length).Concat(dims).ToArray();
                v = build.Node("Reshape", c.Name + "_ranked", new[] { c, build.Constant(c.Name + "_rank_shape", TensorData.FromInt64(new long[] { rank }, full)) });
            }
            return build.Node("Transpose", c.Name + "_permuted", new[] { v }, new NodeAttribute("perm", AttributeKind.Ints) { Ints = inverse.Select(a => (long)a).ToArray() });
        }
    }
}

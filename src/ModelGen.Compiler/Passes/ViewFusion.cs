using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Definitions;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Fused;
using ModelGen.Compiler.Shapes;

namespace ModelGen.Compiler.Passes
{
    /// <summary>
    /// Lets fused elementwise loops read and write through strided views, so the Slices that feed them and the Concats
    /// they feed stop being kernel calls of their own (box decoding in detection heads is mostly that: slice the
    /// regression tensor, a few pointwise ops, concatenate the halves back):
    /// // s = Slice(x) {starts 2}; y = Fused(s, ...)  ->  y = Fused(x, ...) {operand a = x viewed from element 2, x's strides}
    /// // y0, y1 = Fused(...); z = Concat(y0, y1)     ->  z = Fused(...) {y0 stored at z[.., 0:k], y1 at z[.., k:2k]}
    /// A Slice is absorbed when it is static (starts and steps known at build time), reads the fused node's element type,
    /// and the operand reads its whole output unbroadcast-aligned (the operand's shape is the Slice's output shape); the
    /// Slice stays for its other readers and goes when none is left. A Concat is absorbed when its inputs are distinct,
    /// equal-shaped, read by that Concat alone (not graph outputs), and each is computed by a pointwise node or a fused
    /// loop that writes nothing else: one loop over the piece shape computes them all, each expression storing its piece,
    /// and the pieces tile the Concat's output exactly. Nodes with views are final for elementwise-fusion.
    /// </summary>
    internal sealed class ViewFusion : IPass
    {
        public string Name => "view-fusion";

        public bool IsRequired => false;

        public int Run(Graph g, OptimizationLog log)
        {
            int changed = 0;
            foreach (var scope in g.Scopes().ToList())
            {
                foreach (var concat in scope.Nodes.Where(n => n.Plan is ConcatPlan).ToList())
                    if (scope.Nodes.Contains(concat) && TryAbsorbConcat(scope, concat))
                    {
                        log.Fused("concat-into-loop");
                        changed++;
                    }
                foreach (var fused in scope.Nodes.Where(n => n.Op is FusedElementwiseOp).ToList())
                {
                    int slices = TryAbsorbSlices(scope, fused);
                    for (int k = 0; k < slices; k++) log.Fused("slice-into-loop");
                    changed += slices;
                }
            }
            return changed;
        }

        /// <summary>
        /// A Concat of equal-shaped pieces, each the output of a pointwise node or of a fused loop (without views) whose
        /// outputs all go into this Concat and nowhere else: one loop over the piece shape computes every piece and stores
        /// it at its place in the Concat's output. It takes the Concat's place, where every producer's inputs exist.
        /// </summary>
        private static bool TryAbsorbConcat(Graph scope, Node concat)
        {
            var axis = ((ConcatPlan)concat.Plan!).Axis;
            var y = concat.Output(0);
            if (y?.Shape == null || concat.Inputs.Count < 2 || concat.Inputs.Any(i => i == null)) return false;
            var pieces = concat.Inputs.Select(v => v!).ToList();
            var shape = pieces[0].Shape;
            if (shape == null || pieces.Distinct().Count() != pieces.Count) return false;
            if (pieces.Any(v => v.Type != y.Type || !shape.Equals(v.Shape) || v.Consumers.Count != 1 || v.IsGraphOutput || scope.Outputs.Contains(v))) return false;
            var producers = pieces.Select(v => v.Producer).Distinct().ToList();
            if (producers.Any(n => n == null || n.Scope != scope || !n.Outputs.All(o => o != null && pieces.Contains(o)) || Expressions(n) == null)) return false;
            // Pointwise nodes over weights alone are the load-time stage's.
            if (producers.Any(n => n!.Inputs.All(i => i == null || i.IsWeightLike))) return false;

            var operands = new LoopOperands();
            var exprs = new List<BoundExpr>();
            var writes = new List<TensorTarget>();
            var strides = Broadcasting.Strides(y.Shape, y.Shape).ToValueList();
            var inner = y.Shape.Product(axis + 1, y.Shape.Rank);
            for (int j = 0; j < pieces.Count; j++)
            {
                var n = pieces[j].Producer!;
                var (expr, inputs, shapes) = Expressions(n)![n.Outputs.IndexOf(pieces[j])];
                exprs.Add(expr.Substitute(a => operands.Argument(n.Inputs[inputs[a.ArgIndex]]!, shapes[a.ArgIndex], a.Type)));
                // Piece j starts after the pieces before it along the axis: offset (Σ earlier extents) · inner block.
                writes.Add(new TensorTarget(0, shape[axis] * Dim.Of(j) * inner, strides));
            }
            if (operands.Count > ElementwiseFusion.MaxOperands) return false;
            var plan = operands.Plan(exprs, shape) with { Writes = writes.ToValueList(), OutputShapes = ValueList.Of(y.Shape) };
            var names = producers.SelectMany(n => Names(n!)).Append(concat.Name).ToArray();
            string name = producers[0]!.Op is FusedElementwiseOp ? producers[0]!.Name : "Fused_" + producers[0]!.Name;
            int at = scope.Nodes.IndexOf(concat);
            var anchor = at + 1 < scope.Nodes.Count ? scope.Nodes[at + 1] : null;
            scope.Erase(concat);
            foreach (var n in producers) scope.Erase(n!);
            FusedElementwiseOp.Insert(scope, name, plan, names, operands.Inputs(), new[] { y }, anchor);
            return true;
        }

        /// <summary>Per output of <paramref name="n"/>: its expression, and per argument the node input and the aligned shape; null when it is not pointwise.</summary>
        private static List<(BoundExpr Expr, IReadOnlyList<int> Inputs, IReadOnlyList<Shape> Shapes)>? Expressions(Node n)
        {
            if (n.Op is FusedElementwiseOp && n.Plan is FusedElementwisePlan f)
                return f.HasViews ? null : f.Exprs.Select(e => (e, (IReadOnlyList<int>)f.Operands, (IReadOnlyList<Shape>)f.Inputs)).ToList();
            var local = PointwiseExpr.Of(n);
            return local == null ? null : new List<(BoundExpr, IReadOnlyList<int>, IReadOnlyList<Shape>)> { (local.Expr, local.Inputs, local.Shapes) };
        }

        /// <summary>Points each operand that reads a whole static Slice's output at the Slice's input, through a view.</summary>
        private static int TryAbsorbSlices(Graph scope, Node fused)
        {
            var p = (FusedElementwisePlan)fused.Plan!;
            var reads = p.Reads?.ToList() ?? Enumerable.Repeat(TensorView.Dense, p.Operands.Count).ToList();
            var sources = Enumerable.Range(0, p.Operands.Count).Select(i => fused.Inputs[p.Operands[i]]!).ToList();
            var absorbed = new List<Node>();
            for (int i = 0; i < sources.Count; i++)
            {
                var v = sources[i];
                if (!reads[i].IsDense || !(v.Producer is Node slice) || !(slice.Plan is SlicePlan sp) || slice.Scope != scope) continue;
                var x = slice.Input(0);
                if (sp.Runtime != null || x?.Shape == null || v.Shape == null || x.Type != v.Type || !p.Inputs[i].Equals(v.Shape) || sp.Starts.Count != x.Shape.Rank) continue;
                var strides = Broadcasting.Strides(x.Shape, x.Shape);
                Dim offset = Dim.Zero;
                var view = new List<Dim>();
                for (int d = 0; d < x.Shape.Rank; d++)
                {
                    offset += sp.Starts[d] * strides[d];
                    // Along an axis the slice keeps one element of, the step never multiplies an index: stride 0 keeps it in range.
                    view.Add(v.Shape[d].Equals(Dim.One) ? Dim.Zero : strides[d] * Dim.Of(sp.Steps[d]));
                }
                reads[i] = new TensorView(offset, view.ToValueList());
                sources[i] = x;
                absorbed.Add(slice);
            }
            if (absorbed.Count == 0) return 0;
            var inputs = sources.Distinct().ToList();
            var plan = p with { Reads = reads.ToValueList(), Operands = sources.Select(s => inputs.IndexOf(s)).ToValueList() };
            var outputs = fused.Outputs.ToList();
            var names = Names(fused).Concat(absorbed.Select(s => s.Name).Distinct()).ToArray();
            int at = scope.Nodes.IndexOf(fused);
            scope.Erase(fused);
            // Again at the old node's place.
            FusedElementwiseOp.Insert(scope, fused.Name, plan, names, inputs, outputs, at < scope.Nodes.Count ? scope.Nodes[at] : null);
            // A Slice read by nothing else now is dead.
            foreach (var slice in absorbed.Distinct())
                if (slice.Outputs.All(o => o == null || (o.Consumers.Count == 0 && !o.IsGraphOutput && !scope.Outputs.Contains(o)))) scope.Erase(slice);
            return absorbed.Count;
        }

        private static IEnumerable<string> Names(Node n) =>
            n.Attributes.TryGetValue("nodes", out var a) ? a.Strings : new[] { n.Name };
    }
}

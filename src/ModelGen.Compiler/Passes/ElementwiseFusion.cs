using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Fused;

namespace ModelGen.Compiler.Passes
{
    /// <summary>
    /// Merges each connected group of pointwise nodes (elementwise and variadic elementwise ops, and groups fused
    /// before) into one <see cref="FusedElementwiseOp"/> node whose expression is the group's, composed:
    /// // y = Add(Mul(Mul(a, b), c), d) -> y = ai.modelgen::FusedElementwise(a, b, c, d) {expr = "a*b*c + d"}
    /// so the values between them are never written to memory and the group runs as one loop. A group grows from its
    /// last node towards the producers of its inputs; a producer joins when
    /// - it computes in the group's element type with no conversion (inputs and output all of that type),
    /// - its output has the group's full output shape (external operands may broadcast; intermediates may not),
    /// - every reader of its output is in the group, and the output is not a graph or body output (else it must be
    ///   materialised, and the group stops there) — except a cheap producer (one operation) whose readers are all
    ///   pointwise over the same shape: each of their groups computes it again, and it goes once none reads it
    ///   (// s = b/c; y0 = a - s; y1 = a + s -> y0 = a - b/c; y1 = a + b/c: one more division per element, one tensor fewer),
    /// - it does not read weights alone (those run once, in the load-time stage or folded),
    /// - and the composed expression stays small (<see cref="MaxExpressionSize"/>; a value read twice inside the group
    ///   is computed twice) and reads at most <see cref="MaxOperands"/> distinct tensors.
    /// A value the group reads twice becomes one operand. A group of one node is left alone: single ops keep the
    /// runtime's kernels. Every scope is fused, bodies of If/Loop/Scan included (each body on its own).
    /// </summary>
    internal sealed class ElementwiseFusion : IPass
    {
        public const int MaxExpressionSize = 96;
        public const int MaxOperands = 16;

        /// <summary>Which node expressions may join a group: all of them for the CPU; for the GPU session's compile, those its kernels can compute.</summary>
        private readonly System.Func<BoundExpr, bool> _admits;

        public ElementwiseFusion() : this(_ => true) { }

        /// <param name="admits">
        /// Which node expressions may join a group. The GPU compile passes its kernels' table, so a node the GPU cannot
        /// compute (an Erf, a Sin) stays a node of its own and only it runs on the CPU, named in its MG0601.
        /// </param>
        public ElementwiseFusion(System.Func<BoundExpr, bool> admits) { _admits = admits; }

        public string Name => "elementwise-fusion";

        public bool IsRequired => false;

        public int Run(Graph g, OptimizationLog log)
        {
            int changed = 0;
            foreach (var scope in g.Scopes().ToList())
            {
                _fromWeights = FromWeights(scope);
                var fused = new HashSet<Node>();
                var copied = new HashSet<Node>();
                foreach (var sink in Enumerable.Reverse(scope.Nodes).ToList())
                {
                    if (fused.Contains(sink) || Local(sink) == null || !scope.Nodes.Contains(sink)) continue;
                    var (members, copies) = Grow(scope, sink);
                    if (members.Count < 2) continue;
                    Rewrite(scope, sink, members, copies);
                    fused.UnionWith(members.Where(m => !copies.Contains(m)));
                    copied.UnionWith(copies);
                    log.Fused("elementwise");
                    changed++;
                }
                // A copied producer that every reader now computes for itself is dead: it goes here, not as a sink of the next round.
                foreach (var c in copied)
                    if (scope.Nodes.Contains(c) && c.Outputs.All(o => o == null || (o.Consumers.Count == 0 && !o.IsGraphOutput && !scope.Outputs.Contains(o))))
                        scope.Erase(c);
                changed += MergeSiblings(scope, log);
            }
            return changed;
        }

        /// <summary>How far apart (in nodes) two fused nodes may be for <see cref="MergeSiblings"/> to make them one.</summary>
        public const int MaxSiblingDistance = 8;

        /// <summary>
        /// Makes nearby fused nodes over the same shape one node with several outputs, so they run as one loop:
        /// // y1 = Fused(a, b) {f};  ...;  y2 = Fused(c, a) {g}  ->  ...;  y1, y2 = Fused(a, b, c) {f; g}
        /// The merged node takes the later one's place, which is safe when nothing between them reads the earlier one's
        /// outputs: every reader of those (in this scope, not in a body) comes after the later node. The later one
        /// cannot read the earlier one's outputs then, and the earlier one cannot read the later one's (they come after it).
        /// </summary>
        private int MergeSiblings(Graph scope, OptimizationLog log)
        {
            int merged = 0;
            for (int i = 0; i < scope.Nodes.Count; i++)
            {
                var first = scope.Nodes[i];
                if (!(first.Plan is FusedElementwisePlan p1) || !(first.Op is FusedElementwiseOp) || p1.HasViews) continue;
                for (int j = i + 1; j < scope.Nodes.Count && j <= i + MaxSiblingDistance; j++)
                {
                    var second = scope.Nodes[j];
                    if (!(second.Plan is FusedElementwisePlan p2) || !(second.Op is FusedElementwiseOp) || p2.HasViews) continue;
                    if (!p1.Output.Equals(p2.Output) || p1.Exprs[0].Type != p2.Exprs[0].Type) continue;
                    if (p1.Operands.Count + p2.Operands.Count > MaxOperands) continue;
                    if (!first.Outputs.All(o => o != null && (o.Consumers.Count > 0 || o.IsGraphOutput) && o.Consumers.All(c => c.Scope == scope && scope.Nodes.IndexOf(c) > j))) continue;
                    Merge(scope, first, p1, second, p2);
                    log.Fused("elementwise-siblings");
                    merged++;
                    i--; // the merged node (at the second one's place) may take in another
                    break;
                }
            }
            return merged;
        }

        private static void Merge(Graph scope, Node first, FusedElementwisePlan p1, Node second, FusedElementwisePlan p2)
        {
            var operands = new LoopOperands();
            var exprs = new List<BoundExpr>();
            foreach (var (part, partPlan) in new[] { (first, p1), (second, p2) })
                foreach (var e in partPlan.Exprs)
                    exprs.Add(e.Substitute(a => operands.Argument(part.Inputs[partPlan.Operands[a.ArgIndex]]!, partPlan.Inputs[a.ArgIndex], a.Type)));
            var plan = operands.Plan(exprs, p2.Output);
            var outputs = first.Outputs.Concat(second.Outputs).Select(o => o!).ToList();
            var names = Names(first).Concat(Names(second)).ToArray();
            // The first goes first, so the merged node can take its name; its outputs all have readers (or are graph outputs), so they stay.
            scope.Erase(first);
            FusedElementwiseOp.Insert(scope, first.Name, plan, names, operands.Inputs(), outputs, second);
            scope.Erase(second);
        }

        /// <summary>The values of the scope being fused that are computed from weights alone (see <see cref="FromWeights"/>).</summary>
        private HashSet<Value> _fromWeights = new HashSet<Value>();

        /// <summary>
        /// Weights, constants and the outputs of run-time nodes that read nothing else (BatchNormalization folded into a
        /// Conv leaves such chains before the load-time stage takes them): fusing those would only hide them from it.
        /// </summary>
        private static HashSet<Value> FromWeights(Graph scope)
        {
            var set = new HashSet<Value>();
            foreach (var n in scope.Nodes)
            {
                if (n.Subgraphs.Any() || n.Inputs.All(i => i == null)) continue;
                if (n.Inputs.All(i => i == null || i.IsWeightLike || set.Contains(i)))
                    foreach (var o in n.Outputs) if (o != null) set.Add(o);
            }
            return set;
        }

        /// <summary>The node as one expression in one element type, or null when it is not a pointwise node the pass fuses.</summary>
        private PointwiseExpr? Local(Node n)
        {
            var local = PointwiseExpr.Of(n);
            // Weights alone: the load-time stage (or folding) computes the node once.
            if (local == null || local.Inputs.All(i => n.Input(i)!.IsWeightLike || _fromWeights.Contains(n.Input(i)!))) return null;
            return _admits(local.Expr) ? local : null;
        }

        /// <summary>
        /// The group that ends at <paramref name="sink"/>: sink first, then producers as they join; and the members that are
        /// copies (cheap producers read outside the group too, computed again inside it and left in place).
        /// </summary>
        private (List<Node> Members, HashSet<Node> Copies) Grow(Graph scope, Node sink)
        {
            var output = sink.Output(0)!;
            var members = new List<Node> { sink };
            var inGroup = new HashSet<Node> { sink };
            var refused = new HashSet<Node>();
            var readOutside = new List<Node>();
            var copies = new HashSet<Node>();
            var work = new Queue<Node>(Producers(sink));
            while (work.Count > 0)
            {
                var p = work.Dequeue();
                if (inGroup.Contains(p) || refused.Contains(p) || p.Scope != scope || !scope.Nodes.Contains(p)) continue;
                var v = p.Output(0);
                if (Local(p) == null || v == null || v.Type != output.Type || !v.Shape!.Equals(output.Shape) || v.IsGraphOutput || scope.Outputs.Contains(v))
                {
                    refused.Add(p);
                    continue;
                }
                // Another reader outside the group may yet join it (a diamond): p is looked at again when that reader joins.
                if (!v.Consumers.All(inGroup.Contains))
                {
                    readOutside.Add(p);
                    continue;
                }
                members.Add(p);
                inGroup.Add(p);
                var composed = Compose(sink, inGroup);
                if (composed.Expr.Size > MaxExpressionSize || composed.Operands.Count > MaxOperands)
                {
                    members.Remove(p);
                    inGroup.Remove(p);
                    refused.Add(p);
                    continue;
                }
                foreach (var q in Producers(p)) work.Enqueue(q);
            }
            // Producers still read outside once the group is complete: copied in when cheap and every reader is pointwise over the group's shape.
            foreach (var p in readOutside.Distinct())
            {
                if (inGroup.Contains(p) || refused.Contains(p) || !IsCheapToCopy(p, output.Shape!)) continue;
                members.Add(p);
                inGroup.Add(p);
                copies.Add(p);
                var composed = Compose(sink, inGroup);
                if (composed.Expr.Size <= MaxExpressionSize && composed.Operands.Count <= MaxOperands) continue;
                members.Remove(p);
                inGroup.Remove(p);
                copies.Remove(p);
            }
            return (members, copies);
        }

        /// <summary>One operation, whose readers are all pointwise nodes over <paramref name="shape"/> (so each fuses, and recomputes it).</summary>
        private bool IsCheapToCopy(Node p, Shape shape) =>
            Local(p)!.Expr.Walk().Count(x => x.Fn != null) == 1 &&
            p.Output(0)!.Consumers.All(c => c.Scope == p.Scope && Local(c) != null && c.Output(0)!.Shape!.Equals(shape));

        /// <summary>The producers of the inputs <paramref name="n"/>'s expression reads.</summary>
        private IEnumerable<Node> Producers(Node n) =>
            Local(n)!.Inputs.Select(i => n.Input(i)!.Producer).Where(p => p != null).Select(p => p!);

        /// <summary>
        /// The group's expression: the sink's, each argument that a member computes replaced by that member's expression
        /// (recursively), each other argument an operand, numbered in the order first read.
        /// </summary>
        private (BoundExpr Expr, LoopOperands Operands) Compose(Node sink, HashSet<Node> members)
        {
            var operands = new LoopOperands();
            var memo = new Dictionary<Node, BoundExpr>();
            BoundExpr Of(Node n)
            {
                if (memo.TryGetValue(n, out var done)) return done;
                var local = Local(n)!;
                var e = local.Expr.Substitute(a =>
                {
                    var v = n.Input(local.Inputs[a.ArgIndex])!;
                    if (v.Producer != null && members.Contains(v.Producer)) return Of(v.Producer);
                    return operands.Argument(v, local.Shapes[a.ArgIndex], a.Type);
                });
                memo[n] = e;
                return e;
            }
            return (Of(sink), operands);
        }

        /// <summary>Replaces the group by one fused node at the sink's place, writing the sink's output (its name, and a graph output's, stay).</summary>
        private void Rewrite(Graph scope, Node sink, List<Node> members, HashSet<Node> copies)
        {
            var (expr, operands) = Compose(sink, new HashSet<Node>(members));
            var plan = operands.Plan(new[] { expr }, sink.Output(0)!.Shape!);
            var ordered = members.OrderBy(m => scope.Nodes.IndexOf(m)).ToList();
            string first = ordered[0].Name;
            if (ordered[0].Op is FusedElementwiseOp && first.StartsWith(Prefix, System.StringComparison.Ordinal)) first = first.Substring(Prefix.Length);
            FusedElementwiseOp.Insert(scope, Prefix + first, plan, ordered.SelectMany(Names).ToArray(), operands.Inputs(), new[] { sink.Output(0)! }, sink);
            // Last to first, so each intermediate loses its readers before its producer goes (and leaves the scope with it).
            foreach (var m in Enumerable.Reverse(ordered)) if (!copies.Contains(m)) scope.Erase(m);
        }

        private const string Prefix = "Fused_";

        /// <summary>The original nodes a member stands for (a fused member lists its own).</summary>
        private static IEnumerable<string> Names(Node n) =>
            n.Op is FusedElementwiseOp && n.Attributes.TryGetValue("nodes", out var a) ? a.Strings : new[] { n.Name };
    }
}

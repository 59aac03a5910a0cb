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
                if (!(first.Plan is FusedElementwisePlan p1) || !(first.Op is FusedElementwiseOp)) continue;
                for (int j = i + 1; j < scope.Nodes.Count && j <= i + MaxSiblingDistance; j++)
                {
                    var second = scope.Nodes[j];
                    if (!(second.Plan is FusedElementwisePlan p2) || !(second.Op is FusedElementwiseOp)) continue;
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
            var operands = new List<(Value Value, Shape Shape)>();
            var exprs = new List<BoundExpr>();
            foreach (var (part, partPlan) in new[] { (first, p1), (second, p2) })
                foreach (var e in partPlan.Exprs)
                    exprs.Add(e.Substitute(a =>
                    {
                        var v = part.Inputs[partPlan.Operands[a.ArgIndex]]!;
                        var shape = partPlan.Inputs[a.ArgIndex];
                        int k = operands.FindIndex(o => o.Value == v && o.Shape.Equals(shape));
                        if (k < 0)
                        {
                            k = operands.Count;
                            operands.Add((v, shape));
                        }
                        return BoundExpr.Argument(k, ArgName(k), a.Type);
                    }));
            var inputs = operands.Select(o => o.Value).Distinct().ToList();
            var plan = new FusedElementwisePlan(exprs.ToValueList(), p2.Output, operands.Select(o => o.Shape).ToValueList(), operands.Select(o => inputs.IndexOf(o.Value)).ToValueList());
            var outputs = first.Outputs.Concat(second.Outputs).Select(o => o!).ToList();
            var names = Names(first).Concat(Names(second)).ToArray();
            // The first goes first, so the merged node can take its name; its outputs all have readers (or are graph outputs), so they stay.
            scope.Erase(first);
            var node = new Node(scope.FreshNodeName(first.Name), FusedElementwiseOp.Name, FusedElementwiseOp.FusedDomain, 1) { Revision = 1 };
            node.Op = FusedElementwiseOp.Instance;
            node.Plan = plan;
            node.Attributes["expr"] = new NodeAttribute("expr", AttributeKind.String) { String = FusedElementwiseOp.Describe(plan) };
            node.Attributes["nodes"] = new NodeAttribute("nodes", AttributeKind.Strings) { Strings = names };
            scope.InsertNode(node, inputs, outputs, second);
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

        /// <summary>One node's expression and, per argument, the node input it reads and that input's shape as aligned to the output.</summary>
        private sealed class LocalExpr
        {
            public LocalExpr(BoundExpr expr, IReadOnlyList<int> inputs, IReadOnlyList<Shape> shapes)
            {
                Expr = expr;
                Inputs = inputs;
                Shapes = shapes;
            }

            public BoundExpr Expr { get; }
            public IReadOnlyList<int> Inputs { get; }
            public IReadOnlyList<Shape> Shapes { get; }
        }

        /// <summary>The node as one expression in one element type, or null when it is not a pointwise node the pass fuses.</summary>
        private LocalExpr? Local(Node n)
        {
            if (n.Outputs.Count != 1 || n.Output(0) == null || n.Output(0)!.Shape == null) return null;
            LocalExpr? local;
            switch (n.Plan)
            {
                case ElementwisePlan p when n.Op is ElementwiseOp && !ElementwiseOp.Converts(n, p):
                    local = new LocalExpr(p.Expr, p.Operands, p.Inputs);
                    break;
                case VariadicPlan v when n.Op is VariadicElementwiseOp && n.Inputs.Count == v.Inputs.Count:
                    local = new LocalExpr(Variadic(v), Enumerable.Range(0, v.Inputs.Count).ToList(), v.Inputs);
                    break;
                case FusedElementwisePlan f when n.Op is FusedElementwiseOp && f.Exprs.Count == 1:
                    local = new LocalExpr(f.Exprs[0], f.Operands, f.Inputs);
                    break;
                default:
                    return null;
            }
            var type = n.Output(0)!.Type;
            if (!Fusable.Contains(type)) return null;
            if (local.Expr.Type != type || local.Inputs.Any(i => n.Input(i) == null || n.Input(i)!.Type != type || n.Input(i)!.Shape == null)) return null;
            // Weights alone: the load-time stage (or folding) computes the node once.
            if (local.Inputs.All(i => n.Input(i)!.IsWeightLike || _fromWeights.Contains(n.Input(i)!))) return null;
            return local;
        }

        /// <summary>The element types the generated loops compute in (strings and the sub-byte and 8-bit float types keep their kernels).</summary>
        private static readonly HashSet<ElementType> Fusable = new HashSet<ElementType>
        {
            ElementType.Float, ElementType.Double, ElementType.Float16, ElementType.BFloat16, ElementType.Bool,
            ElementType.Int8, ElementType.Int16, ElementType.Int32, ElementType.Int64, ElementType.UInt8, ElementType.UInt16, ElementType.UInt32, ElementType.UInt64,
        };

        /// <summary>
        /// Sum/Max/Min/Mean as one expression, folded left to right as the runtime does, each step its own rounding:
        /// // Sum(x0, x1, x2) -> (x0 + x1) + x2;  Mean(x0, x1) -> (x0 + x1) * 0.5
        /// </summary>
        private static BoundExpr Variadic(VariadicPlan v)
        {
            var t = v.Pair.Type;
            var acc = BoundExpr.Argument(0, "x0", t);
            for (int i = 1; i < v.Inputs.Count; i++)
            {
                var (left, right) = (acc, BoundExpr.Argument(i, "x" + i, t));
                acc = v.Pair.Substitute(a => a.ArgIndex == 0 ? left : right);
            }
            if (v.Scale != null)
            {
                var sum = acc;
                acc = v.Scale.Substitute(_ => sum);
            }
            return acc;
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
                if (composed.Exprs[0].Size > MaxExpressionSize || composed.Operands.Count > MaxOperands)
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
                if (composed.Exprs[0].Size <= MaxExpressionSize && composed.Operands.Count <= MaxOperands) continue;
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

        /// <summary>The operands and the composed expression of a group.</summary>
        private sealed class Composition
        {
            public List<BoundExpr> Exprs { get; } = new List<BoundExpr>();
            public List<(Value Value, Shape Shape)> Operands { get; } = new List<(Value, Shape)>();
        }

        /// <summary>
        /// The group's expression: the sink's, each argument that a member computes replaced by that member's expression
        /// (recursively), each other argument an operand, numbered in the order first read.
        /// </summary>
        private Composition Compose(Node sink, HashSet<Node> members)
        {
            var result = new Composition();
            var memo = new Dictionary<Node, BoundExpr>();
            BoundExpr Of(Node n)
            {
                if (memo.TryGetValue(n, out var done)) return done;
                var local = Local(n)!;
                var e = local.Expr.Substitute(a =>
                {
                    var v = n.Input(local.Inputs[a.ArgIndex])!;
                    if (v.Producer != null && members.Contains(v.Producer)) return Of(v.Producer);
                    var shape = local.Shapes[a.ArgIndex];
                    int k = result.Operands.FindIndex(o => o.Value == v && o.Shape.Equals(shape));
                    if (k < 0)
                    {
                        k = result.Operands.Count;
                        result.Operands.Add((v, shape));
                    }
                    return BoundExpr.Argument(k, ArgName(k), a.Type);
                });
                memo[n] = e;
                return e;
            }
            result.Exprs.Add(Of(sink));
            return result;
        }

        /// <summary>"a", "b"... "z", then "x26"...</summary>
        private static string ArgName(int k) => k < 26 ? ((char)('a' + k)).ToString() : "x" + k.ToString(System.Globalization.CultureInfo.InvariantCulture);

        /// <summary>Replaces the group by one fused node at the sink's place, writing the sink's output (its name, and a graph output's, stay).</summary>
        private void Rewrite(Graph scope, Node sink, List<Node> members, HashSet<Node> copies)
        {
            var composition = Compose(sink, new HashSet<Node>(members));
            var inputs = composition.Operands.Select(o => o.Value).Distinct().ToList();
            var plan = new FusedElementwisePlan(composition.Exprs.ToValueList(), sink.Output(0)!.Shape!,
                composition.Operands.Select(o => o.Shape).ToValueList(), composition.Operands.Select(o => inputs.IndexOf(o.Value)).ToValueList());
            var ordered = members.OrderBy(m => scope.Nodes.IndexOf(m)).ToList();
            string first = ordered[0].Name;
            if (ordered[0].Op is FusedElementwiseOp && first.StartsWith(Prefix, System.StringComparison.Ordinal)) first = first.Substring(Prefix.Length);
            var node = new Node(scope.FreshNodeName(Prefix + first), FusedElementwiseOp.Name, FusedElementwiseOp.FusedDomain, 1) { Revision = 1 };
            node.Op = FusedElementwiseOp.Instance;
            node.Plan = plan;
            node.Attributes["expr"] = new NodeAttribute("expr", AttributeKind.String) { String = FusedElementwiseOp.Describe(plan) };
            node.Attributes["nodes"] = new NodeAttribute("nodes", AttributeKind.Strings) { Strings = ordered.SelectMany(Names).ToArray() };
            var y = sink.Output(0)!;
            scope.InsertNode(node, inputs, new[] { y }, sink);
            // Last to first, so each intermediate loses its readers before its producer goes (and leaves the scope with it).
            foreach (var m in Enumerable.Reverse(ordered)) if (!copies.Contains(m)) scope.Erase(m);
        }

        private const string Prefix = "Fused_";

        /// <summary>The original nodes a member stands for (a fused member lists its own).</summary>
        private static IEnumerable<string> Names(Node n) =>
            n.Op is FusedElementwiseOp && n.Attributes.TryGetValue("nodes", out var a) ? a.Strings : new[] { n.Name };
    }
}

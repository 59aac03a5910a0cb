using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Fused;

namespace ModelGen.Compiler.Passes
{
    /// <summary>
    /// Makes a reduction the sink of the pointwise group that feeds it, so the group's tensor is never written:
    /// // t = Mul(x, y); r = ReduceSum(t) {axes = [1]} -> r = ai.modelgen::FusedReduce(x, y) {expr = "sum(a*b)", axes = [1]}
    /// // t = ai.modelgen::FusedElementwise(x, c) {expr = "(a - b)*(a - b)"}; r = ReduceMean(t) -> r = FusedReduce(x, c) {expr = "mean((a - b)*(a - b))"}
    /// One loop reads the group's inputs, computes the expression at each index and folds it into the output element.
    /// It fuses when
    /// - the reduction is one the generated loop folds (<see cref="FusedReduceOp.Supports"/>: Sum, Mean, Max, Min,
    ///   SumSquare, L1, L2, LogSum), in float or double (integer sums wrap as the runtime's long accumulator does; they keep it),
    /// - its axes are known at build time and reduce at least one axis (run-time axes and noop_with_empty_axes keep the kernel),
    /// - its data input is produced by a pointwise node (non-converting elementwise, or a fused group of one output) in the
    ///   same scope and type, read by nothing else and not a graph or body output (else it must be materialised anyway),
    /// - and that producer does not read weights alone (the load-time stage computes those once).
    /// Runs after elementwise-fusion, so a chain is one fused node by then. Every scope is fused, bodies included.
    /// Floats accumulate in their own type here (in vector lanes, then combined), where the runtime kernel accumulates in
    /// double: sums agree within rounding (rtol 1e-3 for the sizes models reduce), Max/Min exactly.
    /// </summary>
    internal sealed class ReductionFusion : IPass
    {
        public string Name => "reduction-fusion";

        public bool IsRequired => false;

        public int Run(Graph g, OptimizationLog log)
        {
            int changed = 0;
            foreach (var scope in g.Scopes().ToList())
                foreach (var node in scope.Nodes.ToList())
                {
                    if (!scope.Nodes.Contains(node) || !TryFuse(scope, node)) continue;
                    log.Fused("reduction");
                    changed++;
                }
            return changed;
        }

        private static bool TryFuse(Graph scope, Node reduce)
        {
            if (!(reduce.Op is ReduceOp op) || !(reduce.Plan is ReducePlan p) || !FusedReduceOp.Supports(op.Reduction) || p.RuntimeAxes != null) return false;
            if (reduce.Outputs.Count != 1 || reduce.Output(0) == null || reduce.Output(0)!.Shape == null) return false;
            var x = reduce.Input(0);
            var y = reduce.Output(0)!;
            if (x == null || x.Shape == null || x.Shape.Rank == 0 || (x.Type != ElementType.Float && x.Type != ElementType.Double) || y.Type != x.Type) return false;
            if (x.Shape.Dims.Any(d => d.IsStatic && d.Value == 0) || !p.Reduced.Any(f => f != 0)) return false;
            var flags = AxisFlags(x.Shape, p);
            if (flags == null) return false;
            var producer = x.Producer;
            if (producer == null || producer.Scope != scope || !scope.Nodes.Contains(producer)) return false;
            if (x.IsGraphOutput || scope.Outputs.Contains(x) || x.Consumers.Count != 1 || x.Consumers[0] != reduce) return false;
            var local = Local(producer, x);
            if (local == null) return false;
            var (expr, argInputs, shapes) = local.Value;
            // Arguments named as fused groups name them ("a", "b"...), whatever the producer's op called them.
            expr = expr.Substitute(a => BoundExpr.Argument(a.ArgIndex, LoopOperands.ArgName(a.ArgIndex), a.Type));

            // Operand a reads the producer's input argInputs[a]; the fused node reads each distinct value once.
            var values = argInputs.Select(i => producer.Input(i)!).ToList();
            var inputs = values.Distinct().ToList();
            var plan = new FusedReducePlan(expr, op.Reduction, x.Shape, shapes.ToValueList(), values.Select(v => inputs.IndexOf(v)).ToValueList(), flags.ToValueList(), y.Shape!);

            var node = new Node(scope.FreshNodeName(Prefix + reduce.Name), FusedReduceOp.Name, FusedElementwiseOp.FusedDomain, 1) { Revision = 1 };
            node.Op = FusedReduceOp.Instance;
            node.Plan = plan;
            node.Attributes["expr"] = new NodeAttribute("expr", AttributeKind.String) { String = FusedReduceOp.Describe(plan) };
            node.Attributes["axes"] = new NodeAttribute("axes", AttributeKind.Ints) { Ints = FusedReduceOp.Axes(plan) };
            node.Attributes["keepdims"] = new NodeAttribute("keepdims", AttributeKind.Int) { Int = p.KeepDims ? 1 : 0 };
            node.Attributes["nodes"] = new NodeAttribute("nodes", AttributeKind.Strings) { Strings = Names(producer).Concat(new[] { reduce.Name }).ToArray() };
            scope.InsertNode(node, inputs, new[] { y }, reduce);
            // The reduction first, so the intermediate loses its reader before its producer goes (and leaves the scope with it).
            scope.Erase(reduce);
            scope.Erase(producer);
            return true;
        }

        private const string Prefix = "FusedReduce_";

        /// <summary>
        /// The producer of <paramref name="x"/> as one expression in x's type: its expression, the node input each argument
        /// reads, and each argument's shape as aligned to x; null when it is not a pointwise node this pass fuses.
        /// </summary>
        private static (BoundExpr Expr, IReadOnlyList<int> Inputs, IReadOnlyList<Shape> Shapes)? Local(Node n, Value x)
        {
            if (n.Outputs.Count != 1 || n.Output(0) != x || n.Subgraphs.Any()) return null;
            // The same reading of a pointwise node as elementwise-fusion's (a fused group with views is not one).
            var pointwise = PointwiseExpr.Of(n);
            if (pointwise == null) return null;
            var local = (pointwise.Expr, pointwise.Inputs, pointwise.Shapes);
            var (expr, inputs, shapes) = local;
            if (expr.Type != x.Type || inputs.Count != shapes.Count || inputs.Count == 0) return null;
            if (inputs.Any(i => i < 0 || i >= n.Inputs.Count || n.Input(i) == null || n.Input(i)!.Type != x.Type || n.Input(i)!.Shape == null)) return null;
            if (shapes.Any(s => s.Rank > x.Shape!.Rank)) return null;
            // Weights alone: the load-time stage (or folding) computes the node once.
            if (inputs.All(i => n.Input(i)!.IsWeightLike)) return null;
            return local;
        }

        /// <summary>
        /// One flag per axis of <paramref name="x"/> (1 = reduced), from the plan's merged runs: axes are given to runs left
        /// to right until each run's product is reached (a size-1 axis may land in either neighbour; it folds nothing).
        /// Checked by merging the flags again; null when they do not give the plan's runs back.
        /// </summary>
        private static List<long>? AxisFlags(Shape x, ReducePlan p)
        {
            if (p.Dims.Count == 0) return null;
            var flags = new List<long>();
            int k = 0;
            var product = Dim.One;
            for (int i = 0; i < x.Rank; i++)
            {
                flags.Add(p.Reduced[k]);
                product = product * x[i];
                if (product.Equals(p.Dims[k]) && k < p.Dims.Count - 1)
                {
                    k++;
                    product = Dim.One;
                }
            }
            // Merge as ReduceOp does: adjacent axes with the same flag become one run.
            var dims = new List<Dim>();
            var merged = new List<long>();
            for (int i = 0; i < x.Rank; i++)
            {
                if (merged.Count > 0 && merged[merged.Count - 1] == flags[i]) dims[dims.Count - 1] = dims[dims.Count - 1] * x[i];
                else { dims.Add(x[i]); merged.Add(flags[i]); }
            }
            return dims.SequenceEqual(p.Dims) && merged.SequenceEqual(p.Reduced) ? flags : null;
        }

        /// <summary>The original nodes a member stands for (a fused member lists its own).</summary>
        private static IEnumerable<string> Names(Node n) =>
            n.Op is FusedElementwiseOp && n.Attributes.TryGetValue("nodes", out var a) ? a.Strings : new[] { n.Name };
    }
}

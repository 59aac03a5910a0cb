using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// The trees as flat tables, built at build time: per node its feature, comparison mode, split (or the start and
    /// count of its set in <see cref="Members"/>), whether a NaN goes the true way, and its two children (a node
    /// index, or ~leaf for a leaf); per tree its root; per leaf its target and weight.
    /// </summary>
    internal sealed record TreeEnsemblePlan(
        ValueList<long> Feature, ValueList<long> Mode, ValueList<double> Split, ValueList<long> MissingTrue, ValueList<long> True, ValueList<long> False,
        ValueList<long> MemberStart, ValueList<long> MemberCount, ValueList<double> Members, ValueList<long> Roots,
        ValueList<long> LeafTarget, ValueList<double> LeafWeight, int Targets, int Aggregate, Dim Rows, Dim Features) : OpPlan;

    /// <summary>
    /// ai.onnx.ml TreeEnsemble (ml opset 5): each row of X [N, F] walks every tree from its root, comparing one
    /// feature per node (BRANCH_LEQ, LT, GTE, GT, EQ, NEQ, or MEMBER of a set), to a leaf whose weight goes to its
    /// target; the targets aggregate by SUM, AVERAGE, MIN or MAX into Y [N, n_targets]. The trees become static
    /// tables at build time. Only post_transform NONE is supported (the others are reported).
    /// Spec: https://onnx.ai/onnx/operators/onnx_aionnxml_TreeEnsemble.html
    /// </summary>
    internal sealed class TreeEnsemble : Op<TreeEnsemblePlan>
    {
        private static readonly Attr<long> AggregateFunction = Attr.Int("aggregate_function", 1);
        private static readonly Attr<long[]?> LeafTargetIds = Attr.Ints("leaf_targetids").Required();
        private static readonly Attr<TensorData?> LeafWeights = Attr.Tensor("leaf_weights").Required();
        private static readonly Attr<TensorData?> MembershipValues = Attr.Tensor("membership_values");
        private static readonly Attr<long?> Targets = Attr.OptionalInt("n_targets");
        private static readonly Attr<long[]?> FalseLeafs = Attr.Ints("nodes_falseleafs").Required();
        private static readonly Attr<long[]?> FalseNodeIds = Attr.Ints("nodes_falsenodeids").Required();
        private static readonly Attr<long[]?> FeatureIds = Attr.Ints("nodes_featureids").Required();
        private static readonly Attr<TensorData?> HitRates = Attr.Tensor("nodes_hitrates").Ignored("a profiling hint");
        private static readonly Attr<long[]?> MissingTracksTrue = Attr.Ints("nodes_missing_value_tracks_true");
        private static readonly Attr<TensorData?> Modes = Attr.Tensor("nodes_modes").Required();
        private static readonly Attr<TensorData?> Splits = Attr.Tensor("nodes_splits").Required();
        private static readonly Attr<long[]?> TrueLeafs = Attr.Ints("nodes_trueleafs").Required();
        private static readonly Attr<long[]?> TrueNodeIds = Attr.Ints("nodes_truenodeids").Required();
        private static readonly Attr<long> PostTransform = Attr.Int("post_transform", 0);
        private static readonly Attr<long[]?> TreeRoots = Attr.Ints("tree_roots").Required();

        private const int Member = 6;

        public override OpSchema Schema { get; } = new OpSchema("TreeEnsemble", new[] { 5 }, "ai.onnx.ml")
            .Input("X", "T").Output("Y", "T").Types("T", TypeSets.Float)
            .WithAttributes(AggregateFunction, LeafTargetIds, LeafWeights, MembershipValues, Targets, FalseLeafs, FalseNodeIds, FeatureIds, HitRates,
                MissingTracksTrue, Modes, Splits, TrueLeafs, TrueNodeIds, PostTransform, TreeRoots);

        public override string SpecUrl => "https://onnx.ai/onnx/operators/onnx_aionnxml_TreeEnsemble.html";

        public override string Summary =>
            "tree ensemble (all branch modes and set membership; SUM, AVERAGE, MIN, MAX), its trees as static tables; post_transform NONE only.";

        protected override TreeEnsemblePlan? Infer(InferContext c)
        {
            var x = c.InShape(0);
            if (x.Rank != 2) return c.Reject<TreeEnsemblePlan>(DiagnosticIds.ShapeMismatch, "X " + x + " must be [N, F].");
            if (c.Get(PostTransform) != 0) return c.Reject<TreeEnsemblePlan>(DiagnosticIds.UnsupportedAttribute, "post_transform=" + c.Get(PostTransform) + " is not supported (only 0, NONE).");
            long aggregate = c.Get(AggregateFunction);
            if (aggregate < 0 || aggregate > 3) return c.Reject<TreeEnsemblePlan>(DiagnosticIds.UnsupportedAttribute, "aggregate_function=" + aggregate + " is not one of 0..3 (AVERAGE, SUM, MIN, MAX).");
            long[]? featuresOrNull = c.Get(FeatureIds), trueIdsOrNull = c.Get(TrueNodeIds), falseIdsOrNull = c.Get(FalseNodeIds), trueLeafOrNull = c.Get(TrueLeafs), falseLeafOrNull = c.Get(FalseLeafs);
            long[]? rootsOrNull = c.Get(TreeRoots), targetsOrNull = c.Get(LeafTargetIds);
            var modesTensor = c.Get(Modes);
            var splitsTensor = c.Get(Splits);
            var weightsTensor = c.Get(LeafWeights);
            // A tensor attribute of a type that does not decode reads as absent (found by fuzzing: a NullReferenceException).
            if (featuresOrNull == null || trueIdsOrNull == null || falseIdsOrNull == null || trueLeafOrNull == null || falseLeafOrNull == null ||
                rootsOrNull == null || targetsOrNull == null || modesTensor == null || splitsTensor == null || weightsTensor == null)
                return c.Reject<TreeEnsemblePlan>(DiagnosticIds.InvalidGraph, "a tree attribute is missing or cannot be read.");
            if (!ElementTypes.IsInteger(modesTensor.Type) || splitsTensor.Type == ElementType.String || weightsTensor.Type == ElementType.String)
                return c.Reject<TreeEnsemblePlan>(DiagnosticIds.UnsupportedElementType, "nodes_modes must be integers, nodes_splits and leaf_weights numbers.");
            long[] features = featuresOrNull, trueIds = trueIdsOrNull, falseIds = falseIdsOrNull, trueLeaf = trueLeafOrNull, falseLeaf = falseLeafOrNull;
            long[] modes = modesTensor.AsInt64(), roots = rootsOrNull, targets = targetsOrNull;
            double[] splits = splitsTensor.AsDouble(), weights = weightsTensor.AsDouble();
            long[] missing = c.Get(MissingTracksTrue) ?? new long[features.Length];
            int nodes = features.Length, leaves = targets.Length;
            if (new[] { trueIds.Length, falseIds.Length, trueLeaf.Length, falseLeaf.Length, modes.Length, splits.Length, missing.Length }.Any(n => n != nodes) || weights.Length != leaves)
                return c.Reject<TreeEnsemblePlan>(DiagnosticIds.InvalidGraph, "the per-node attributes (and leaf_targetids/leaf_weights) do not all have the same length.");
            long targetCount = c.Get(Targets) ?? (leaves == 0 ? 0 : targets.Max() + 1);
            if (targets.Any(t => t < 0 || t >= targetCount)) return c.Reject<TreeEnsemblePlan>(DiagnosticIds.InvalidGraph, "a leaf's target id is outside 0.." + (targetCount - 1) + ".");
            if (modes.Any(m => m < 0 || m > Member)) return c.Reject<TreeEnsemblePlan>(DiagnosticIds.UnsupportedAttribute, "a node mode is outside 0..6 (BRANCH_LEQ .. BRANCH_MEMBER).");
            if (x[1].IsStatic && features.Any(f => f < 0 || f >= x[1].Value)) return c.Reject<TreeEnsemblePlan>(DiagnosticIds.ShapeMismatch, "a node reads a feature outside X's " + x[1] + " columns.");

            // Each MEMBER node's set is the next run of membership_values, ended by a NaN.
            double[] members = c.Get(MembershipValues)?.AsDouble() ?? new double[0];
            var memberStart = new long[nodes];
            var memberCount = new long[nodes];
            var memberList = new List<double>();
            int at = 0;
            for (int n = 0; n < nodes; n++)
            {
                if (modes[n] != Member) continue;
                memberStart[n] = memberList.Count;
                while (at < members.Length && !double.IsNaN(members[at])) memberList.Add(members[at++]);
                if (at >= members.Length) return c.Reject<TreeEnsemblePlan>(DiagnosticIds.InvalidGraph, "membership_values has fewer NaN-ended sets than there are BRANCH_MEMBER nodes.");
                at++;
                memberCount[n] = memberList.Count - memberStart[n];
            }

            long Child(long id, long leaf) => leaf != 0 ? ~id : id;
            bool Bad(long id, long leaf) => id < 0 || id >= (leaf != 0 ? leaves : nodes);
            for (int n = 0; n < nodes; n++)
                if (Bad(trueIds[n], trueLeaf[n]) || Bad(falseIds[n], falseLeaf[n]))
                    return c.Reject<TreeEnsemblePlan>(DiagnosticIds.InvalidGraph, "node " + n + " points at a node or leaf that does not exist.");
            var rootRefs = new long[roots.Length];
            for (int t = 0; t < roots.Length; t++)
            {
                long r = roots[t];
                if (r < 0 || r >= nodes) return c.Reject<TreeEnsemblePlan>(DiagnosticIds.InvalidGraph, "tree root " + r + " is not a node.");
                // A tree that is one leaf: both branches name the same leaf.
                bool leafOnly = trueLeaf[r] != 0 && falseLeaf[r] != 0 && trueIds[r] == falseIds[r];
                rootRefs[t] = leafOnly ? ~trueIds[r] : r;
            }
            c.SetOutput(0, new Shape(new[] { x[0], Dim.Of(targetCount) }));
            return new TreeEnsemblePlan(features.ToValueList(), modes.ToValueList(), splits.ToValueList(), missing.ToValueList(),
                Enumerable.Range(0, nodes).Select(n => Child(trueIds[n], trueLeaf[n])).ToValueList(),
                Enumerable.Range(0, nodes).Select(n => Child(falseIds[n], falseLeaf[n])).ToValueList(),
                memberStart.ToValueList(), memberCount.ToValueList(), memberList.ToValueList(), rootRefs.ToValueList(),
                targets.ToValueList(), weights.ToValueList(), (int)targetCount, (int)aggregate, x[0], x[1]);
        }

        protected override void Lower(LowerContext c, TreeEnsemblePlan p) =>
            c.Call("treeensemble", c.InType(0)).In("x", c.In(0)).Out("y", c.Out(0))
                .Ints("feature", p.Feature).Ints("mode", p.Mode).Ints("split", DoubleBits(p.Split)).Ints("missingTrue", p.MissingTrue)
                .Ints("trueChild", p.True).Ints("falseChild", p.False).Ints("memberStart", p.MemberStart).Ints("memberCount", p.MemberCount)
                .Ints("members", DoubleBits(p.Members)).Ints("roots", p.Roots).Ints("leafTarget", p.LeafTarget).Ints("leafWeight", DoubleBits(p.LeafWeight))
                .Dim("rows", p.Rows).Dim("features", p.Features).Integer("targets", ElementType.Int32, p.Targets).Integer("aggregate", ElementType.Int32, p.Aggregate).Emit();

        /// <summary>
        /// Build-time tables reach kernels as static int tables, so each double travels as its two 32-bit halves
        /// (low, high): exact, whatever the model's float type.
        /// </summary>
        private static IEnumerable<long> DoubleBits(IEnumerable<double> values)
        {
            foreach (double v in values)
            {
                long bits = System.BitConverter.DoubleToInt64Bits(v);
                yield return (int)bits;
                yield return (int)(bits >> 32);
            }
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Common
{
    /// <summary>What a ReduceX op folds its elements with (the runtime kernel of the same name does the same).</summary>
    internal enum Reduction { Sum, Mean, Max, Min, Prod, L1, L2, LogSum, LogSumExp, SumSquare }

    /// <summary>
    /// A reduction of the input viewed as <see cref="Dims"/> (runs of adjacent axes merged), folding the axes
    /// flagged in <see cref="Reduced"/>. Merging needs no sizes, so symbolic dims merge as products. With axes
    /// known only at run time, <see cref="Dims"/> are the input's own, <see cref="Reduced"/> is empty, and the
    /// output dims are run-time symbols that the axes tensor sets.
    /// </summary>
    internal sealed record ReducePlan(ValueList<Dim> Dims, ValueList<long> Reduced, Value? RuntimeAxes, bool KeepDims, Shape Output) : OpPlan;

    /// <summary>
    /// The ONNX ReduceX family: 'axes' as an attribute (before <see cref="AxesInputFrom"/>) or an optional input
    /// (from it), 'keepdims' (default 1), and 'noop_with_empty_axes' (with the axes input): no axes reduce every
    /// axis, unless noop is set, when the fold still runs over each single element (so ReduceL2 is |x| and
    /// ReduceLogSum is log x, as ONNX's reference computes). Float types accumulate in double, signed integers in
    /// long and unsigned in ulong (sums wrap to the type as numpy's do). Reducing an empty axis gives the fold's
    /// identity: 0, 1, -inf for Max/LogSum/LogSumExp (the type's minimum for integers), +inf for Min, NaN for Mean.
    /// </summary>
    internal abstract class ReduceOp : Op<ReducePlan>
    {
        private static readonly Attr<long> KeepDims = Attr.Int("keepdims", 1);

        private readonly Attr<long[]?> _axesAttr;
        private readonly Attr<long> _noop;

        protected ReduceOp(string opType, int[] revisions, int axesInputFrom, Reduction reduction)
        {
            Reduction = reduction;
            AxesInputFrom = axesInputFrom;
            _axesAttr = Attr.Ints("axes").Until(axesInputFrom - 1);
            _noop = Attr.Int("noop_with_empty_axes", 0).Since(axesInputFrom);
            Schema = new OpSchema(opType, revisions)
                .Input("data", "T").Input("axes", "I", optional: true, from: axesInputFrom).Output("reduced", "T")
                .Types("T", reduction == Reduction.Max || reduction == Reduction.Min ? TypeSets.Any : TypeSets.Numeric).Types("I", TypeSets.Int64)
                .WithAttributes(_axesAttr, KeepDims, _noop);
        }

        public Reduction Reduction { get; }

        /// <summary>The first revision that takes 'axes' as an input.</summary>
        public int AxesInputFrom { get; }

        public sealed override OpSchema Schema { get; }

        public override string Summary =>
            "axes as attribute or input (run-time axes give run-time output dims), keepdims, noop_with_empty_axes; numeric types" +
            (Reduction == Reduction.Max || Reduction == Reduction.Min ? " and bool" : "") + "; symbolic dims. Floats accumulate in double.";

        protected sealed override ReducePlan? Infer(InferContext c)
        {
            var x = c.InShape(0);
            long[]? axes;
            bool noop = false;
            if (c.Revision < AxesInputFrom) axes = c.Get(_axesAttr);
            else
            {
                noop = c.Get(_noop) != 0;
                axes = null;
                if (c.HasInput(1))
                {
                    axes = c.StaticInts(1);
                    if (axes == null) return RuntimeAxes(c, x);
                }
            }
            var reduced = new bool[x.Rank];
            if (axes == null || axes.Length == 0)
            {
                if (!noop) for (int i = 0; i < x.Rank; i++) reduced[i] = true;
            }
            else
                foreach (var a in axes)
                {
                    if (!c.Axis(a, x.Rank, "axes", out int axis)) return null;
                    if (reduced[axis]) return c.Reject<ReducePlan>(DiagnosticIds.UnsupportedAttribute, "axes lists axis " + axis + " twice.");
                    reduced[axis] = true;
                }
            bool keep = c.Get(KeepDims) != 0;
            var output = new Shape(Enumerable.Range(0, x.Rank).Where(i => keep || !reduced[i]).Select(i => reduced[i] ? Dim.One : x[i]));
            c.SetOutput(0, output);
            var (dims, flags) = Merge(x.Dims, reduced);
            return new ReducePlan(dims.ToValueList(), flags.ToValueList(), null, keep, output);
        }

        /// <summary>
        /// Axes computed at run time (ONNX's own tests feed them as inputs): an empty axes tensor is still decided
        /// here; otherwise each output dim is a run-time symbol, bounded by the input dims it can be.
        /// </summary>
        private ReducePlan? RuntimeAxes(InferContext c, Shape x)
        {
            var count = c.InShape(1);
            if (!c.StaticLength(count, "the number of axes")) return null;
            bool keep = c.Get(KeepDims) != 0;
            if (count[0].Value == 0)
            {
                bool noop = c.Get(_noop) != 0;
                var output = noop ? x : new Shape(keep ? x.Dims.Select(d => Dim.One) : new Dim[0]);
                c.SetOutput(0, output);
                var flags = x.Dims.Select(d => noop ? 0L : 1L).ToList();
                var (dims, merged) = Merge(x.Dims, flags.Select(f => f != 0).ToArray());
                return new ReducePlan(dims.ToValueList(), merged.ToValueList(), null, keep, output);
            }
            int rank = keep ? x.Rank : x.Rank - (int)count[0].Value;
            if (rank < 0) return c.Reject<ReducePlan>(DiagnosticIds.ShapeMismatch, count[0] + " axes are more than the input's rank " + x.Rank + ".");
            var bound = Dim.Max(x.Dims.Concat(new[] { Dim.One }));
            var runtime = new Shape(Enumerable.Range(0, rank).Select(i => c.RuntimeDim(i, keep ? Dim.Max(x[i], Dim.One) : bound)));
            c.SetOutput(0, runtime);
            return new ReducePlan(x.Dims.ToValueList(), new long[0].ToValueList(), c.In(1), keep, runtime);
        }

        /// <summary>Adjacent axes with the same flag merge into one (their product); the fold is unchanged.</summary>
        private static (List<Dim> Dims, List<long> Flags) Merge(IReadOnlyList<Dim> dims, bool[] reduced)
        {
            var merged = new List<Dim>();
            var flags = new List<long>();
            for (int i = 0; i < dims.Count; i++)
            {
                long flag = reduced[i] ? 1 : 0;
                if (merged.Count > 0 && flags[flags.Count - 1] == flag) merged[merged.Count - 1] = merged[merged.Count - 1] * dims[i];
                else { merged.Add(dims[i]); flags.Add(flag); }
            }
            return (merged, flags);
        }

        protected sealed override bool Evaluate(EvalContext c, ReducePlan p)
        {
            if (p.RuntimeAxes != null) return false;
            var groups = ReductionGroups(p);
            if (groups == null) return false;
            var type = c.OutType(0);
            var dims = c.OutDims(0);
            if (!c.IsConcrete(0))
            {
                // Shape arithmetic over dim expressions (ReduceProd of a Shape is the element count).
                var elements = c.Dims(0);
                Func<IEnumerable<Dim>, Dim>? fold = Reduction switch
                {
                    Reduction.Sum => ds => ds.Aggregate(Dim.Zero, (a, b) => a + b),
                    Reduction.Prod => ds => ds.Aggregate(Dim.One, (a, b) => a * b),
                    Reduction.Max => ds => ds.Any() ? Dim.Max(ds) : Dim.Of(long.MinValue),
                    Reduction.Min => ds => ds.Any() ? Dim.Min(ds) : Dim.Of(long.MaxValue),
                    _ => null,
                };
                if (fold == null || type != ElementType.Int64) return false;
                c.Set(0, groups.Select(g => fold(g.Select(i => elements[(int)i]))).ToArray());
                return true;
            }
            var x = c.Concrete(0);
            if (ElementTypes.IsFloatingPoint(type))
            {
                var v = x.AsDouble();
                c.Set(0, TensorData.FromDoubleValues(type, dims, groups.Select(g => FoldDouble(g.Select(i => v[i]).ToArray())).ToArray()));
                return true;
            }
            var n = x.AsInt64();
            var folded = new long[groups.Count];
            for (int k = 0; k < groups.Count; k++)
            {
                long? r = FoldInteger(groups[k].Select(i => n[i]).ToArray(), type);
                if (r == null) return false;
                folded[k] = r.Value;
            }
            c.Set(0, TensorData.FromInt64Values(type, dims, folded));
            return true;
        }

        /// <summary>For each output element in order, the flat indices of the input elements it folds; null when a dim is not static.</summary>
        private static List<long[]>? ReductionGroups(ReducePlan p)
        {
            if (p.Dims.Any(d => !d.IsStatic)) return null;
            var dims = p.Dims.Select(d => d.Value).ToArray();
            var strides = new long[dims.Length];
            for (long i = dims.Length - 1, s = 1; i >= 0; s *= dims[i], i--) strides[i] = s;
            var kept = Enumerable.Range(0, dims.Length).Where(i => p.Reduced[i] == 0).ToArray();
            var folded = Enumerable.Range(0, dims.Length).Where(i => p.Reduced[i] != 0).ToArray();
            var groups = new List<long[]>();
            foreach (var outer in Odometer(kept.Select(i => dims[i]).ToArray()))
            {
                long baseOffset = kept.Select((axis, k) => outer[k] * strides[axis]).Sum();
                groups.Add(Odometer(folded.Select(i => dims[i]).ToArray()).Select(r => baseOffset + folded.Select((axis, k) => r[k] * strides[axis]).Sum()).ToArray());
            }
            return groups;
        }

        /// <summary>Every index tuple of <paramref name="sizes"/> in row-major order (one empty tuple for no sizes).</summary>
        private static IEnumerable<long[]> Odometer(long[] sizes)
        {
            if (sizes.Any(s => s == 0)) yield break;
            var index = new long[sizes.Length];
            while (true)
            {
                yield return (long[])index.Clone();
                int d = sizes.Length - 1;
                while (d >= 0 && ++index[d] == sizes[d]) index[d--] = 0;
                if (d < 0) yield break;
            }
        }

        private double FoldDouble(double[] v) => Reduction switch
        {
            Reduction.Sum => v.Sum(),
            Reduction.Mean => v.Length == 0 ? double.NaN : v.Sum() / v.Length,
            Reduction.Max => v.Aggregate(double.NegativeInfinity, (a, b) => double.IsNaN(a) || double.IsNaN(b) ? double.NaN : Math.Max(a, b)),
            Reduction.Min => v.Aggregate(double.PositiveInfinity, (a, b) => double.IsNaN(a) || double.IsNaN(b) ? double.NaN : Math.Min(a, b)),
            Reduction.Prod => v.Aggregate(1.0, (a, b) => a * b),
            Reduction.L1 => v.Sum(Math.Abs),
            Reduction.L2 => Math.Sqrt(v.Sum(e => e * e)),
            Reduction.LogSum => Math.Log(v.Sum()),
            Reduction.LogSumExp => Math.Log(v.Sum(Math.Exp)),
            _ => v.Sum(e => e * e),
        };

        /// <summary>The integer fold, wrapped to <paramref name="type"/>; null for the folds that go through a float (left to run time).</summary>
        private long? FoldInteger(long[] v, ElementType type)
        {
            if (type == ElementType.UInt64) return null; // above long.MaxValue the long view's order is not the type's
            long r;
            switch (Reduction)
            {
                case Reduction.Sum: r = v.Aggregate(0L, (a, b) => unchecked(a + b)); break;
                case Reduction.Mean: if (v.Length == 0) return null; r = v.Aggregate(0L, (a, b) => unchecked(a + b)) / v.Length; break;
                case Reduction.Max: if (v.Length == 0) return null; r = v.Max(); break;
                case Reduction.Min: if (v.Length == 0) return null; r = v.Min(); break;
                case Reduction.Prod: r = v.Aggregate(1L, (a, b) => unchecked(a * b)); break;
                case Reduction.L1: r = v.Aggregate(0L, (a, b) => unchecked(a + Math.Abs(b))); break;
                case Reduction.SumSquare: r = v.Aggregate(0L, (a, b) => unchecked(a + b * b)); break;
                default: return null;
            }
            return ScalarEvaluator.Wrap(type, r);
        }

        protected sealed override void Lower(LowerContext c, ReducePlan p)
        {
            string kernel = "reduce." + Reduction.ToString().ToLowerInvariant();
            var types = new[] { c.InType(0) };
            if (c.InType(0) == ElementType.Bool)
            {
                kernel = Reduction == Reduction.Max ? "reduce.any" : "reduce.all";
                types = new ElementType[0];
            }
            if (p.RuntimeAxes == null)
            {
                c.Call(kernel, types).In("x", c.In(0)).Out("y", c.Out(0)).Dims("dims", p.Dims).Ints("reduced", p.Reduced).Emit();
                return;
            }
            // The output dims first, from the axes tensor; then the same fold with the flags worked out from it.
            c.Call("reduce.dims").In("axes", p.RuntimeAxes).Dims("inputDims", p.Dims).Bool("keepDims", p.KeepDims)
                .Symbols("dims", p.Output.Dims.Select(d => d.SymbolName!)).Emit();
            c.Call(kernel, types).In("x", c.In(0)).Out("y", c.Out(0)).Dims("dims", p.Dims).In("axes", p.RuntimeAxes).Emit();
        }
    }
}

using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// A slice: per input axis the first element and the step, and the output shape. When starts or ends are
    /// only known at run time, <see cref="Runtime"/> holds them; the sliced dims are then run-time symbols
    /// bounded by the input's dims.
    /// </summary>
    internal sealed record SlicePlan(ValueList<Dim> Starts, ValueList<long> Steps, Shape Output, SliceRuntime? Runtime) : OpPlan;

    /// <summary>
    /// The run-time inputs of a slice: starts and ends, and, when they too are only known at run time, the axes and
    /// steps tensors (<see cref="AxesTensor"/>/<see cref="StepsTensor"/>; every output dim is then a run-time dim).
    /// </summary>
    internal sealed record SliceRuntime(Value Starts, Value Ends, ValueList<long> Axes, ValueList<long> Steps, Value? AxesTensor = null, Value? StepsTensor = null);

    /// <summary>
    /// ONNX Slice: starts/ends/axes as attributes (revision 1) or inputs with optional steps (10+). Bounds are
    /// clamped as the spec says (INT64_MAX ends included), negative steps walk backwards; symbolic input dims give
    /// expressions (min/max/ceildiv) for the output dims. Starts and ends known only at run time are resolved by
    /// the kernel, which sets the sliced dims. Spec: https://onnx.ai/onnx/operators/onnx__Slice.html
    /// </summary>
    internal sealed class Slice : Op<SlicePlan>
    {
        private static readonly Attr<long[]?> StartsAttr = Attr.Ints("starts").Until(1).Required();
        private static readonly Attr<long[]?> EndsAttr = Attr.Ints("ends").Until(1).Required();
        private static readonly Attr<long[]?> AxesAttr = Attr.Ints("axes").Until(1);

        public override OpSchema Schema { get; } = new OpSchema("Slice", new[] { 1, 10, 11, 13 })
            .Input("data", "T").Input("starts", "Tind", from: 10).Input("ends", "Tind", from: 10)
            .Input("axes", "Tind", optional: true, from: 10).Input("steps", "Tind", optional: true, from: 10)
            .Output("output", "T")
            .Types("T", TypeSets.Any).Types("Tind", TypeSets.Indices)
            .WithAttributes(StartsAttr, EndsAttr, AxesAttr);

        public override string Summary =>
            "starts/ends/axes/steps, clamped as the spec says, negative steps included; symbolic input dims give expressions; " +
            "starts and ends known only at run time make the sliced dims run-time dims.";

        protected override SlicePlan? Infer(InferContext c)
        {
            bool legacy = c.Revision < 10;
            var x = c.InShape(0);
            long[]? axes = legacy ? c.Get(AxesAttr) : c.HasInput(3) ? c.StaticInts(3) : null;
            long[]? steps = !legacy && c.HasInput(4) ? c.StaticInts(4) : null;
            if ((!legacy && c.HasInput(3) && axes == null) || (!legacy && c.HasInput(4) && steps == null))
            {
                // Axes or steps known only at run time: any axis may be sliced, so every output dim is a run-time dim.
                var all = new Shape(Enumerable.Range(0, x.Rank).Select(i => c.RuntimeDim(i, x[i])));
                c.SetOutput(0, all);
                return new SlicePlan(ValueList<Dim>.Empty, ValueList<long>.Empty, all, new SliceRuntime(c.In(1), c.In(2), ValueList<long>.Empty, ValueList<long>.Empty,
                    c.Node.Input(3), c.Node.Input(4)));
            }
            var startDims = legacy ? c.Get(StartsAttr)!.Select(Dim.Of).ToList() : c.InDims(1)?.ToList();
            var endDims = legacy ? c.Get(EndsAttr)!.Select(Dim.Of).ToList() : c.InDims(2)?.ToList();
            int count = legacy ? startDims!.Count : (int)StaticLength(c, 1);
            if (count < 0) return null;
            axes = axes ?? Enumerable.Range(0, count).Select(i => (long)i).ToArray();
            steps = steps ?? Enumerable.Repeat(1L, count).ToArray();
            if ((startDims != null && startDims.Count != count) || (endDims != null && endDims.Count != count) || axes.Length != count || steps.Length != count)
                return c.Reject<SlicePlan>(DiagnosticIds.ShapeMismatch, "starts, ends, axes and steps must have the same length.");
            var normalizedAxes = new List<int>();
            foreach (var a in axes)
            {
                if (!c.Axis(a, x.Rank, "axes", out int axis)) return null;
                if (normalizedAxes.Contains(axis)) return c.Reject<SlicePlan>(DiagnosticIds.UnsupportedAttribute, "axis " + axis + " is sliced twice.");
                normalizedAxes.Add(axis);
            }
            if (steps.Any(s => s == 0)) return c.Reject<SlicePlan>(DiagnosticIds.UnsupportedAttribute, "a step of 0 is not allowed.");

            var first = Enumerable.Repeat(Dim.Zero, x.Rank).ToArray();
            var stepPerAxis = Enumerable.Repeat(1L, x.Rank).ToArray();
            var dims = x.Dims.ToArray();
            bool atBuildTime = startDims != null && endDims != null;
            for (int i = 0; i < count && atBuildTime; i++)
            {
                int axis = normalizedAxes[i];
                var range = Normalize(startDims![i], endDims![i], steps[i], x[axis]);
                if (range == null) { atBuildTime = false; break; }
                first[axis] = range.Value.First;
                dims[axis] = range.Value.Length;
                stepPerAxis[axis] = steps[i];
            }
            if (atBuildTime)
            {
                var shape = new Shape(dims);
                c.SetOutput(0, shape);
                return new SlicePlan(first.ToValueList(), stepPerAxis.ToValueList(), shape, null);
            }
            // Run time: each sliced axis gets a run-time dim, at most the input's.
            dims = x.Dims.ToArray();
            for (int i = 0; i < count; i++) dims[normalizedAxes[i]] = c.RuntimeDim(i, x[normalizedAxes[i]]);
            var output = new Shape(dims);
            c.SetOutput(0, output);
            return new SlicePlan(ValueList<Dim>.Empty, ValueList<long>.Empty, output,
                new SliceRuntime(c.In(1), c.In(2), normalizedAxes.Select(a => (long)a).ToValueList(), steps.ToValueList()));
        }

        private static long StaticLength(InferContext c, int input)
        {
            var s = c.InShape(input);
            if (!c.StaticLength(s, "the length of '" + c.In(input).Name + "'")) return -1;
            return s[0].Value;
        }

        /// <summary>
        /// The first index and the length of a slice of an axis of <paramref name="n"/> elements, as dims; null when the
        /// bounds are symbolic with a sign that is not known (the run-time kernel then resolves them).
        /// </summary>
        internal static (Dim First, Dim Length)? Normalize(Dim start, Dim end, long step, Dim n)
        {
            if (start.IsStatic && end.IsStatic && n.IsStatic)
            {
                Normalize(start.Value, end.Value, step, n.Value, out long f, out long len);
                return (Dim.Of(f), Dim.Of(len));
            }
            if (!start.IsStatic && start.LowerBound == null) return null;
            if (!end.IsStatic && end.LowerBound == null) return null;
            if (step > 0)
            {
                var s = ClampForward(start, n);
                var e = ClampForward(end, n);
                return (s, Dim.Max(Dim.Zero, Dim.CeilDiv(e - s, step)));
            }
            // Backwards: first in [0, n-1], last in [-1, n-1].
            var first = Dim.Min(ClampBackward(start, n, Dim.Zero), n - 1);
            var last = Dim.Min(ClampBackward(end, n, Dim.Of(-1)), n - 1);
            return (first, Dim.Max(Dim.Zero, Dim.CeilDiv(first - last, -step)));
        }

        /// <summary>An index into [0, n]: negative ones count from the end; huge ones (INT64_MAX) mean n.</summary>
        private static Dim ClampForward(Dim v, Dim n)
        {
            if (v.IsStatic && v.Value >= int.MaxValue) return n;
            if (v.IsStatic && v.Value < 0) return v.Value <= -(long)int.MaxValue ? Dim.Zero : Dim.Max(v + n, Dim.Zero);
            return Dim.Min(v, n);
        }

        private static Dim ClampBackward(Dim v, Dim n, Dim floor)
        {
            if (v.IsStatic && v.Value >= int.MaxValue) return n - 1;
            if (v.IsStatic && v.Value < 0) return v.Value <= -(long)int.MaxValue ? floor : Dim.Max(v + n, floor);
            return v;
        }

        /// <summary>ONNX's clamping: start into [0,n] ([0,n-1] for negative steps), end into [0,n] ([-1,n-1]); length rounds up.</summary>
        internal static void Normalize(long start, long end, long step, long n, out long first, out long length)
        {
            long Clamp(long v, long lo, long hi) => v < lo ? lo : v > hi ? hi : v;
            start = start < 0 ? Clamp(start, -n, 0) + n : start;
            end = end < 0 ? Clamp(end, -n - 1, 0) + n : end;
            if (step > 0)
            {
                first = Clamp(start, 0, n);
                long last = Clamp(end, 0, n);
                length = last > first ? (last - first - 1) / step + 1 : 0; // no overflow for steps near INT64_MAX
            }
            else
            {
                first = Clamp(start, 0, n - 1);
                long last = Clamp(end, -1, n - 1);
                length = first > last ? (first - last - 1) / -step + 1 : 0;
            }
        }

        protected override bool Evaluate(EvalContext c, SlicePlan p)
        {
            if (p.Runtime != null || p.Starts.Any(s => !s.IsStatic)) return false;
            var x = c.In(0).Shape!.ToStatic();
            var y = c.OutDims(0);
            var inStrides = Indexing.Strides(x);
            long count = y.Aggregate(1L, (a, b) => a * b);
            var indices = new long[count];
            var idx = new long[y.Length];
            for (long n = 0; n < count; n++)
            {
                long src = 0;
                for (int d = 0; d < y.Length; d++) src += (p.Starts[d].Value + idx[d] * p.Steps[d]) * inStrides[d];
                indices[n] = src;
                for (int d = y.Length - 1; d >= 0 && ++idx[d] == y[d]; d--) idx[d] = 0;
            }
            c.Take(0, 0, indices);
            return true;
        }

        protected override void Lower(LowerContext c, SlicePlan p)
        {
            if (p.Runtime != null && (p.Runtime.AxesTensor != null || p.Runtime.StepsTensor != null))
            {
                var r = p.Runtime;
                c.Call("slice.dynamic_axes", c.InType(0), r.Starts.Type).In("x", c.In(0)).Out("y", c.Out(0)).Dims("inShape", c.InShape(0).Dims)
                    .In("starts", r.Starts).In("ends", r.Ends).InOrNone("axes", r.AxesTensor).InOrNone("steps", r.StepsTensor)
                    .Symbols("dims", p.Output.Dims.Select(d => d.SymbolName!)).Emit();
                return;
            }
            if (p.Runtime != null)
            {
                var r = p.Runtime;
                c.Call("slice.dynamic", c.InType(0), r.Starts.Type).In("x", c.In(0)).Out("y", c.Out(0)).Dims("inShape", c.InShape(0).Dims)
                    .In("starts", r.Starts).In("ends", r.Ends).Ints("axes", r.Axes).Ints("steps", r.Steps.Select(s => System.Math.Max(System.Math.Min(s, int.MaxValue), -(long)int.MaxValue)))
                    .Symbols("dims", r.Axes.Select(a => p.Output[(int)a].SymbolName!)).Emit();
                return;
            }
            // A step of n or more takes one element; clamping it keeps the emitted ints in range.
            var x = c.InShape(0);
            var steps = p.Steps.Select((s, i) =>
            {
                long bound = x[i].IsStatic ? System.Math.Max(x[i].Value, 1) : int.MaxValue;
                return s > 0 ? System.Math.Min(s, bound) : System.Math.Max(s, -bound);
            });
            c.Call("slice", c.InType(0)).In("x", c.In(0)).Out("y", c.Out(0)).Dims("inShape", x.Dims).Dims("starts", p.Starts).Ints("steps", steps).Dims("outShape", c.OutShape(0).Dims).Emit();
        }
    }
}

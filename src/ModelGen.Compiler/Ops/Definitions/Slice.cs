using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Emit;
using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX Slice: starts/ends/axes as attributes (opsets 1-9) or constant inputs with optional steps
    /// (10+). Bounds are clamped as the spec says (INT64_MAX ends included); negative steps walk backwards.
    /// Spec: https://onnx.ai/onnx/operators/onnx__Slice.html
    /// </summary>
    internal sealed class Slice : OpDefinition
    {
        private sealed class Plan
        {
            public long[] Starts = new long[0], Steps = new long[0];
        }

        public override string OpType => "Slice";
        public override int MaxOpset => 13;
        public override IReadOnlyCollection<string> Attributes { get; } = new[] { "starts", "ends", "axes" };

        public override bool ReadsAtRunTime(int inputIndex) => inputIndex == 0;

        public override void Infer(InferContext c)
        {
            bool legacy = c.Opset < 10;
            if (!c.ExpectInputs(legacy ? 1 : 3, legacy ? 1 : 5) || !c.ExpectType(0, TypeSets.Any)) return;
            var x = c.InShape(0);
            long[]? starts = legacy ? c.Attr.Ints("starts") : c.ConstantInts(1, "starts");
            long[]? ends = legacy ? c.Attr.Ints("ends") : c.ConstantInts(2, "ends");
            if (starts == null || ends == null) { if (c.Ok) c.Fail(DiagnosticIds.UnsupportedAttribute, "starts and ends are required."); return; }
            long[]? axes = legacy ? c.Attr.Ints("axes") : (c.HasInput(3) ? c.ConstantInts(3, "axes") : null);
            long[]? steps = !legacy && c.HasInput(4) ? c.ConstantInts(4, "steps") : null;
            if (!c.Ok) return;
            axes = axes ?? Enumerable.Range(0, starts.Length).Select(i => (long)i).ToArray();
            steps = steps ?? Enumerable.Repeat(1L, starts.Length).ToArray();
            if (ends.Length != starts.Length || axes.Length != starts.Length || steps.Length != starts.Length)
            {
                c.Fail(DiagnosticIds.ShapeMismatch, "starts, ends, axes and steps must have the same length.");
                return;
            }
            var plan = new Plan { Starts = new long[x.Rank], Steps = Enumerable.Repeat(1L, x.Rank).ToArray() };
            var dims = x.Dims.ToArray();
            var seen = new HashSet<int>();
            for (int i = 0; i < starts.Length; i++)
            {
                if (!c.Axis(axes[i], x.Rank, "axes", out int axis)) return;
                if (!seen.Add(axis)) { c.Fail(DiagnosticIds.UnsupportedAttribute, "axis " + axis + " is sliced twice."); return; }
                if (steps[i] == 0) { c.Fail(DiagnosticIds.UnsupportedAttribute, "a step of 0 is not allowed."); return; }
                if (!x[axis].IsStatic) { c.Fail(DiagnosticIds.DynamicShape, "axis " + axis + " of " + x + " is symbolic; slicing it needs a static size."); return; }
                long n = x[axis].Value;
                Normalize(starts[i], ends[i], steps[i], n, out long start, out long length);
                plan.Starts[axis] = start;
                // A step of n or more takes one element; clamping it keeps the emitted int span in range.
                long bound = System.Math.Max(n, 1);
                plan.Steps[axis] = steps[i] > 0 ? System.Math.Min(steps[i], bound) : System.Math.Max(steps[i], -bound);
                dims[axis] = Dim.Of(length);
            }
            c.State = plan;
            c.SetOutput(0, c.InType(0), new Ir.Shape(dims));
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

        public override TensorData[]? Fold(InferContext c)
        {
            var p = (Plan)c.State!;
            var x = c.InData(0)!;
            var y = c.Node.Outputs[0]!.Shape!.ToStatic();
            var inStrides = new long[x.Dims.Length];
            for (long s = 1, i = x.Dims.Length - 1; i >= 0; s *= x.Dims[i], i--) inStrides[i] = s;
            long count = y.Aggregate(1L, (a, b) => a * b);
            var indices = new long[count];
            var idx = new long[y.Length];
            for (long n = 0; n < count; n++)
            {
                long src = 0;
                for (int d = 0; d < y.Length; d++) src += (p.Starts[d] + idx[d] * p.Steps[d]) * inStrides[d];
                indices[n] = src;
                for (int d = y.Length - 1; d >= 0 && ++idx[d] == y[d]; d--) idx[d] = 0;
            }
            return new[] { Common.Indexing.Take(x, y, indices) };
        }

        public override void Emit(EmitContext e)
        {
            var p = (Plan)e.State!;
            e.Line(EmitContext.Kernel("Slice") + ".Run<" + e.T(0) + ">(" + e.In(0) + ", " + e.Out(0) + ", " + e.Ints(e.InShape(0).Dims) + ", " +
                   e.Ints(p.Starts) + ", " + e.Ints(p.Steps) + ", " + e.Ints(e.OutShape(0).Dims) + ");");
        }
    }
}

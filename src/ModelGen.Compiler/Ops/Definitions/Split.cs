using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// A split along <see cref="Axis"/>: the length of every part, omitted outputs included (their parts still
    /// move the later ones). When the lengths are only known at run time, <see cref="Runtime"/> says how a
    /// kernel sets them, and <see cref="Sizes"/> are the run-time dims it sets.
    /// </summary>
    internal sealed record SplitPlan(int Axis, ValueList<Dim> Sizes, SplitRuntime? Runtime) : OpPlan;

    /// <summary>Run-time part lengths: read from the 'split' tensor, or, when it is null, the axis cut into equal parts (<paramref name="Uneven"/>: the last may be smaller).</summary>
    internal sealed record SplitRuntime(Value? Tensor, bool Uneven);

    /// <summary>
    /// ONNX Split: cuts the input along 'axis' (default 0) into the node's outputs. The lengths come from 'split'
    /// (an attribute before revision 13, also revision 1's optional second input, which is typed like the data;
    /// an optional int64 input from 13), else the axis is cut into equal parts; revision 18's 'num_outputs' lets
    /// the last part be smaller (ceil(n/k) each, the rest last). Each output is a slice copy of the input.
    /// Lengths known only at run time (a computed 'split', an equal split of a symbolic axis) become run-time dims.
    /// Spec: https://onnx.ai/onnx/operators/onnx__Split.html
    /// </summary>
    internal sealed class Split : Op<SplitPlan>
    {
        // Revision 1 gives 'axis' no default; 0 is what revision 2 made explicit.
        private static readonly Attr<long> Axis = Attr.Int("axis", 0);
        private static readonly Attr<long[]?> SplitAttr = Attr.Ints("split").Until(11);
        private static readonly Attr<long?> NumOutputs = Attr.OptionalInt("num_outputs").Since(18);

        public override OpSchema Schema { get; } = new OpSchema("Split", new[] { 1, 2, 11, 13, 18 })
            .Input("input", "T").Input("split", "T", optional: true, upTo: 1).Input("split", "I", optional: true, from: 13)
            .Output("outputs", "T", variadic: true)
            .Types("T", TypeSets.Any).Types("I", TypeSets.Int64)
            .WithAttributes(Axis, SplitAttr, NumOutputs);

        public override string Summary =>
            "cuts 'axis' into the outputs: lengths from 'split' (attribute, or input), else equal parts ('num_outputs' at 18: the last may be smaller); " +
            "lengths known only at run time give run-time dims.";

        protected override SplitPlan? Infer(InferContext c)
        {
            var x = c.InShape(0);
            if (!c.Axis(c.Get(Axis), x.Rank, "axis", out int axis)) return null;
            int count = c.Node.Outputs.Count;
            if (count == 0) return c.Reject<SplitPlan>(DiagnosticIds.InvalidGraph, "has no outputs.");
            long? parts = c.Get(NumOutputs);
            long[]? sizes;
            if (c.Revision < 13)
            {
                sizes = c.Get(SplitAttr);
                if (c.HasInput(1))
                {
                    if (sizes != null) return c.Reject<SplitPlan>(DiagnosticIds.UnsupportedAttribute, "'split' is given both as an attribute and as an input.");
                    if (!LegacySizes(c, out sizes)) return null;
                }
            }
            else
            {
                sizes = c.HasInput(1) ? c.StaticInts(1) : null;
                if (c.HasInput(1) && parts != null) return c.Reject<SplitPlan>(DiagnosticIds.UnsupportedAttribute, "both the 'split' input and 'num_outputs' are given.");
                if (c.Revision >= 18 && !c.HasInput(1) && parts == null)
                    return c.Reject<SplitPlan>(DiagnosticIds.UnsupportedAttribute, "Split-18 needs the 'split' input or the 'num_outputs' attribute.");
            }
            if (parts != null && parts.Value != count)
                return c.Reject<SplitPlan>(DiagnosticIds.UnsupportedAttribute, "num_outputs=" + parts.Value + " but the node has " + count + " outputs.");

            Dim n = x[axis];
            if (sizes == null && c.HasInput(1))
            {
                // 'split' computed at run time: a kernel reads it and sets the lengths.
                var len = c.InShape(1);
                if (!c.StaticLength(len, "the length of 'split'")) return null;
                if (len[0].Value != count)
                    return c.Reject<SplitPlan>(DiagnosticIds.ShapeMismatch, "'split' has " + len[0].Value + " values but the node has " + count + " outputs.");
                return RuntimePlan(c, x, axis, count, new SplitRuntime(c.In(1), false));
            }
            if (sizes != null)
            {
                if (sizes.Length != count)
                    return c.Reject<SplitPlan>(DiagnosticIds.ShapeMismatch, "'split' has " + sizes.Length + " values but the node has " + count + " outputs.");
                if (sizes.Any(s => s < 0)) return c.Reject<SplitPlan>(DiagnosticIds.UnsupportedAttribute, "'split' has a negative length.");
                if (!c.Static(n, "the split axis' length")) return null;
                if (sizes.Sum() != n.Value)
                    return c.Reject<SplitPlan>(DiagnosticIds.ShapeMismatch, "'split' sums to " + sizes.Sum() + " but axis " + axis + " of " + x + " has " + n.Value + ".");
                return StaticPlan(c, x, axis, sizes.Select(Dim.Of).ToList());
            }

            // Equal parts; only revision 18's num_outputs allows a smaller last part.
            bool uneven = parts != null;
            if (n.IsStatic)
            {
                long total = n.Value;
                if (total % count == 0) return StaticPlan(c, x, axis, Enumerable.Repeat(Dim.Of(total / count), count).ToList());
                if (!uneven) return c.Reject<SplitPlan>(DiagnosticIds.ShapeMismatch, "axis " + axis + " of " + x + " does not split into " + count + " equal parts.");
                long chunk = total / count + 1, last = total - chunk * (count - 1);
                if (last < 0)
                    return c.Reject<SplitPlan>(DiagnosticIds.ShapeMismatch, "axis " + axis + " of " + x + " cannot be cut into " + count + " parts of " + chunk + " with a smaller last one.");
                return StaticPlan(c, x, axis, Enumerable.Repeat(Dim.Of(chunk), count - 1).Append(Dim.Of(last)).ToList());
            }
            var share = n.TryDivide(Dim.Of(count));
            if (share != null) return StaticPlan(c, x, axis, Enumerable.Repeat(share, count).ToList());
            // A symbolic axis that may not divide: the kernel cuts it (and checks it) when the model runs.
            return RuntimePlan(c, x, axis, count, new SplitRuntime(null, uneven));
        }

        /// <summary>Revision 1's 'split' input, typed like the data (so float): its values when build time knows them (null otherwise); false after a report.</summary>
        private static bool LegacySizes(InferContext c, out long[]? sizes)
        {
            sizes = c.StaticInts(1);
            var data = c.InData(1);
            if (sizes != null || data == null || !ElementTypes.IsFloatingPoint(data.Type)) return true;
            var values = data.AsDouble();
            if (values.Any(v => v != System.Math.Floor(v) || System.Math.Abs(v) > int.MaxValue))
                return c.Fail(DiagnosticIds.UnsupportedAttribute, "the 'split' input holds a length that is not a whole number.");
            sizes = values.Select(v => (long)v).ToArray();
            return true;
        }

        private static SplitPlan StaticPlan(InferContext c, Shape x, int axis, IReadOnlyList<Dim> sizes)
        {
            for (int i = 0; i < sizes.Count; i++) c.SetOutput(i, WithAxis(x, axis, sizes[i]));
            return new SplitPlan(axis, sizes.ToValueList(), null);
        }

        private static SplitPlan RuntimePlan(InferContext c, Shape x, int axis, int count, SplitRuntime runtime)
        {
            var sizes = Enumerable.Range(0, count).Select(i => c.RuntimeDim(i, x[axis])).ToList();
            for (int i = 0; i < count; i++) c.SetOutput(i, WithAxis(x, axis, sizes[i]));
            return new SplitPlan(axis, sizes.ToValueList(), runtime);
        }

        private static Shape WithAxis(Shape x, int axis, Dim length) => new Shape(x.Dims.Select((d, i) => i == axis ? length : d));

        protected override bool Evaluate(EvalContext c, SplitPlan p)
        {
            if (p.Runtime != null || p.Sizes.Any(s => !s.IsStatic)) return false;
            var x = c.In(0).Shape!.ToStatic();
            long outer = x.Take(p.Axis).Aggregate(1L, (a, b) => a * b), inner = x.Skip(p.Axis + 1).Aggregate(1L, (a, b) => a * b), n = x[p.Axis];
            long offset = 0;
            for (int i = 0; i < p.Sizes.Count; i++)
            {
                long size = p.Sizes[i].Value;
                if (c.Node.Output(i) != null)
                {
                    var indices = new List<long>();
                    for (long o = 0; o < outer; o++)
                        for (long k = 0; k < size; k++)
                            for (long j = 0; j < inner; j++) indices.Add((o * n + offset + k) * inner + j);
                    c.Take(i, 0, indices);
                }
                offset += size;
            }
            return true;
        }

        protected override void Lower(LowerContext c, SplitPlan p)
        {
            var x = c.InShape(0);
            if (p.Runtime != null)
            {
                var symbols = p.Sizes.Select(d => d.SymbolName!);
                if (p.Runtime.Tensor != null)
                    c.Call("split.dims", p.Runtime.Tensor.Type).In("split", p.Runtime.Tensor).Dim("axisLength", x[p.Axis]).Dim("parts", p.Sizes.Count)
                        .Symbols("dims", symbols).Emit();
                else
                    c.Call("split.equal_dims").Dim("axisLength", x[p.Axis]).Dim("parts", p.Sizes.Count).Bool("uneven", p.Runtime.Uneven).Symbols("dims", symbols).Emit();
            }
            // Each part is a slice of the input starting at the sum of the lengths before it.
            Dim offset = Dim.Zero;
            var steps = Enumerable.Repeat(1L, x.Rank).ToList();
            for (int i = 0; i < p.Sizes.Count; i++)
            {
                if (c.HasOutput(i))
                {
                    var starts = Enumerable.Range(0, x.Rank).Select(d => d == p.Axis ? offset : Dim.Zero);
                    c.Call("slice", c.InType(0)).In("x", c.In(0)).Out("y", c.Out(i)).Dims("inShape", x.Dims).Dims("starts", starts).Ints("steps", steps)
                        .Dims("outShape", c.OutShape(i).Dims).Emit();
                }
                offset += p.Sizes[i];
            }
        }
    }
}

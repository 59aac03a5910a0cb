using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>The input viewed as [Outer, Length, Inner] around the axis (the flattened input without one); Kept slices are kept.</summary>
    internal sealed record CompressPlan(Dim Outer, Dim Length, Dim Inner, Dim Kept, bool KeptAtRunTime) : OpPlan;

    /// <summary>
    /// ONNX Compress: the slices along 'axis' (of the flattened input when absent) whose bool condition is true, in
    /// order; a condition shorter than the axis drops the slices past it (entries past the axis are ignored). A
    /// condition known only at run time makes the kept count a run-time dim, bounded by the axis length, so the
    /// planner reserves the bound. Negative axes from revision 11. Spec: https://onnx.ai/onnx/operators/onnx__Compress.html
    /// </summary>
    internal sealed class Compress : Op<CompressPlan>
    {
        private static readonly Attr<long?> Axis = Attr.OptionalInt("axis");

        public override OpSchema Schema { get; } = new OpSchema("Compress", new[] { 9, 11 })
            .Input("input", "T").Input("condition", "T1").Output("output", "T").Types("T", TypeSets.Any).Types("T1", TypeSets.Bool).WithAttributes(Axis);

        public override string Summary => "the slices along 'axis' (or elements of the flattened input) where the condition is true; a run-time condition gives a run-time dim.";

        protected override CompressPlan? Infer(InferContext c)
        {
            var x = c.InShape(0);
            var condition = c.InShape(1);
            if (condition.Rank != 1) return c.Reject<CompressPlan>(DiagnosticIds.ShapeMismatch, "'condition' must be 1-D, not " + condition + ".");
            int? axis = null;
            if (c.Get(Axis) is long a)
            {
                if (!c.Axis(a, x.Rank, "axis", out int normalized)) return null;
                axis = normalized;
            }
            Dim outer = axis is int o ? x.Product(0, o) : Dim.One;
            Dim length = axis is int l ? x[l] : x.ElementCount;
            Dim inner = axis is int i ? x.Product(i + 1, x.Rank) : Dim.One;
            var known = c.InData(1);
            bool atRunTime = known == null || !length.IsStatic;
            Dim kept = atRunTime
                ? c.RuntimeDim(0, Dim.Min(length, condition[0]))
                : Dim.Of(known!.AsInt64().Take((int)System.Math.Min(length.Value, known.ElementCount)).Count(v => v != 0));
            c.SetOutput(0, new Shape(axis is int k ? x.Dims.Take(k).Concat(new[] { kept }).Concat(x.Dims.Skip(k + 1)) : new[] { kept }));
            return new CompressPlan(outer, length, inner, kept, atRunTime);
        }

        protected override bool Evaluate(EvalContext c, CompressPlan p)
        {
            if (p.KeptAtRunTime || !c.IsConcrete(1) || !p.Outer.IsStatic || !p.Inner.IsStatic) return false;
            var condition = c.Concrete(1).AsInt64();
            long outer = p.Outer.Value, length = p.Length.Value, inner = p.Inner.Value, usable = System.Math.Min(length, condition.Length);
            var picks = new List<long>();
            for (long o = 0; o < outer; o++)
                for (long j = 0; j < usable; j++)
                    if (condition[j] != 0)
                        for (long e = 0; e < inner; e++) picks.Add((o * length + j) * inner + e);
            c.Take(0, 0, picks);
            return true;
        }

        protected override void Lower(LowerContext c, CompressPlan p)
        {
            var call = c.Call(p.KeptAtRunTime ? "compress.counted" : "compress", c.InType(0)).In("input", c.In(0)).In("condition", c.In(1)).Out("y", c.Out(0))
                .Dim("outer", p.Outer).Dim("axisLength", p.Length).Dim("inner", p.Inner);
            if (p.KeptAtRunTime) call.Symbols("count", new[] { p.Kept.SymbolName! });
            call.Emit();
        }
    }
}

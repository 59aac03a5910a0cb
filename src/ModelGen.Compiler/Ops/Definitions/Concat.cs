using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    internal sealed record ConcatPlan(int Axis) : OpPlan;

    /// <summary>ONNX Concat: joins inputs along 'axis'; other dims must agree. Spec: https://onnx.ai/onnx/operators/onnx__Concat.html</summary>
    internal sealed class Concat : Op<ConcatPlan>
    {
        // Revision 1 defaulted axis to 1; from 4 it is required.
        private static readonly Attr<long> AxisV1 = Attr.Int("axis", 1).Until(1);
        private static readonly Attr<long> Axis = Attr.Int("axis", 0).Since(4).Required();

        public override OpSchema Schema { get; } = new OpSchema("Concat", new[] { 1, 4, 11, 13 })
            .Input("inputs", "T", variadic: true).Output("concat_result", "T").Types("T", TypeSets.Any).WithAttributes(AxisV1, Axis);

        public override string Summary => "joins the inputs along 'axis' (negative from revision 11); the other dims must agree.";

        protected override ConcatPlan? Infer(InferContext c)
        {
            var first = c.InShape(0);
            // Scalars have no axis to join on: s[axis] below threw IndexOutOfRangeException (found by fuzzing).
            if (first.Rank == 0) return c.Reject<ConcatPlan>(DiagnosticIds.ShapeMismatch, "the inputs must have rank 1 or more, not " + first + ".");
            long axisValue = c.Revision < 4 ? c.Get(AxisV1) : c.Get(Axis);
            if (!c.Axis(axisValue, System.Math.Max(first.Rank, 1), "axis", out int axis)) return null;
            Dim total = Dim.Zero;
            for (int i = 0; i < c.InputCount; i++)
            {
                var s = c.InShape(i);
                if (s.Rank != first.Rank || Enumerable.Range(0, s.Rank).Any(d => d != axis && !s[d].Equals(first[d])))
                    return c.Reject<ConcatPlan>(DiagnosticIds.ShapeMismatch, "input " + s + " does not match " + first + " outside axis " + axis + ".");
                total += s[axis];
            }
            c.SetOutput(0, new Shape(first.Dims.Select((d, i) => i == axis ? total : d)));
            return new ConcatPlan(axis);
        }

        protected override bool Evaluate(EvalContext c, ConcatPlan p)
        {
            var y = c.OutDims(0);
            long outer = y.Take(p.Axis).Aggregate(1L, (a, b) => a * b), inner = y.Skip(p.Axis + 1).Aggregate(1L, (a, b) => a * b);
            var picks = new List<(int, long)>();
            for (long o = 0; o < outer; o++)
                for (int i = 0; i < c.InputCount; i++)
                {
                    long block = c.In(i).Shape![p.Axis].Value * inner;
                    for (long k = 0; k < block; k++) picks.Add((i, o * block + k));
                }
            c.Take(0, picks);
            return true;
        }

        protected override void Lower(LowerContext c, ConcatPlan p)
        {
            var y = c.OutShape(0);
            Dim outer = y.Product(0, p.Axis), inner = y.Product(p.Axis + 1, y.Rank);
            Dim offset = Dim.Zero;
            for (int i = 0; i < c.Node.Inputs.Count; i++)
            {
                Dim block = c.InShape(i)[p.Axis] * inner;
                c.Call("concat.block", c.InType(0)).In("source", c.In(i)).Out("destination", c.Out(0))
                    .Dim("outer", outer).Dim("sourceBlock", block).Dim("destinationBlock", y[p.Axis] * inner).Dim("destinationOffset", offset).Emit();
                offset += block;
            }
        }
    }
}

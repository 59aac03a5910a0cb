using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    internal sealed record GatherPlan(int Axis) : OpPlan;

    /// <summary>
    /// ONNX Gather: picks slices of 'data' along 'axis' by int32/int64 'indices' (negative counts from the end);
    /// output shape is data[:axis] + indices + data[axis+1:]. Spec: https://onnx.ai/onnx/operators/onnx__Gather.html
    /// </summary>
    internal sealed class Gather : Op<GatherPlan>
    {
        private static readonly Attr<long> Axis = Attr.Int("axis", 0);

        public override OpSchema Schema { get; } = new OpSchema("Gather", new[] { 1, 11, 13 })
            .Input("data", "T").Input("indices", "Tind").Output("output", "T")
            .Types("T", TypeSets.Any).Types("Tind", TypeSets.Indices).WithAttributes(Axis);

        public override string Summary => "picks slices of 'data' along 'axis' by int32/int64 indices (negative ones count from the end).";

        protected override GatherPlan? Infer(InferContext c)
        {
            var data = c.InShape(0);
            var indices = c.InShape(1);
            if (!c.Axis(c.Get(Axis), data.Rank, "axis", out int axis)) return null;
            var known = c.StaticInts(1);
            if (known != null && data[axis].IsStatic)
            {
                long n = data[axis].Value;
                foreach (var i in known)
                    if (i < -n || i >= n) return c.Reject<GatherPlan>(DiagnosticIds.ShapeMismatch, "index " + i + " is out of range for axis " + axis + " of size " + n + ".");
            }
            c.SetOutput(0, new Shape(data.Dims.Take(axis).Concat(indices.Dims).Concat(data.Dims.Skip(axis + 1))));
            return new GatherPlan(axis);
        }

        protected override bool Evaluate(EvalContext c, GatherPlan p)
        {
            if (!c.IsConcrete(1)) return false; // symbolic indices cannot pick elements
            var data = c.In(0).Shape!.ToStatic();
            var idx = c.Concrete(1).AsInt64();
            long outer = data.Take(p.Axis).Aggregate(1L, (a, b) => a * b), n = data[p.Axis], inner = data.Skip(p.Axis + 1).Aggregate(1L, (a, b) => a * b);
            var picks = new List<long>();
            for (long o = 0; o < outer; o++)
                foreach (var i in idx)
                    for (long k = 0; k < inner; k++) picks.Add((o * n + (i < 0 ? i + n : i)) * inner + k);
            c.Take(0, 0, picks);
            return true;
        }

        protected override void Lower(LowerContext c, GatherPlan p)
        {
            var data = c.InShape(0);
            c.Call("gather", c.InType(0), c.InType(1)).In("data", c.In(0)).In("indices", c.In(1)).Out("y", c.Out(0))
                .Dim("outer", data.Product(0, p.Axis)).Dim("axisLength", data[p.Axis]).Dim("inner", data.Product(p.Axis + 1, data.Rank)).Emit();
        }
    }
}

using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>Data viewed as [Indexed..., Inner], the indices as [Tuples, k] with k = Indexed.Count; Reduction as the runtime's code.</summary>
    internal sealed record ScatterNDPlan(ValueList<Dim> Indexed, Dim Tuples, Dim Inner, int Reduction) : OpPlan;

    /// <summary>
    /// ONNX ScatterND: output = data, then the slice each int64 tuple along the indices' last axis addresses
    /// (negative coordinates count from the end) is set to its update slice, or combined with it by 'reduction'
    /// (revision 16: none, add, mul; 18: max, min), in tuple order. updates has shape indices[:-1] + data[k:];
    /// k must be a build-time number. Spec: https://onnx.ai/onnx/operators/onnx__ScatterND.html
    /// </summary>
    internal sealed class ScatterND : Op<ScatterNDPlan>
    {
        public override OpSchema Schema { get; } = new OpSchema("ScatterND", new[] { 11, 13, 16, 18 })
            .Input("data", "T").Input("indices", "I").Input("updates", "T").Output("output", "T")
            .Types("T", TypeSets.Any).Types("I", TypeSets.Int64).WithAttributes(ScatterReductions.Attribute);

        public override string Summary => "data with update slices written at int64 index tuples (negative ones count from the end); reduction none/add/mul/max/min (numeric types).";

        protected override ScatterNDPlan? Infer(InferContext c)
        {
            var data = c.InShape(0);
            var indices = c.InShape(1);
            var updates = c.InShape(2);
            int r = data.Rank, q = indices.Rank;
            if (r < 1 || q < 1) return c.Reject<ScatterNDPlan>(DiagnosticIds.ShapeMismatch, "data and indices need rank 1 or more.");
            if (!c.Static(indices[q - 1], "the indices' last dim (the tuple length)")) return null;
            long k = indices[q - 1].Value;
            if (k < 1 || k > r) return c.Reject<ScatterNDPlan>(DiagnosticIds.ShapeMismatch, "tuples of " + k + " coordinates do not fit data of rank " + r + ".");
            var expected = new Shape(indices.Dims.Take(q - 1).Concat(data.Dims.Skip((int)k)));
            if (!updates.Equals(expected))
                return c.Reject<ScatterNDPlan>(DiagnosticIds.ShapeMismatch, "'updates' has shape " + updates + "; indices " + indices + " and data " + data + " need " + expected + ".");
            var indexed = data.Dims.Take((int)k).ToValueList();
            if (!TupleIndexing.CheckTuples(c, 1, indexed)) return null;
            var reduction = ScatterReductions.Code(c);
            if (reduction == null) return null;
            c.SetOutput(0, data);
            return new ScatterNDPlan(indexed, indices.Product(0, q - 1), data.Product((int)k, r), reduction.Value);
        }

        protected override bool Evaluate(EvalContext c, ScatterNDPlan p)
        {
            if (p.Reduction != 0 || !c.IsConcrete(1)) return false; // reductions compute; a plain scatter only moves elements
            var offsets = TupleIndexing.SliceOffsets(c.Concrete(1).AsInt64(), 1, p.Indexed.Select(d => d.Value).ToArray(), p.Tuples.Value, p.Inner.Value);
            if (offsets == null) return false;
            var picks = new List<(int, long)>();
            long total = c.In(0).Shape!.ElementCount.Value;
            for (long i = 0; i < total; i++) picks.Add((0, i));
            for (int u = 0; u < offsets.Count; u++) picks[(int)offsets[u]] = (2, u);
            c.Take(0, picks);
            return true;
        }

        protected override void Lower(LowerContext c, ScatterNDPlan p)
        {
            var call = c.Call(p.Reduction == 0 ? "scatternd" : "scatternd.reduce", c.InType(0))
                .In("data", c.In(0)).In("indices", c.In(1)).In("updates", c.In(2)).Out("y", c.Out(0))
                .Dims("indexedDims", p.Indexed).Dim("tuples", p.Tuples).Dim("inner", p.Inner);
            if (p.Reduction != 0) call.Integer("reduction", ElementType.Int32, p.Reduction);
            call.Emit();
        }
    }
}

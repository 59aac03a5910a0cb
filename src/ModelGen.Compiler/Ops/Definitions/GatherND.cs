using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>Data viewed as [Batch, Indexed..., Inner], the indices as [Batch, Tuples, k] with k = Indexed.Count.</summary>
    internal sealed record GatherNDPlan(Dim Batch, ValueList<Dim> Indexed, Dim Tuples, Dim Inner) : OpPlan;

    /// <summary>
    /// ONNX GatherND: each tuple along the indices' last axis (k int64 coordinates, negative ones count from the end)
    /// picks the slice of data it addresses; the first 'batch_dims' dims (revision 12) are shared batch dims. Output
    /// shape: indices[:-1] + data[batch_dims + k:]. k must be a build-time number.
    /// Spec: https://onnx.ai/onnx/operators/onnx__GatherND.html
    /// </summary>
    internal sealed class GatherND : Op<GatherNDPlan>
    {
        private static readonly Attr<long> BatchDims = Attr.Int("batch_dims", 0).Since(12);

        public override OpSchema Schema { get; } = new OpSchema("GatherND", new[] { 11, 12, 13 })
            .Input("data", "T").Input("indices", "I").Output("output", "T")
            .Types("T", TypeSets.Any).Types("I", TypeSets.Int64).WithAttributes(BatchDims);

        public override string Summary => "slices of data picked by int64 index tuples along the indices' last axis (negative ones count from the end); batch_dims.";

        protected override GatherNDPlan? Infer(InferContext c)
        {
            var data = c.InShape(0);
            var indices = c.InShape(1);
            long b = c.Get(BatchDims);
            int r = data.Rank, q = indices.Rank;
            if (r < 1 || q < 1) return c.Reject<GatherNDPlan>(DiagnosticIds.ShapeMismatch, "data and indices need rank 1 or more.");
            if (b < 0 || b >= System.Math.Min(r, q)) return c.Reject<GatherNDPlan>(DiagnosticIds.UnsupportedAttribute, "batch_dims=" + b + " must be in [0, " + System.Math.Min(r, q) + ").");
            int batch = (int)b;
            if (!c.Static(indices[q - 1], "the indices' last dim (the tuple length)")) return null;
            long k = indices[q - 1].Value;
            if (k < 1 || k > r - batch) return c.Reject<GatherNDPlan>(DiagnosticIds.ShapeMismatch, "tuples of " + k + " coordinates do not fit data of rank " + r + " with batch_dims=" + batch + ".");
            for (int d = 0; d < batch; d++)
                if (data[d].IsStatic && indices[d].IsStatic && data[d].Value != indices[d].Value)
                    return c.Reject<GatherNDPlan>(DiagnosticIds.ShapeMismatch, "batch dim " + d + " is " + data[d] + " in data but " + indices[d] + " in indices.");
            var indexed = data.Dims.Skip(batch).Take((int)k).ToValueList();
            if (!TupleIndexing.CheckTuples(c, 1, indexed)) return null;
            c.SetOutput(0, new Shape(indices.Dims.Take(q - 1).Concat(data.Dims.Skip(batch + (int)k))));
            return new GatherNDPlan(data.Product(0, batch), indexed, indices.Product(batch, q - 1), data.Product(batch + (int)k, r));
        }

        protected override bool Evaluate(EvalContext c, GatherNDPlan p)
        {
            if (!c.IsConcrete(1) || !c.In(0).Shape!.IsStatic) return false; // symbolic indices cannot pick elements, nor index symbolic dims
            var offsets = TupleIndexing.SliceOffsets(c.Concrete(1).AsInt64(), p.Batch.Value, p.Indexed.Select(d => d.Value).ToArray(), p.Tuples.Value, p.Inner.Value);
            if (offsets == null) return false;
            c.Take(0, 0, offsets);
            return true;
        }

        protected override void Lower(LowerContext c, GatherNDPlan p) =>
            c.Call("gathernd", c.InType(0)).In("data", c.In(0)).In("indices", c.In(1)).Out("y", c.Out(0))
                .Dim("batch", p.Batch).Dims("indexedDims", p.Indexed).Dim("tuples", p.Tuples).Dim("inner", p.Inner).Emit();
    }
}

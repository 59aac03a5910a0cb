using System.Collections.Generic;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Common
{
    internal sealed record ScatterElementsPlan(int Axis, int Reduction) : OpPlan;

    /// <summary>
    /// ScatterElements and the deprecated Scatter: output = data, then output[i.. with the axis coordinate replaced by
    /// indices[i..]] = updates[i..] (or combined with it by the reduction), in row-major update order. int32/int64
    /// indices, negative ones count from the end; updates have the indices' shape.
    /// </summary>
    internal abstract class ScatterElementsOp : Op<ScatterElementsPlan>
    {
        protected static readonly Attr<long> Axis = Attr.Int("axis", 0);

        /// <summary>The reduction code; Scatter has none.</summary>
        protected abstract int? Reduction(InferContext c);

        protected sealed override ScatterElementsPlan? Infer(InferContext c)
        {
            var data = c.InShape(0);
            var indices = c.InShape(1);
            if (!c.Axis(c.Get(Axis), data.Rank, "axis", out int axis)) return null;
            if (!ElementIndexing.CheckShapes(c, data, indices, axis, "indices")) return null;
            if (!c.InShape(2).Equals(indices))
                return c.Reject<ScatterElementsPlan>(DiagnosticIds.ShapeMismatch, "'updates' has shape " + c.InShape(2) + " but 'indices' has " + indices + "; they must match.");
            if (!ElementIndexing.CheckIndices(c, 1, data[axis], axis)) return null;
            var reduction = Reduction(c);
            if (reduction == null) return null;
            c.SetOutput(0, data);
            return new ScatterElementsPlan(axis, reduction.Value);
        }

        protected sealed override bool Evaluate(EvalContext c, ScatterElementsPlan p)
        {
            if (p.Reduction != 0 || !c.IsConcrete(1)) return false; // reductions compute; a plain scatter only moves elements
            var data = c.In(0).Shape!.ToStatic();
            var offsets = ElementIndexing.Offsets(data, c.In(1).Shape!.ToStatic(), p.Axis, c.Concrete(1).AsInt64());
            if (offsets == null) return false;
            var picks = new List<(int, long)>();
            long total = c.In(0).Shape!.ElementCount.Value;
            for (long i = 0; i < total; i++) picks.Add((0, i));
            for (int k = 0; k < offsets.Length; k++) picks[(int)offsets[k]] = (2, k);
            c.Take(0, picks);
            return true;
        }

        protected sealed override void Lower(LowerContext c, ScatterElementsPlan p)
        {
            var call = c.Call(p.Reduction == 0 ? "scatter_elements" : "scatter_elements.reduce", c.InType(0), c.InType(1))
                .In("data", c.In(0)).In("indices", c.In(1)).In("updates", c.In(2)).Out("y", c.Out(0))
                .Dims("dataDims", c.InShape(0).Dims).Dims("indexDims", c.InShape(1).Dims).Integer("axis", ElementType.Int32, p.Axis);
            if (p.Reduction != 0) call.Integer("reduction", ElementType.Int32, p.Reduction);
            call.Emit();
        }
    }
}

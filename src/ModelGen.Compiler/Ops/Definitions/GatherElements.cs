using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    internal sealed record GatherElementsPlan(int Axis) : OpPlan;

    /// <summary>
    /// ONNX GatherElements: output[i..] = data[i.. with the axis coordinate replaced by indices[i..]]; the output has
    /// the indices' shape, int32/int64 indices, negative ones count from the end. Indices dims other than the axis
    /// may be at most the data's. Spec: https://onnx.ai/onnx/operators/onnx__GatherElements.html
    /// </summary>
    internal sealed class GatherElements : Op<GatherElementsPlan>
    {
        private static readonly Attr<long> Axis = Attr.Int("axis", 0);

        public override OpSchema Schema { get; } = new OpSchema("GatherElements", new[] { 11, 13 })
            .Input("data", "T").Input("indices", "Tind").Output("output", "T")
            .Types("T", TypeSets.Any).Types("Tind", TypeSets.Indices).WithAttributes(Axis);

        public override string Summary => "element-wise gather along 'axis' by int32/int64 indices (negative ones count from the end); the output has the indices' shape.";

        protected override GatherElementsPlan? Infer(InferContext c)
        {
            var data = c.InShape(0);
            var indices = c.InShape(1);
            if (!c.Axis(c.Get(Axis), data.Rank, "axis", out int axis)) return null;
            if (!ElementIndexing.CheckShapes(c, data, indices, axis, "indices")) return null;
            if (!ElementIndexing.CheckIndices(c, 1, data[axis], axis)) return null;
            c.SetOutput(0, indices);
            return new GatherElementsPlan(axis);
        }

        protected override bool Evaluate(EvalContext c, GatherElementsPlan p)
        {
            if (!c.IsConcrete(1) || !c.In(0).Shape!.IsStatic) return false; // symbolic indices cannot pick elements, nor index symbolic dims
            var offsets = ElementIndexing.Offsets(c.In(0).Shape!.ToStatic(), c.In(1).Shape!.ToStatic(), p.Axis, c.Concrete(1).AsInt64());
            if (offsets == null) return false;
            c.Take(0, 0, offsets);
            return true;
        }

        protected override void Lower(LowerContext c, GatherElementsPlan p) =>
            c.Call("gather_elements", c.InType(0), c.InType(1)).In("data", c.In(0)).In("indices", c.In(1)).Out("y", c.Out(0))
                .Dims("dataDims", c.InShape(0).Dims).Dims("indexDims", c.InShape(1).Dims).Integer("axis", ElementType.Int32, p.Axis).Emit();
    }
}

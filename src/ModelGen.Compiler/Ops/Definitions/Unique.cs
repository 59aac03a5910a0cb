using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>The input viewed as [outer, length, inner] (length: the unique axis, or every element); the unique count is a run-time dim.</summary>
    internal sealed record UniquePlan(Dim Outer, Dim Length, Dim Inner, Dim Count, bool Sorted) : OpPlan;

    /// <summary>
    /// ONNX Unique: the distinct elements (or, with 'axis', the distinct slices along it), sorted (default) or in
    /// order of first occurrence, with the index of each one's first occurrence, each input element's (slice's)
    /// unique index, and the counts. Their number is a run-time dim bounded by the input's length.
    /// Spec: https://onnx.ai/onnx/operators/onnx__Unique.html
    /// </summary>
    internal sealed class Unique : Op<UniquePlan>
    {
        private static readonly Attr<long?> Axis = Attr.OptionalInt("axis");
        private static readonly Attr<long> Sorted = Attr.Int("sorted", 1);

        public override OpSchema Schema { get; } = new OpSchema("Unique", new[] { 11 })
            .Input("X", "T").Output("Y", "T").Output("indices", "I", optional: true).Output("inverse_indices", "I", optional: true).Output("counts", "I", optional: true)
            .Types("T", TypeSets.Numeric).WithAttributes(Axis, Sorted);

        public override string Summary => "distinct elements or slices along 'axis', sorted or by first occurrence, with indices, inverse indices and counts (a run-time count).";

        protected override UniquePlan? Infer(InferContext c)
        {
            var x = c.InShape(0);
            long? axisAttr = c.Get(Axis);
            int axis = -1;
            if (axisAttr != null && !c.Axis(axisAttr.Value, x.Rank, "axis", out axis)) return null;
            Dim outer = axis < 0 ? Dim.One : x.Product(0, axis), length = axis < 0 ? x.ElementCount : x[axis], inner = axis < 0 ? Dim.One : x.Product(axis + 1, x.Rank);
            var count = c.RuntimeDim(0, length);
            c.SetOutput(0, axis < 0 ? new Shape(new[] { count }) : new Shape(x.Dims.Select((d, i) => i == axis ? count : d)));
            for (int o = 1; o < 4; o++)
                if (c.HasOutput(o)) c.SetOutput(o, ElementType.Int64, new Shape(new[] { o == 2 ? length : count }));
            return new UniquePlan(outer, length, inner, count, c.Get(Sorted) != 0);
        }

        protected override void Lower(LowerContext c, UniquePlan p)
        {
            var call = c.Call("unique", c.InType(0)).In("x", c.In(0)).Out("y", c.Out(0));
            foreach (var (o, name) in new[] { (1, "indices"), (2, "inverseIndices"), (3, "counts") })
                call = call.OutOrNone(name, c.Node.Output(o));
            call.Scratch("work", ElementType.Int32, p.Length * 4)
                .Dim("outer", p.Outer).Dim("length", p.Length).Dim("inner", p.Inner).Bool("sorted", p.Sorted)
                .Symbols("count", new[] { p.Count.SymbolName! }).Emit();
        }
    }
}

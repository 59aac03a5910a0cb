using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    internal sealed record ShapePlan(ValueList<Dim> Dims) : OpPlan;

    /// <summary>
    /// ONNX Shape: the input's dims as int64, optionally sliced by start/end (revision 15). Always known at build
    /// time: static dims as numbers, symbolic ones as dim expressions that shape arithmetic keeps symbolic; read
    /// at run time, the values are written from the bound dims. Spec: https://onnx.ai/onnx/operators/onnx__Shape.html
    /// </summary>
    internal sealed class ShapeOp : Op<ShapePlan>
    {
        private static readonly Attr<long> Start = Attr.Int("start", 0).Since(15);
        private static readonly Attr<long?> End = Attr.OptionalInt("end").Since(15);

        public override OpSchema Schema { get; } = new OpSchema("Shape", new[] { 1, 13, 15, 19, 21, 23, 24, 25 })
            .Input("data", "T").Output("shape", "T1").Types("T", TypeSets.Any).Types("T1", TypeSets.Int64).WithAttributes(Start, End);

        public override string Summary => "the input's dims as int64 (start/end from revision 15), always known at build time; symbolic dims stay expressions.";

        protected override ShapePlan? Infer(InferContext c)
        {
            var x = c.InShape(0);
            int Clamp(long v) => (int)System.Math.Max(0, System.Math.Min(x.Rank, v < 0 ? v + x.Rank : v));
            int start = Clamp(c.Get(Start)), end = Clamp(c.Get(End) ?? x.Rank);
            var dims = x.Dims.Skip(start).Take(System.Math.Max(0, end - start)).ToValueList();
            c.SetOutput(0, ElementType.Int64, Ir.Shape.Of(dims.Count));
            return new ShapePlan(dims);
        }

        public override bool EvaluatesFromValues => false;

        protected override bool Evaluate(EvalContext c, ShapePlan p)
        {
            c.Set(0, p.Dims);
            return true;
        }

        // Never reached with a known input shape: evaluation makes the output a build-time constant.
        protected override void Lower(LowerContext c, ShapePlan p) =>
            throw new System.InvalidOperationException("Shape nodes are folded before lowering.");
    }
}

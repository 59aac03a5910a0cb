using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>The input as [d0, d1, inner] and whether axis 0 is time.</summary>
    internal sealed record ReverseSequencePlan(Dim D0, Dim D1, Dim Inner, bool TimeFirst) : OpPlan;

    /// <summary>
    /// ONNX ReverseSequence: for each batch entry b, the first sequence_lens[b] steps along the time axis are
    /// reversed and the rest copied. time_axis (default 0) and batch_axis (default 1) must be 0 and 1 in some
    /// order. Spec: https://onnx.ai/onnx/operators/onnx__ReverseSequence.html
    /// </summary>
    internal sealed class ReverseSequence : Op<ReverseSequencePlan>
    {
        private static readonly Attr<long> BatchAxis = Attr.Int("batch_axis", 1);
        private static readonly Attr<long> TimeAxis = Attr.Int("time_axis", 0);

        public override OpSchema Schema { get; } = new OpSchema("ReverseSequence", new[] { 10 })
            .Input("input", "T").Input("sequence_lens", "I").Output("Y", "T")
            .Types("T", TypeSets.Any).Types("I", TypeSets.Int64).WithAttributes(BatchAxis, TimeAxis);

        public override string Summary => "the first sequence_lens[b] time steps of each batch entry reversed; time and batch are axes 0 and 1.";

        protected override ReverseSequencePlan? Infer(InferContext c)
        {
            var x = c.InShape(0);
            long t = c.Get(TimeAxis), b = c.Get(BatchAxis);
            if (x.Rank < 2) return c.Reject<ReverseSequencePlan>(DiagnosticIds.ShapeMismatch, "the input " + x + " needs rank 2 or more.");
            if (!((t == 0 && b == 1) || (t == 1 && b == 0)))
                return c.Reject<ReverseSequencePlan>(DiagnosticIds.UnsupportedAttribute, "time_axis and batch_axis must be 0 and 1 in some order, not " + t + " and " + b + ".");
            var lens = c.InShape(1);
            if (lens.Rank != 1 || !lens[0].Equals(x[(int)b]))
                return c.Reject<ReverseSequencePlan>(DiagnosticIds.ShapeMismatch, "sequence_lens " + lens + " must be [" + x[(int)b] + "].");
            c.SetOutput(0, x);
            return new ReverseSequencePlan(x[0], x[1], x.Product(2, x.Rank), t == 0);
        }

        protected override void Lower(LowerContext c, ReverseSequencePlan p) =>
            c.Call("reverse_sequence", c.InType(0)).In("x", c.In(0)).In("lengths", c.In(1)).Out("y", c.Out(0))
                .Dim("d0", p.D0).Dim("d1", p.D1).Dim("inner", p.Inner).Bool("timeFirst", p.TimeFirst).Emit();
    }
}

using System.Linq;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX GRU, gates z, r, h, with linear_before_reset (revision 3 on) applying the reset gate after the recurrent
    /// projection, forward, reverse or both ways, optional B, sequence_lens, initial_h, clip, activations f, g with
    /// alpha/beta (default Sigmoid, Tanh), layout 0/1 (revision 14); Y and Y_h outputs. float16 computes in float.
    /// Spec: https://onnx.ai/onnx/operators/onnx__GRU.html
    /// </summary>
    internal sealed class GRU : Op<RecurrentPlan>
    {
        private static readonly Attr<long> LinearBeforeReset = Attr.Int("linear_before_reset", 0).Since(3);
        private static readonly string[] DefaultActivations = { "Sigmoid", "Tanh" };

        public override OpSchema Schema { get; } = new OpSchema("GRU", new[] { 1, 3, 7, 14, 22 })
            .Input("X", "T").Input("W", "T").Input("R", "T").Input("B", "T", optional: true)
            .Input("sequence_lens", "T1", optional: true).Input("initial_h", "T", optional: true)
            .Output("Y", "T", optional: true).Output("Y_h", "T", optional: true)
            .Types("T", TypeSets.Float).Types("T1", new[] { Ir.ElementType.Int32 })
            .WithAttributes(new AttributeSpec[] { LinearBeforeReset }.Concat(RecurrentOp.Common).ToArray());

        public override string Summary =>
            "GRU with linear_before_reset, forward/reverse/bidirectional, every ONNX activation with alpha/beta, clip, optional B, sequence_lens, " +
            "initial_h, layout 0/1, outputs Y and Y_h; one kernel, a batch entry at a time with gates and state in planner scratch, float16 in float.";

        protected override RecurrentPlan? Infer(InferContext c) => RecurrentOp.Infer(c, 3, DefaultActivations, c.Get(LinearBeforeReset) != 0);

        protected override void Lower(LowerContext c, RecurrentPlan p) => RecurrentOp.Lower(c, p, "gru", 0, 2, 6, "linearBeforeReset");
    }
}

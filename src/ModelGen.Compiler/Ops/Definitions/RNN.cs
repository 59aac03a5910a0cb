using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX RNN: Hₜ = f(Xₜ·Wᵀ + Hₜ₋₁·Rᵀ + Wb + Rb) forward, reverse or both ways, with optional B, sequence_lens,
    /// initial_h, clip, activations with alpha/beta (default Tanh), layout 0/1 (revision 14); Y and Y_h outputs.
    /// float16 computes in float. Spec: https://onnx.ai/onnx/operators/onnx__RNN.html
    /// </summary>
    internal sealed class RNN : Op<RecurrentPlan>
    {
        private static readonly string[] DefaultActivations = { "Tanh" };

        public override OpSchema Schema { get; } = new OpSchema("RNN", new[] { 1, 7, 14, 22 })
            .Input("X", "T").Input("W", "T").Input("R", "T").Input("B", "T", optional: true)
            .Input("sequence_lens", "T1", optional: true).Input("initial_h", "T", optional: true)
            .Output("Y", "T", optional: true).Output("Y_h", "T", optional: true)
            .Types("T", TypeSets.Float).Types("T1", new[] { Ir.ElementType.Int32 })
            .WithAttributes(RecurrentOp.Common);

        public override string Summary =>
            "simple RNN, forward/reverse/bidirectional, every ONNX activation with alpha/beta, clip, optional B, sequence_lens, initial_h, " +
            "layout 0/1, outputs Y and Y_h; one kernel, a batch entry at a time with the state in planner scratch, float16 in float.";

        protected override RecurrentPlan? Infer(InferContext c) => RecurrentOp.Infer(c, 1, DefaultActivations, false);

        protected override void Lower(LowerContext c, RecurrentPlan p) => RecurrentOp.Lower(c, p, "rnn", 0, 2, 2, "");
    }
}

using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX LSTM, gates i, o, f, c with optional peepholes P (i, o, f) and input_forget (f = 1 − i), forward, reverse
    /// or both ways, optional B, sequence_lens, initial_h, initial_c, clip, activations f, g, h with alpha/beta
    /// (default Sigmoid, Tanh, Tanh), layout 0/1 (revision 14); Y, Y_h and Y_c outputs. float16 computes in float.
    /// Spec: https://onnx.ai/onnx/operators/onnx__LSTM.html
    /// </summary>
    internal sealed class LSTM : Op<RecurrentPlan>
    {
        private static readonly Attr<long> InputForget = Attr.Int("input_forget", 0);
        private static readonly string[] DefaultActivations = { "Sigmoid", "Tanh", "Tanh" };

        public override OpSchema Schema { get; } = new OpSchema("LSTM", new[] { 1, 7, 14, 22 })
            .Input("X", "T").Input("W", "T").Input("R", "T").Input("B", "T", optional: true)
            .Input("sequence_lens", "T1", optional: true).Input("initial_h", "T", optional: true)
            .Input("initial_c", "T", optional: true).Input("P", "T", optional: true)
            .Output("Y", "T", optional: true).Output("Y_h", "T", optional: true).Output("Y_c", "T", optional: true)
            .Types("T", TypeSets.Float).Types("T1", new[] { ElementType.Int32 })
            .WithAttributes(new AttributeSpec[] { InputForget }.Concat(RecurrentOp.Common).ToArray());

        public override string Summary =>
            "LSTM with peepholes and input_forget, forward/reverse/bidirectional, every ONNX activation with alpha/beta, clip, optional B, " +
            "sequence_lens, initial_h/initial_c, layout 0/1, outputs Y, Y_h, Y_c; one kernel, a batch entry at a time with gates and state in planner scratch, float16 in float.";

        protected override RecurrentPlan? Infer(InferContext c)
        {
            Shape r = c.InShape(2);
            if (c.HasInput(7) && r.Rank == 3 && !c.InShape(7).Equals(new Shape(new[] { r[0], r[2] * Dim.Of(3) })))
                return c.Reject<RecurrentPlan>(DiagnosticIds.ShapeMismatch, "P " + c.InShape(7) + " must be [" + r[0] + "," + r[2] * Dim.Of(3) + "].");
            return RecurrentOp.Infer(c, 4, DefaultActivations, c.Get(InputForget) != 0);
        }

        protected override void Lower(LowerContext c, RecurrentPlan p) => RecurrentOp.Lower(c, p, "lstm", 2, 3, 6, "inputForget");
    }
}

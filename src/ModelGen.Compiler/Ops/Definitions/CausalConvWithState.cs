using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>The [batch, channels, length] input, the kernel size, and whether SiLU follows the convolution.</summary>
    internal sealed record CausalConvWithStatePlan(Dim Batch, Dim Channels, Dim Length, Dim Kernel, bool Silu) : OpPlan;

    /// <summary>
    /// ONNX CausalConvWithState: a depthwise 1-D convolution of each channel with its own k taps over
    /// past_state (or k − 1 zeros) followed by the input, so output position t sees inputs t − k + 1 … t only;
    /// plus the per-channel bias, then SiLU (x·sigmoid(x)) when activation is "silu" or "swish".
    /// present_state is the last k − 1 positions of that padded sequence (the carry for the next call).
    /// float16 computes in float. Spec: https://onnx.ai/onnx/operators/onnx__CausalConvWithState.html
    /// </summary>
    internal sealed class CausalConvWithState : Op<CausalConvWithStatePlan>
    {
        private static readonly Attr<string> Activation = Attr.String("activation", "none");

        public override OpSchema Schema { get; } = new OpSchema("CausalConvWithState", new[] { 27 })
            .Input("input", "T").Input("weight", "T").Input("bias", "T", optional: true).Input("past_state", "T", optional: true)
            .Output("output", "T").Output("present_state", "T", optional: true)
            .Types("T", new[] { ElementType.Float, ElementType.Float16 })
            .WithAttributes(Activation);

        public override string Summary =>
            "causal depthwise 1-D convolution over past_state (or zeros) then the input, optional bias and fused SiLU/Swish; returns the last k−1 positions as present_state; float16 in float.";

        protected override CausalConvWithStatePlan? Infer(InferContext c)
        {
            Shape x = c.InShape(0), w = c.InShape(1);
            if (x.Rank != 3) return c.Reject<CausalConvWithStatePlan>(DiagnosticIds.ShapeMismatch, "the input " + x + " must be [batch, channels, length].");
            Dim batch = x[0], channels = x[1], length = x[2];
            if (w.Rank != 3 || !w[0].Equals(channels) || !w[1].Equals(Dim.One))
                return c.Reject<CausalConvWithStatePlan>(DiagnosticIds.ShapeMismatch, "the weight " + w + " must be [" + channels + ",1,k].");
            Dim kernel = w[2];
            if (kernel.IsStatic && kernel.Value < 1)
                return c.Reject<CausalConvWithStatePlan>(DiagnosticIds.ShapeMismatch, "the kernel size " + kernel + " must be at least 1.");
            if (c.HasInput(2) && !c.InShape(2).Equals(new Shape(new[] { channels })))
                return c.Reject<CausalConvWithStatePlan>(DiagnosticIds.ShapeMismatch, "the bias " + c.InShape(2) + " must be [" + channels + "].");
            var state = new Shape(new[] { batch, channels, kernel - Dim.One });
            if (c.HasInput(3) && !c.InShape(3).Equals(state))
                return c.Reject<CausalConvWithStatePlan>(DiagnosticIds.ShapeMismatch, "past_state " + c.InShape(3) + " must be " + state + ".");
            string activation = c.Get(Activation);
            if (activation != "none" && activation != "silu" && activation != "swish")
                return c.Reject<CausalConvWithStatePlan>(DiagnosticIds.UnsupportedAttribute, "activation=\"" + activation + "\" is none of \"none\", \"silu\", \"swish\".");
            c.SetOutput(0, x);
            c.SetOutput(1, state);
            return new CausalConvWithStatePlan(batch, channels, length, kernel, activation != "none");
        }

        // float16 runs in float: the k-tap sums and the sigmoid round once, as ONNX's reference computes them.
        protected override void Lower(LowerContext c, CausalConvWithStatePlan p)
        {
            if (!HalfInFloat.TryLower(c, (ins, outs) => Emit(c, p, ins, outs)))
                Emit(c, p, c.Node.Inputs.ToArray(), c.Node.Outputs.ToArray());
        }

        private static void Emit(LowerContext c, CausalConvWithStatePlan p, Value?[] ins, Value?[] outs) =>
            c.Call("causal_conv_with_state", ins[0]!.Type).In("input", ins[0]!).In("weight", ins[1]!)
                .InOrNone("bias", ins.Length > 2 ? ins[2] : null).InOrNone("pastState", ins.Length > 3 ? ins[3] : null)
                .Out("output", outs[0]!).OutOrNone("presentState", outs.Length > 1 ? outs[1] : null)
                .Dim("batch", p.Batch).Dim("channels", p.Channels).Dim("length", p.Length).Dim("kernel", p.Kernel).Bool("silu", p.Silu).Emit();
    }
}

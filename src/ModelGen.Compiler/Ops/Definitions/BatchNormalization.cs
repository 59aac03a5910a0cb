using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>ε, and for training mode (<paramref name="Training"/>) the momentum that weighs the old running statistics.</summary>
    internal sealed record BatchNormalizationPlan(float Epsilon, bool Training, float Momentum) : OpPlan;

    /// <summary>
    /// ONNX BatchNormalization: y = scale·(x − mean)/√(var + ε) + B per channel. In training mode (training_mode=1,
    /// revision 14 on) the statistics are the batch's own (population variance) and outputs 1 and 2 are the updated
    /// running mean and variance, as ONNX's reference computes them. The older training forms (is_test=0, the
    /// statistics outputs of revisions before 14) and the per-activation form (spatial=0) are reported, not
    /// approximated. After a Conv, the optimizer folds the inference form into the Conv's weights at load time.
    /// Spec: https://onnx.ai/onnx/operators/onnx__BatchNormalization.html
    /// </summary>
    internal sealed class BatchNormalization : Op<BatchNormalizationPlan>
    {
        internal static readonly Attr<float> Epsilon = Attr.Float("epsilon", 1e-5f);
        private static readonly Attr<float> Momentum = Attr.Float("momentum", 0.9f);
        private static readonly Attr<long> TrainingMode = Attr.Int("training_mode", 0).Since(14);
        private static readonly Attr<long> Spatial = Attr.Int("spatial", 1).Until(7);
        private static readonly Attr<long> IsTest = Attr.Int("is_test", 0).Until(6).Ignored("inference is assumed");
        private static readonly Attr<long[]?> ConsumedInputs = Attr.Ints("consumed_inputs").Until(1).Ignored("legacy optimisation hint");

        public override OpSchema Schema { get; } = new OpSchema("BatchNormalization", new[] { 1, 6, 7, 9, 14, 15 })
            .Input("X", "T").Input("scale", "T").Input("B", "T").Input("input_mean", "T").Input("input_var", "T")
            .Output("Y", "T").Output("mean", "T", optional: true).Output("var", "T", optional: true)
            .Output("saved_mean", "T", optional: true, upTo: 9).Output("saved_var", "T", optional: true, upTo: 9)
            .Types("T", TypeSets.Float)
            .WithAttributes(Epsilon, Momentum, TrainingMode, Spatial, IsTest, ConsumedInputs);

        public override string Summary =>
            "y = scale·(x − mean)/√(var + ε) + B per channel; training_mode=1 (revision 14 on) uses the batch's statistics and updates the running ones; spatial=0 is reported. " +
            "The inference form is folded into a preceding Conv's weights at load time.";

        protected override BatchNormalizationPlan? Infer(InferContext c)
        {
            bool training = c.Get(TrainingMode) != 0;
            if (c.Get(Spatial) == 0) return c.Reject<BatchNormalizationPlan>(DiagnosticIds.UnsupportedAttribute, "spatial=0 (per-activation statistics) is not supported.");
            for (int i = training ? 3 : 1; i < c.Node.Outputs.Count; i++)
                if (c.Node.Outputs[i] != null && (c.Node.Outputs[i]!.Consumers.Count > 0 || c.Node.Outputs[i]!.IsGraphOutput))
                    return c.Reject<BatchNormalizationPlan>(DiagnosticIds.UnsupportedAttribute, "output " + i + " (running statistics) is only defined in training mode.");
            var x = c.InShape(0);
            if (x.Rank < 2) return c.Reject<BatchNormalizationPlan>(DiagnosticIds.ShapeMismatch, "input " + x + " needs a channel axis.");
            var channel = new Shape(new[] { x[1] });
            for (int i = 1; i < 5; i++)
                if (!c.InShape(i).Equals(channel)) return c.Reject<BatchNormalizationPlan>(DiagnosticIds.ShapeMismatch, "input '" + c.In(i).Name + "' " + c.InShape(i) + " must be [" + x[1] + "].");
            c.SetOutput(0, x);
            // Unread extra outputs get the per-channel shape so planning can skip them cleanly.
            for (int i = 1; i < c.Node.Outputs.Count; i++) c.SetOutput(i, c.InType(0), channel);
            return new BatchNormalizationPlan(c.Get(Epsilon), training, c.Get(Momentum));
        }

        protected override void Lower(LowerContext c, BatchNormalizationPlan p)
        {
            var x = c.InShape(0);
            if (p.Training)
            {
                c.Call("batchnorm.training", c.InType(0)).In("x", c.In(0)).In("scale", c.In(1)).In("bias", c.In(2)).In("mean", c.In(3)).In("variance", c.In(4)).Out("y", c.Out(0))
                    .OutOrNone("runningMean", c.Node.Output(1)).OutOrNone("runningVariance", c.Node.Output(2))
                    .Dim("batch", x[0]).Dim("channels", x[1]).Dim("spatialSize", x.Product(2, x.Rank))
                    .Scalar("epsilon", ElementType.Float, p.Epsilon).Scalar("momentum", ElementType.Float, p.Momentum).Emit();
                return;
            }
            c.Call("batchnorm", c.InType(0)).In("x", c.In(0)).In("scale", c.In(1)).In("bias", c.In(2)).In("mean", c.In(3)).In("variance", c.In(4)).Out("y", c.Out(0))
                .Dim("batch", x[0]).Dim("channels", x[1]).Dim("spatialSize", x.Product(2, x.Rank)).Scalar("epsilon", ElementType.Float, p.Epsilon).Emit();
        }
    }
}

using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX SoftmaxCrossEntropyLoss: log_prob = log_softmax(scores) along the class axis (the optional second
    /// output), then the negative log-likelihood of the labels over it (see <see cref="ClassLossOp"/>). Without the
    /// second output, log_prob lives in a planned temporary. Spec: https://onnx.ai/onnx/operators/onnx__SoftmaxCrossEntropyLoss.html
    /// </summary>
    internal sealed class SoftmaxCrossEntropyLoss : ClassLossOp
    {
        public override OpSchema Schema { get; } = new OpSchema("SoftmaxCrossEntropyLoss", new[] { 12, 13 })
            .Input("scores", "T").Input("labels", "Tind").Input("weights", "T", optional: true).Output("output", "T").Output("log_prob", "T", optional: true)
            .Types("T", TypeSets.Float).Types("Tind", TypeSets.Indices).WithAttributes(Attributes);

        protected override void Lower(LowerContext c, ClassLossPlan p)
        {
            var logProb = c.HasOutput(1) ? c.Out(1) : c.Temporary("log_prob", c.InType(0), c.InShape(0));
            c.Call("loss.log_softmax", c.InType(0)).In("x", c.In(0)).Out("y", logProb)
                .Dim("batch", p.Batch).Dim("classes", p.Classes).Dim("spatial", p.Spatial).Emit();
            ClassLossKernels.Emit(c, p, logProb);
        }
    }
}

using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX NegativeLogLikelihoodLoss: loss[n, d] = -weight[t]·input[n, t, d] for t = target[n, d] (0 where t is
    /// ignore_index), then reduced (see <see cref="ClassLossOp"/>). A target outside [0, C) that is not ignored is a
    /// run-time error. Spec: https://onnx.ai/onnx/operators/onnx__NegativeLogLikelihoodLoss.html
    /// </summary>
    internal sealed class NegativeLogLikelihoodLoss : ClassLossOp
    {
        public override OpSchema Schema { get; } = new OpSchema("NegativeLogLikelihoodLoss", new[] { 12, 13, 22 })
            .Input("input", "T").Input("target", "Tind").Input("weight", "T", optional: true).Output("loss", "T")
            .Types("T", TypeSets.Float).Types("Tind", TypeSets.Indices).WithAttributes(Attributes);

        protected override void Lower(LowerContext c, ClassLossPlan p) =>
            ClassLossKernels.Emit(c, p, c.In(0));
    }
}

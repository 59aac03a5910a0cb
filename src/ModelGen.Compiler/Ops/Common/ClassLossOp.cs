using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Common
{
    /// <summary>How a per-element loss is reduced (the runtime kernel takes the same numbers).</summary>
    internal enum LossReduction { None = 0, Sum = 1, Mean = 2 }

    /// <summary>
    /// A classification loss over scores [N, C, d1...] and class indices [N, d1...], viewed as [N, C, D] and [N, D].
    /// <see cref="IgnoreIndex"/> is null when the node sets none.
    /// </summary>
    internal sealed record ClassLossPlan(Dim Batch, int Classes, Dim Spatial, long? IgnoreIndex, LossReduction Reduction) : OpPlan;

    /// <summary>
    /// What NegativeLogLikelihoodLoss and SoftmaxCrossEntropyLoss share: the 'reduction' ("none", "sum", "mean") and
    /// 'ignore_index' attributes, the shape checks, and the loss output (the target's shape, or a scalar). The mean
    /// divides by the summed weights of the elements not ignored, as ONNX defines it.
    /// </summary>
    internal abstract class ClassLossOp : Op<ClassLossPlan>
    {
        private static readonly Attr<string> ReductionAttr = Attr.String("reduction", "mean");
        private static readonly Attr<long?> IgnoreIndexAttr = Attr.OptionalInt("ignore_index");

        protected static AttributeSpec[] Attributes => new AttributeSpec[] { ReductionAttr, IgnoreIndexAttr };

        public override string Summary => "reduction none/sum/mean, ignore_index, optional class weights, any number of extra dims; computed in double.";

        protected sealed override ClassLossPlan? Infer(InferContext c)
        {
            var x = c.InShape(0);
            var target = c.InShape(1);
            if (x.Rank < 2 || target.Rank != x.Rank - 1 || !x[1].IsStatic)
                return c.Reject<ClassLossPlan>(DiagnosticIds.ShapeMismatch, "scores " + x + " and targets " + target + " must be [N, C, d1...] and [N, d1...] with C static.");
            for (int i = 0; i < target.Rank; i++)
                if (!target[i].Equals(x[i == 0 ? 0 : i + 1]))
                    return c.Reject<ClassLossPlan>(DiagnosticIds.ShapeMismatch, "targets " + target + " do not match scores " + x + " (without the class axis).");
            int classes = (int)x[1].Value;
            if (c.HasInput(2) && !c.InShape(2).Equals(Shape.Of(classes)))
                return c.Reject<ClassLossPlan>(DiagnosticIds.ShapeMismatch, "weights " + c.InShape(2) + " must be [" + classes + "].");
            LossReduction reduction;
            switch (c.Get(ReductionAttr))
            {
                case "none": reduction = LossReduction.None; break;
                case "sum": reduction = LossReduction.Sum; break;
                case "mean": reduction = LossReduction.Mean; break;
                default: return c.Reject<ClassLossPlan>(DiagnosticIds.UnsupportedAttribute, "reduction=\"" + c.Get(ReductionAttr) + "\" is none of \"none\", \"sum\", \"mean\".");
            }
            c.SetOutput(0, reduction == LossReduction.None ? target : Shape.Scalar);
            if (c.HasOutput(1)) c.SetOutput(1, x);
            return new ClassLossPlan(x[0], classes, x.Product(2, x.Rank), c.Get(IgnoreIndexAttr), reduction);
        }
    }
}

using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>Batches, classes and boxes, the box format, and the run-time number of selected boxes.</summary>
    internal sealed record NonMaxSuppressionPlan(Dim Batches, Dim Classes, Dim Boxes, bool CenterPointBox, Dim Selected) : OpPlan;

    /// <summary>
    /// ONNX NonMaxSuppression: per batch and class, the boxes by score (highest first, ties by lower index) above
    /// the optional score_threshold, each kept unless its IoU with an already kept box of that class exceeds
    /// iou_threshold (default 0), at most max_output_boxes_per_class (default 0: none) of them; the output is
    /// int64 [selected, 3] rows [batch, class, box]. The row count is a run-time dim bounded by
    /// batches × classes × min(max_output_boxes_per_class, boxes) (the box count when that input is not a constant).
    /// center_point_box picks [y1, x1, y2, x2] corners (0) or [x_center, y_center, width, height] (1).
    /// Computed in float like ONNX's reference. Spec: https://onnx.ai/onnx/operators/onnx__NonMaxSuppression.html
    /// </summary>
    internal sealed class NonMaxSuppression : Op<NonMaxSuppressionPlan>
    {
        private static readonly Attr<long> CenterPointBox = Attr.Int("center_point_box", 0);

        public override OpSchema Schema { get; } = new OpSchema("NonMaxSuppression", new[] { 10, 11 })
            .Input("boxes", "F").Input("scores", "F")
            .Input("max_output_boxes_per_class", "I", optional: true).Input("iou_threshold", "F", optional: true).Input("score_threshold", "F", optional: true)
            .Output("selected_indices", "I")
            .Types("F", new[] { ElementType.Float }).Types("I", TypeSets.Int64)
            .WithAttributes(CenterPointBox);

        public override string Summary => "greedy per-class box selection by score and IoU, corner or centre box format; a run-time number of selected rows.";

        protected override NonMaxSuppressionPlan? Infer(InferContext c)
        {
            var boxes = c.InShape(0);
            var scores = c.InShape(1);
            if (boxes.Rank != 3 || (boxes[2].IsStatic && boxes[2].Value != 4))
                return c.Reject<NonMaxSuppressionPlan>(DiagnosticIds.ShapeMismatch, "boxes " + boxes + " must be [batches, boxes, 4].");
            if (scores.Rank != 3)
                return c.Reject<NonMaxSuppressionPlan>(DiagnosticIds.ShapeMismatch, "scores " + scores + " must be [batches, classes, boxes].");
            long format = c.Get(CenterPointBox);
            if (format != 0 && format != 1)
                return c.Reject<NonMaxSuppressionPlan>(DiagnosticIds.UnsupportedAttribute, "center_point_box=" + format + " must be 0 or 1.");
            for (int i = 2; i < 5; i++)
                if (c.HasInput(i) && c.InShape(i).ElementCount.IsStatic && c.InShape(i).ElementCount.Value > 1)
                    return c.Reject<NonMaxSuppressionPlan>(DiagnosticIds.ShapeMismatch, "input " + i + " " + c.InShape(i) + " must be a scalar or hold one element.");
            Dim perClass = boxes[1];
            var known = c.HasInput(2) ? c.InData(2) : null;
            if (!c.HasInput(2)) perClass = Dim.Zero;
            else if (known != null && known.ElementCount == 1) perClass = Dim.Min(Dim.Of(System.Math.Max(known.AsInt64()[0], 0)), boxes[1]);
            var selected = c.RuntimeDim(0, boxes[0] * scores[1] * perClass);
            c.SetOutput(0, ElementType.Int64, new Shape(new[] { selected, Dim.Of(3) }));
            return new NonMaxSuppressionPlan(boxes[0], scores[1], boxes[1], format == 1, selected);
        }

        protected override void Lower(LowerContext c, NonMaxSuppressionPlan p) =>
            c.Call("nonmaxsuppression").In("boxes", c.In(0)).In("scores", c.In(1))
                .InOrNone("maxOutputBoxesPerClass", c.Node.Input(2)).InOrNone("iouThreshold", c.Node.Input(3)).InOrNone("scoreThreshold", c.Node.Input(4))
                .Out("y", c.Out(0)).Dim("batches", p.Batches).Dim("classes", p.Classes).Dim("boxCount", p.Boxes).Bool("centerPointBox", p.CenterPointBox)
                .Scratch("work", ElementType.Int64, p.Boxes * 2)
                .Symbols("count", new[] { p.Selected.SymbolName! }).Emit();
    }
}

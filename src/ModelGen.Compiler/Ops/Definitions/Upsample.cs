using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX Upsample (deprecated): output length floor(length × scale) per axis, nearest or N-linear, with the 'scales'
    /// attribute (revision 7) or input (9; run-time values give run-time dims). It runs on Resize's kernel as Resize-10
    /// does: asymmetric coordinates, nearest rounding down when upsampling and up when downsampling. Revision 10 only
    /// marks the op deprecated (ONNX's checker refuses it from opset 10 on), so it is refused with that reason.
    /// Spec: https://onnx.ai/onnx/operators/onnx__Upsample.html
    /// </summary>
    internal sealed class Upsample : Op<ResizePlan>
    {
        private static readonly Attr<string> Mode = Attr.String("mode", "nearest");
        private static readonly Attr<float[]?> ScalesAttr = Attr.Floats("scales").Until(7).Required();

        public override OpSchema Schema { get; } = new OpSchema("Upsample", new[] { 7, 9, 10 })
            .Input("X", "T").Input("scales", "F", from: 9)
            .Output("Y", "T")
            .Types("T", TypeSets.Numeric).Types("F", ResizeOp.ScalesType)
            .WithAttributes(Mode, ScalesAttr);

        public override string Summary =>
            "deprecated: nearest or N-linear by 'scales' (attribute in 7, input in 9; run-time values give run-time dims), on Resize's kernel; " +
            "revision 10 only marks it deprecated and is refused.";

        protected override ResizePlan? Infer(InferContext c)
        {
            if (c.Revision >= 10)
                return c.Reject<ResizePlan>(DiagnosticIds.UnsupportedOpset, "Upsample is deprecated from opset 10 on (ONNX's checker refuses it there); use Resize.");
            string modeText = c.Get(Mode);
            if (modeText != "nearest" && modeText != "linear")
                return c.Reject<ResizePlan>(DiagnosticIds.UnsupportedAttribute, "mode='" + modeText + "' is not one of nearest, linear.");
            var filter = new ResizeFilter(modeText == "nearest" ? ResizeMode.Nearest : ResizeMode.Linear, ResizeCoordinates.Asymmetric, ResizeRounding.Legacy,
                ResizeAspect.Stretch, -0.75f, false, false, 0f);
            if (c.Revision < 9)
            {
                var attribute = c.Get(ScalesAttr)!;
                return ResizeOp.Infer(c, filter, null, null, ResizeSource.FromAttribute(attribute), ResizeSource.None, attribute);
            }
            var scales = ResizeSource.FromInput(c, 1, sizes: false, "scales");
            return scales == null ? null : ResizeOp.Infer(c, filter, null, null, scales, ResizeSource.None);
        }

        protected override void Lower(LowerContext c, ResizePlan p) => ResizeOp.Lower(c, p);
    }
}

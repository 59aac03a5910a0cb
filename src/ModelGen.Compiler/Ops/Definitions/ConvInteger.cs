using System.Collections.Generic;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>The convolution plan and the layouts of both zero points.</summary>
    internal sealed record ConvIntegerPlan(ConvPlan Conv, IReadOnlyList<Dim> XZeroPoint, IReadOnlyList<Dim> WZeroPoint) : OpPlan;

    /// <summary>
    /// ONNX ConvInteger: Conv of (x - x_zero_point) by (w - w_zero_point) in int32 (w's zero point per tensor or per
    /// output channel), on Conv's kernels. Spec: https://onnx.ai/onnx/operators/onnx__ConvInteger.html
    /// </summary>
    internal sealed class ConvInteger : Op<ConvIntegerPlan>
    {
        private static readonly Attr<long> Group = Attr.Int("group", 1);

        public override OpSchema Schema { get; } = new OpSchema("ConvInteger", new[] { 10 })
            .Input("x", "T1").Input("w", "T2").Input("x_zero_point", "T1", optional: true).Input("w_zero_point", "T2", optional: true).Output("y", "T3")
            .Types("T1", QuantTypes.EightBit).Types("T2", QuantTypes.EightBit).Types("T3", new[] { ElementType.Int32 })
            .WithAttributes(SpatialAttributes.AutoPad, SpatialAttributes.Dilations, Group, SpatialAttributes.KernelShape, SpatialAttributes.Pads, SpatialAttributes.Strides);

        public override string Summary => "Conv's attributes and algorithms over int8/uint8 widened to int32; w's zero point per tensor or per output channel.";

        protected override ConvIntegerPlan? Infer(InferContext c)
        {
            var plan = Conv.Plan(c, null, ElementType.Int32);
            if (plan == null) return null;
            var xz = QuantShift.Layout(c, c.InShape(0), c.HasInput(2) ? c.InShape(2) : null, -1, "x_zero_point");
            var wz = QuantShift.Layout(c, c.InShape(1), c.HasInput(3) ? c.InShape(3) : null, 0, "w_zero_point");
            if (xz == null || wz == null) return null;
            return new ConvIntegerPlan(plan, xz, wz);
        }

        protected override void Lower(LowerContext c, ConvIntegerPlan p)
        {
            var x = QuantShift.Emit(c, c.In(0), c.Node.Input(2), p.XZeroPoint, "x");
            var w = QuantShift.Emit(c, c.In(1), c.Node.Input(3), p.WZeroPoint, "w");
            Conv.Lower(c, p.Conv, x, w, null, c.Out(0));
        }
    }
}

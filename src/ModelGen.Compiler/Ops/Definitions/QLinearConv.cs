using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>The convolution plan, the zero-point layouts, and the output's spatial size per channel.</summary>
    internal sealed record QLinearConvPlan(ConvPlan Conv, IReadOnlyList<Dim> XZeroPoint, IReadOnlyList<Dim> WZeroPoint, Dim Spatial) : OpPlan;

    /// <summary>
    /// ONNX QLinearConv: the int32 Conv of (x - x_zero_point) by (w - w_zero_point) plus the int32 bias, requantised
    /// as saturate(round_half_even(acc * x_scale * w_scale[c] / y_scale) + y_zero_point), as ONNX's reference does;
    /// w's scale and zero point per tensor or per output channel. Spec: https://onnx.ai/onnx/operators/onnx__QLinearConv.html
    /// </summary>
    internal sealed class QLinearConv : Op<QLinearConvPlan>
    {
        private static readonly Attr<long> Group = Attr.Int("group", 1);

        public override OpSchema Schema { get; } = new OpSchema("QLinearConv", new[] { 10 })
            .Input("x", "T1").Input("x_scale", "TS").Input("x_zero_point", "T1")
            .Input("w", "T2").Input("w_scale", "TS").Input("w_zero_point", "T2")
            .Input("y_scale", "TS").Input("y_zero_point", "T3").Input("B", "T4", optional: true).Output("y", "T3")
            .Types("T1", QuantTypes.EightBit).Types("T2", QuantTypes.EightBit).Types("T3", QuantTypes.EightBit)
            .Types("T4", new[] { ElementType.Int32 }).Types("TS", new[] { ElementType.Float })
            .WithAttributes(SpatialAttributes.AutoPad, SpatialAttributes.Dilations, Group, SpatialAttributes.KernelShape, SpatialAttributes.Pads, SpatialAttributes.Strides);

        public override string Summary => "Conv's attributes and algorithms in int32, int32 bias, requantised with float scales; w per tensor or per output channel.";

        protected override QLinearConvPlan? Infer(InferContext c)
        {
            if (!IsOne(c.InShape(1)) || !IsOne(c.InShape(6)) || !IsOne(c.InShape(7)))
                return c.Reject<QLinearConvPlan>(DiagnosticIds.ShapeMismatch, "x_scale, y_scale and y_zero_point must be scalars.");
            var plan = Conv.Plan(c, c.HasInput(8) ? c.InShape(8) : null, c.InType(7), xIndex: 0, wIndex: 3);
            if (plan == null) return null;
            var wScale = c.InShape(4);
            if (!IsOne(wScale) && !(wScale.Rank == 1 && wScale[0].Equals(Dim.Of(plan.OutChannels))))
                return c.Reject<QLinearConvPlan>(DiagnosticIds.ShapeMismatch, "w_scale " + wScale + " must be a scalar or [" + plan.OutChannels + "].");
            var xz = QuantShift.Layout(c, c.InShape(0), c.InShape(2), -1, "x_zero_point");
            var wz = QuantShift.Layout(c, c.InShape(3), c.InShape(5), 0, "w_zero_point");
            if (xz == null || wz == null) return null;
            var spatial = plan.Spatial.Output.Aggregate(Dim.One, (l, r) => l * r);
            return new QLinearConvPlan(plan, xz, wz, spatial);
        }

        private static bool IsOne(Shape s) => s.Rank == 0 || (s.Rank == 1 && s[0].Equals(Dim.One));

        protected override void Lower(LowerContext c, QLinearConvPlan p)
        {
            var x = QuantShift.Emit(c, c.In(0), c.In(2), p.XZeroPoint, "x");
            var w = QuantShift.Emit(c, c.In(3), c.In(5), p.WZeroPoint, "w");
            var acc = c.Temporary("acc.i32", ElementType.Int32, c.OutShape(0));
            Conv.Lower(c, p.Conv, x, w, c.Node.Input(8), acc);
            c.Call("quant.requantize", c.InType(1), c.OutType(0)).In("acc", acc).In("aScale", c.In(1)).In("bScale", c.In(4)).In("yScale", c.In(6))
                .In("yZeroPoint", c.In(7)).Out("y", c.Out(0))
                .Dim("outer", c.InShape(0)[0]).Dim("channels", p.Conv.OutChannels).Dim("inner", p.Spatial).Emit();
        }
    }
}

using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>DynamicQuantizeLinear needs no plan beyond its shapes.</summary>
    internal sealed record DynamicQuantizePlan : OpPlan;

    /// <summary>
    /// ONNX DynamicQuantizeLinear: uint8 quantisation of x over the range [min(0, min x), max(0, max x)], returning
    /// y, the scale and the zero point, in float as ONNX's reference computes them.
    /// Spec: https://onnx.ai/onnx/operators/onnx__DynamicQuantizeLinear.html
    /// </summary>
    internal sealed class DynamicQuantizeLinear : Op<DynamicQuantizePlan>
    {
        public override OpSchema Schema { get; } = new OpSchema("DynamicQuantizeLinear", new[] { 11 })
            .Input("x", "T1").Output("y", "T2").Output("y_scale", "T1").Output("y_zero_point", "T2")
            .Types("T1", new[] { ElementType.Float }).Types("T2", new[] { ElementType.UInt8 });

        public override string Summary => "uint8 over [min(0, min x), max(0, max x)]; scale and zero point computed in float, rounding half to even.";

        protected override DynamicQuantizePlan? Infer(InferContext c)
        {
            c.SetOutput(0, ElementType.UInt8, c.InShape(0));
            c.SetOutput(1, ElementType.Float, Shape.Scalar);
            c.SetOutput(2, ElementType.UInt8, Shape.Scalar);
            return new DynamicQuantizePlan();
        }

        protected override void Lower(LowerContext c, DynamicQuantizePlan p) =>
            c.Call("quant.dynamic", c.InType(0)).In("x", c.In(0)).Out("y", c.Out(0)).Out("scale", c.Out(1)).Out("zeroPoint", c.Out(2)).Emit();
    }
}

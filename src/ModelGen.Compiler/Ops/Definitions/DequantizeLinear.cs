using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>The scale layout, and the type (x - zero point) * scale runs in.</summary>
    internal sealed record DequantizePlan(IReadOnlyList<Dim> Layout, ElementType Compute) : OpPlan;

    /// <summary>
    /// ONNX DequantizeLinear: y = (x - x_zero_point) * x_scale, per tensor, per axis or blocked, computed in float
    /// (double when the scale or output is) and rounded once to the scale's type or output_dtype, as ONNX's reference
    /// does. Int4/int2 inputs subtract their zero point like the other integers; float8 and float4 inputs are read as
    /// their values, their zero point unread (ONNX's reference ignores it: float8's must be 0). Spec: https://onnx.ai/onnx/operators/onnx__DequantizeLinear.html
    /// </summary>
    internal sealed class DequantizeLinear : Op<DequantizePlan>
    {
        private static readonly Attr<long> Axis = Attr.Int("axis", 1).Since(13);
        private static readonly Attr<long> BlockSize = Attr.Int("block_size", 0).Since(21);
        private static readonly Attr<long> OutputDtype = Attr.Int("output_dtype", 0).Since(23);

        public override OpSchema Schema { get; } = new OpSchema("DequantizeLinear", new[] { 10, 13, 19, 21, 23, 24, 25 })
            .Input("x", "T1").Input("x_scale", "T2").Input("x_zero_point", "T1", optional: true).Output("y", "T3")
            .Types("T1", QuantTypes.Quantized).Types("T2", TypeSets.Float).Types("T3", TypeSets.Float)
            .WithAttributes(Axis, BlockSize, OutputDtype);

        public override string Summary => "per tensor, per axis or blocked; int8/uint8/int16/uint16/int32/int4/uint4/int2/uint2, float8 and float4 inputs; output in the scale's type or output_dtype.";

        protected override DequantizePlan? Infer(InferContext c)
        {
            var x = c.InShape(0);
            var type = c.Get(OutputDtype) != 0 ? (ElementType)c.Get(OutputDtype) : c.InType(1);
            if (!TypeSets.Float.Contains(type))
                return c.Reject<DequantizePlan>(DiagnosticIds.UnsupportedElementType, "dequantising to element type " + (long)type + " is not supported (float, double, float16 are).");
            if (c.HasInput(2) && !c.InShape(2).Equals(c.InShape(1)) && !(OneElement(c.InShape(2)) && OneElement(c.InShape(1))))
                return c.Reject<DequantizePlan>(DiagnosticIds.ShapeMismatch, "x_zero_point " + c.InShape(2) + " must be shaped like x_scale " + c.InShape(1) + ".");
            var layout = QuantLayout.Resolve(c, x, c.InShape(1), c.Get(Axis), c.Get(BlockSize), "x_scale");
            if (layout == null) return null;
            bool wide = c.InType(1) == ElementType.Double || type == ElementType.Double || c.InType(0) == ElementType.Int32;
            c.SetOutput(0, type, x);
            return new DequantizePlan(layout, wide ? ElementType.Double : ElementType.Float);
        }

        /// <summary>A scalar, [1], [1,1]...: per-tensor, whichever of these shapes the scale and zero point take.</summary>
        private static bool OneElement(Shape s) => s.ElementCount.Equals(Dim.One);

        protected override void Lower(LowerContext c, DequantizePlan p)
        {
            var x = c.InType(0);
            if (ElementTypes.IsNarrow(x))
                c.Call("dequantize.narrow", x, c.InType(1), p.Compute, c.OutType(0))
                    .In("x", c.In(0)).In("scale", c.In(1)).InOrNone("zeroPoint", ElementTypes.IsNarrowInteger(x) ? c.Node.Input(2) : null)
                    .Out("y", c.Out(0)).Dims("layout", p.Layout).Emit();
            else
                c.Call("dequantize", x, c.InType(1), p.Compute, c.OutType(0))
                    .In("x", c.In(0)).In("scale", c.In(1)).InOrNone("zeroPoint", c.Node.Input(2)).Out("y", c.Out(0)).Dims("layout", p.Layout).Emit();
        }
    }
}

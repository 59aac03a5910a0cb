using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>The scale layout, the type the division x / scale runs in, and 'saturate' (float8 outputs).</summary>
    internal sealed record QuantizePlan(IReadOnlyList<Dim> Layout, ElementType Compute, bool Saturate) : OpPlan;

    /// <summary>
    /// ONNX QuantizeLinear: y = saturate(round_half_even(x / y_scale) + y_zero_point), per tensor, per axis or blocked.
    /// The output type is the zero point's, else output_dtype, else uint8; the division runs in 'precision' when given,
    /// else in numpy's promotion of x's and the scale's types, as ONNX's reference does. Int4/int2 outputs round and
    /// clamp like the other integers; float8 outputs are x / y_scale converted (saturating unless saturate=0, the zero
    /// point unread, as it must be 0), float4 outputs x / y_scale + y_zero_point converted. Spec: https://onnx.ai/onnx/operators/onnx__QuantizeLinear.html
    /// </summary>
    internal sealed class QuantizeLinear : Op<QuantizePlan>
    {
        private static readonly Attr<long> Axis = Attr.Int("axis", 1).Since(13);
        private static readonly Attr<long> BlockSize = Attr.Int("block_size", 0).Since(21);
        private static readonly Attr<long> OutputDtype = Attr.Int("output_dtype", 0).Since(21);
        private static readonly Attr<long> Precision = Attr.Int("precision", 0).Since(25);
        private static readonly Attr<long> Saturate = Attr.Int("saturate", 1).Since(19);

        public override OpSchema Schema { get; } = new OpSchema("QuantizeLinear", new[] { 10, 13, 19, 21, 23, 24, 25 })
            .Input("x", "T1").Input("y_scale", "T2").Input("y_zero_point", "T3", optional: true).Output("y", "T3")
            .Types("T1", QuantTypes.Real).Types("T2", QuantTypes.Real).Types("T3", QuantTypes.Quantized)
            .WithAttributes(Axis, BlockSize, OutputDtype, Precision, Saturate);

        public override string Summary => "per tensor, per axis or blocked; int8/uint8/int16/uint16/int4/uint4/int2/uint2, float8 and float4 outputs (zero point, output_dtype or uint8); rounds half to even in the reference's precision.";

        protected override QuantizePlan? Infer(InferContext c)
        {
            var x = c.InShape(0);
            var type = c.HasInput(2) ? c.InType(2) : c.Get(OutputDtype) != 0 ? (ElementType)c.Get(OutputDtype) : ElementType.UInt8;
            if (c.HasInput(2) && c.Get(OutputDtype) != 0 && (ElementType)c.Get(OutputDtype) != type)
                return c.Reject<QuantizePlan>(DiagnosticIds.UnsupportedAttribute, "output_dtype=" + c.Get(OutputDtype) + " differs from the zero point's type " + ElementTypes.OnnxName(type) + ".");
            if (!QuantTypes.Quantized.Contains(type) || type == ElementType.Int32)
                return c.Reject<QuantizePlan>(DiagnosticIds.UnsupportedElementType, "quantising to element type " + (long)type + " is not supported (int8, uint8, int16, uint16, int4, uint4, int2, uint2, float8 and float4 are).");
            if (c.HasInput(2) && !c.InShape(2).Equals(c.InShape(1)) && !(OneElement(c.InShape(2)) && OneElement(c.InShape(1))))
                return c.Reject<QuantizePlan>(DiagnosticIds.ShapeMismatch, "y_zero_point " + c.InShape(2) + " must be shaped like y_scale " + c.InShape(1) + ".");
            var layout = QuantLayout.Resolve(c, x, c.InShape(1), c.Get(Axis), c.Get(BlockSize), "y_scale");
            if (layout == null) return null;
            var compute = QuantTypes.Promote(c.InType(0), c.InType(1));
            if (c.Get(Precision) != 0)
            {
                compute = (ElementType)c.Get(Precision);
                if (!TypeSets.Float.Contains(compute))
                    return c.Reject<QuantizePlan>(DiagnosticIds.UnsupportedElementType, "precision=" + c.Get(Precision) + " is not a supported floating type.");
            }
            c.SetOutput(0, type, x);
            return new QuantizePlan(layout, compute, c.Get(Saturate) != 0);
        }

        /// <summary>A scalar, [1], [1,1]...: per-tensor, whichever of these shapes the scale and zero point take.</summary>
        private static bool OneElement(Shape s) => s.ElementCount.Equals(Dim.One);

        protected override void Lower(LowerContext c, QuantizePlan p)
        {
            var y = c.OutType(0);
            if (ElementTypes.IsNarrow(y))
                c.Call("quantize.narrow", c.InType(0), c.InType(1), p.Compute, y)
                    .In("x", c.In(0)).In("scale", c.In(1)).InOrNone("zeroPoint", c.Node.Input(2)).Out("y", c.Out(0)).Dims("layout", p.Layout)
                    .Bool("saturate", p.Saturate).Bool("addZeroPoint", y == ElementType.Float4E2M1).Emit();
            else
                c.Call("quantize", c.InType(0), c.InType(1), p.Compute, y)
                    .In("x", c.In(0)).In("scale", c.In(1)).InOrNone("zeroPoint", c.Node.Input(2)).Out("y", c.Out(0)).Dims("layout", p.Layout).Emit();
        }
    }
}

using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX Cast to the type named by 'to', between the numeric types, bool and the narrow types (bfloat16, float8,
    /// float4, int4, int2; see <see cref="ConversionOp"/>). Strings are not supported. Spec: https://onnx.ai/onnx/operators/onnx__Cast.html
    /// </summary>
    internal sealed class Cast : ConversionOp
    {
        private static readonly Attr<long> To = Attr.Int("to", 0).Required();

        public override OpSchema Schema { get; } = new OpSchema("Cast", new[] { 1, 6, 9, 13, 19, 21, 23, 24, 25 })
            .Input("input", "T1").Output("output", "T2").Types("T1", TypeSets.AnyWithNarrow)
            .WithAttributes(To, NarrowFloatAttributes.Saturate, NarrowFloatAttributes.RoundMode);

        public override string Summary => "converts between the numeric types, bool, bfloat16, float8, float4, int4 and int2: float to integer truncates, integers wrap, float8 saturates unless saturate=0; dim expressions stay symbolic across integer casts.";

        protected override ElementType? TargetType(InferContext c) => (ElementType)c.Get(To);
    }

    /// <summary>
    /// ONNX CastLike: Cast to the element type of the second input, whose values are not read.
    /// Spec: https://onnx.ai/onnx/operators/onnx__CastLike.html
    /// </summary>
    internal sealed class CastLike : ConversionOp
    {
        public override OpSchema Schema { get; } = new OpSchema("CastLike", new[] { 15, 19, 21, 23, 24, 25 })
            .Input("input", "T1").Input("target_type", "T2").Output("output", "T2").Types("T1", TypeSets.AnyWithNarrow).Types("T2", TypeSets.AnyWithNarrow)
            .WithAttributes(NarrowFloatAttributes.Saturate, NarrowFloatAttributes.RoundMode);

        public override string Summary => "Cast to the second input's element type (its values are not read).";

        protected override ElementType? TargetType(InferContext c) => c.InType(1);
    }

    /// <summary>The attributes that shape conversions to float8 (saturate) and float8e8m0 (saturate, round_mode).</summary>
    internal static class NarrowFloatAttributes
    {
        public static readonly Attr<long> Saturate = Attr.Int("saturate", 1).Since(19);
        public static readonly Attr<string> RoundMode = Attr.String("round_mode", "up").Since(25);
    }
}

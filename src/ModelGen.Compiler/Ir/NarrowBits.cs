using System;
using ModelGen.Runtime.Numerics;

namespace ModelGen.Compiler.Ir
{
    /// <summary>
    /// The compiler's side of the narrow floating-point types: bits ↔ double through the same <see cref="NarrowCodec"/>
    /// the runtime's structs use (the file is compiled into both), so build-time constants and test data decode exactly
    /// as generated code computes them.
    /// </summary>
    internal static class NarrowBits
    {
        public static double ToDouble(ElementType t, int bits) =>
            t == ElementType.Float8E8M0 ? NarrowCodec.E8M0ToDouble(bits) : NarrowCodec.ToDouble(bits, Format(t));

        /// <summary>The bits of <paramref name="value"/> rounded to <paramref name="t"/> (float8e8m0: from float, rounding up, as Cast's defaults).</summary>
        public static int FromDouble(ElementType t, double value, bool saturate)
        {
            if (t == ElementType.Float8E8M0)
                return NarrowCodec.E8M0FromSingleBits(BitConverter.ToInt32(BitConverter.GetBytes((float)value), 0), saturate, NarrowCodec.RoundUp);
            return NarrowCodec.FromDouble(value, Format(t), saturate && t != ElementType.BFloat16);
        }

        private static NarrowCodec.Format Format(ElementType t)
        {
            switch (t)
            {
                case ElementType.BFloat16: return NarrowCodec.BFloat16;
                case ElementType.Float8E4M3FN: return NarrowCodec.Float8E4M3FN;
                case ElementType.Float8E4M3FNUZ: return NarrowCodec.Float8E4M3FNUZ;
                case ElementType.Float8E5M2: return NarrowCodec.Float8E5M2;
                case ElementType.Float8E5M2FNUZ: return NarrowCodec.Float8E5M2FNUZ;
                case ElementType.Float4E2M1: return NarrowCodec.Float4E2M1;
                default: throw new ArgumentException(t + " is not a narrow floating-point type.");
            }
        }
    }
}

using System.Collections.Generic;
using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Ops.Common
{
    /// <summary>The element types the quantisation ops handle, and the type their arithmetic runs in.</summary>
    internal static class QuantTypes
    {
        /// <summary>The quantised types: .NET's integers, and the narrow ones (float8, float4, int4, int2) as ModelGen.Runtime.Numerics structs.</summary>
        public static readonly IReadOnlyCollection<ElementType> Quantized = new[]
        {
            ElementType.Int8, ElementType.UInt8, ElementType.Int16, ElementType.UInt16, ElementType.Int32,
            ElementType.Float8E4M3FN, ElementType.Float8E4M3FNUZ, ElementType.Float8E5M2, ElementType.Float8E5M2FNUZ, ElementType.Float4E2M1,
            ElementType.Int4, ElementType.UInt4, ElementType.Int2, ElementType.UInt2,
        };

        /// <summary>The 8-bit types of MatMulInteger, ConvInteger and the QLinear ops.</summary>
        public static readonly IReadOnlyCollection<ElementType> EightBit = new[] { ElementType.Int8, ElementType.UInt8 };

        /// <summary>Full-precision inputs and scales.</summary>
        public static readonly IReadOnlyCollection<ElementType> Real = new[] { ElementType.Float, ElementType.Double, ElementType.Float16, ElementType.Int32 };

        /// <summary>Scales of the QLinear ops.</summary>
        public static readonly IReadOnlyCollection<ElementType> Scale = new[] { ElementType.Float, ElementType.Float16 };

        /// <summary>
        /// The type numpy's promotion gives a mix of two operand types, floating at least: equal floating types stay,
        /// float16 with float is float, anything else (int32 included) is double.
        /// </summary>
        public static ElementType Promote(ElementType a, ElementType b)
        {
            if (a == b && ElementTypes.IsFloatingPoint(a)) return a;
            bool narrow(ElementType t) => t == ElementType.Float || t == ElementType.Float16;
            return narrow(a) && narrow(b) ? ElementType.Float : ElementType.Double;
        }
    }
}

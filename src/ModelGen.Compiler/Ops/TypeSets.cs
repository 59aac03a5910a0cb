using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Ops
{
    /// <summary>Element-type sets that op type constraints use, named as in the ONNX spec.</summary>
    internal static class TypeSets
    {
        public static readonly IReadOnlyCollection<ElementType> Float = new[] { ElementType.Float, ElementType.Double, ElementType.Float16 };

        public static readonly IReadOnlyCollection<ElementType> Integer = new[]
        {
            ElementType.Int8, ElementType.Int16, ElementType.Int32, ElementType.Int64,
            ElementType.UInt8, ElementType.UInt16, ElementType.UInt32, ElementType.UInt64,
        };

        public static readonly IReadOnlyCollection<ElementType> Numeric = new[]
        {
            ElementType.Float, ElementType.Double, ElementType.Float16,
            ElementType.Int8, ElementType.Int16, ElementType.Int32, ElementType.Int64,
            ElementType.UInt8, ElementType.UInt16, ElementType.UInt32, ElementType.UInt64,
        };

        /// <summary>Every element type generated code can hold except the narrow ones (<see cref="Narrow"/>), which only some ops take.</summary>
        public static readonly IReadOnlyCollection<ElementType> Any = new[]
        {
            ElementType.Float, ElementType.Double, ElementType.Float16, ElementType.Bool,
            ElementType.Int8, ElementType.Int16, ElementType.Int32, ElementType.Int64,
            ElementType.UInt8, ElementType.UInt16, ElementType.UInt32, ElementType.UInt64,
        };

        /// <summary>
        /// The types .NET has no counterpart for (ModelGen.Runtime.Numerics structs): conversions read and write them;
        /// other ops take them only where they say so (bfloat16 where they compute it in float).
        /// </summary>
        public static readonly IReadOnlyCollection<ElementType> Narrow = new[]
        {
            ElementType.BFloat16, ElementType.Float8E4M3FN, ElementType.Float8E4M3FNUZ, ElementType.Float8E5M2, ElementType.Float8E5M2FNUZ,
            ElementType.Float8E8M0, ElementType.Float4E2M1, ElementType.Int4, ElementType.UInt4, ElementType.Int2, ElementType.UInt2,
        };

        /// <summary>Float and signed integer types (Neg).</summary>
        public static readonly IReadOnlyCollection<ElementType> Signed = new[]
        {
            ElementType.Float, ElementType.Double, ElementType.Float16, ElementType.Int8, ElementType.Int16, ElementType.Int32, ElementType.Int64,
        };

        public static readonly IReadOnlyCollection<ElementType> Indices = new[] { ElementType.Int32, ElementType.Int64 };

        public static readonly IReadOnlyCollection<ElementType> Int64 = new[] { ElementType.Int64 };

        public static readonly IReadOnlyCollection<ElementType> Bool = new[] { ElementType.Bool };

        /// <summary><see cref="Any"/> and <see cref="Narrow"/>: what Cast, CastLike and ops that only pass values along take.</summary>
        public static readonly IReadOnlyCollection<ElementType> AnyWithNarrow = Any.Concat(Narrow).ToArray();
    }
}

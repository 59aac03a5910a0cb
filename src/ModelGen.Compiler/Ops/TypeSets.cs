using System.Collections.Generic;
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

        /// <summary>Every element type generated code can hold.</summary>
        public static readonly IReadOnlyCollection<ElementType> Any = new[]
        {
            ElementType.Float, ElementType.Double, ElementType.Float16, ElementType.Bool,
            ElementType.Int8, ElementType.Int16, ElementType.Int32, ElementType.Int64,
            ElementType.UInt8, ElementType.UInt16, ElementType.UInt32, ElementType.UInt64,
        };

        /// <summary>Float and signed integer types (Neg).</summary>
        public static readonly IReadOnlyCollection<ElementType> Signed = new[]
        {
            ElementType.Float, ElementType.Double, ElementType.Float16, ElementType.Int8, ElementType.Int16, ElementType.Int32, ElementType.Int64,
        };

        public static readonly IReadOnlyCollection<ElementType> Indices = new[] { ElementType.Int32, ElementType.Int64 };

        public static readonly IReadOnlyCollection<ElementType> Int64 = new[] { ElementType.Int64 };

        public static readonly IReadOnlyCollection<ElementType> Bool = new[] { ElementType.Bool };
    }
}

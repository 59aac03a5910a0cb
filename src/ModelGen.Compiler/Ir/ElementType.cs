namespace ModelGen.Compiler.Ir
{
    /// <summary>Tensor element types, numbered as ONNX's TensorProto.DataType so values read straight off the wire.</summary>
    public enum ElementType
    {
        Undefined = 0,
        Float = 1,
        UInt8 = 2,
        Int8 = 3,
        UInt16 = 4,
        Int16 = 5,
        Int32 = 6,
        Int64 = 7,
        String = 8,
        Bool = 9,
        Float16 = 10,
        Double = 11,
        UInt32 = 12,
        UInt64 = 13,
        Complex64 = 14,
        Complex128 = 15,
        BFloat16 = 16,
        Float8E4M3FN = 17,
        Float8E4M3FNUZ = 18,
        Float8E5M2 = 19,
        Float8E5M2FNUZ = 20,
        UInt4 = 21,
        Int4 = 22,
        Float4E2M1 = 23,
        Float8E8M0 = 24,
        UInt2 = 25,
        Int2 = 26,
    }

    /// <summary>Facts about element types: size, the C# type that holds them, ONNX's name.</summary>
    public static class ElementTypes
    {
        /// <summary>
        /// Size in bytes of one element in memory, or 0 for types with no fixed size (string) or none we know. The 4- and
        /// 2-bit types take a byte each in memory (and in <see cref="TensorData"/>); only ONNX files pack them.
        /// </summary>
        public static int SizeOf(ElementType t)
        {
            // Every narrow type but bfloat16 is one byte per element in memory.
            if (IsNarrow(t) && t != ElementType.BFloat16) return 1;
            switch (t)
            {
                case ElementType.Bool:
                case ElementType.UInt8:
                case ElementType.Int8:
                    return 1;
                case ElementType.UInt16:
                case ElementType.Int16:
                case ElementType.Float16:
                case ElementType.BFloat16:
                    return 2;
                case ElementType.Float:
                case ElementType.Int32:
                case ElementType.UInt32:
                    return 4;
                case ElementType.Double:
                case ElementType.Int64:
                case ElementType.UInt64:
                case ElementType.Complex64:
                    return 8;
                case ElementType.Complex128:
                    return 16;
                default:
                    return 0;
            }
        }

        /// <summary>The C# type generated code uses for this element type, or null when generated code cannot hold it yet.</summary>
        public static string? CSharpName(ElementType t)
        {
            // The narrow types are the structs of the same names in ModelGen.Runtime.Numerics.
            if (IsNarrow(t)) return "global::ModelGen.Runtime.Numerics." + t;
            switch (t)
            {
                case ElementType.Float: return "float";
                case ElementType.Double: return "double";
                case ElementType.Float16: return "global::System.Half";
                case ElementType.Int64: return "long";
                case ElementType.Int32: return "int";
                case ElementType.Int16: return "short";
                case ElementType.Int8: return "sbyte";
                case ElementType.UInt64: return "ulong";
                case ElementType.UInt32: return "uint";
                case ElementType.UInt16: return "ushort";
                case ElementType.UInt8: return "byte";
                case ElementType.Bool: return "bool";
                case ElementType.String: return "string";
                default: return null;
            }
        }

        /// <summary>ONNX's lower-case name, as used in its docs ("float", "int64", ...).</summary>
        public static string OnnxName(ElementType t)
        {
            switch (t)
            {
                case ElementType.Float16: return "float16";
                case ElementType.BFloat16: return "bfloat16";
                case ElementType.UInt8: return "uint8";
                case ElementType.UInt16: return "uint16";
                case ElementType.UInt32: return "uint32";
                case ElementType.UInt64: return "uint64";
                case ElementType.Int8: return "int8";
                case ElementType.Int16: return "int16";
                case ElementType.Int32: return "int32";
                case ElementType.Int64: return "int64";
                default: return t.ToString().ToLowerInvariant();
            }
        }

        /// <summary>Bits per element in ONNX files: 4 and 2 for the packed types, 8 × <see cref="SizeOf"/> otherwise.</summary>
        public static int PackedBits(ElementType t) =>
            t == ElementType.Int4 || t == ElementType.UInt4 || t == ElementType.Float4E2M1 ? 4
            : t == ElementType.Int2 || t == ElementType.UInt2 ? 2
            : 8 * SizeOf(t);

        /// <summary>
        /// The element types with no .NET counterpart, held as ModelGen.Runtime.Numerics structs that only conversions
        /// (Cast, CastLike, QuantizeLinear, DequantizeLinear) read and write, plus bfloat16 where ops compute it in float.
        /// </summary>
        public static bool IsNarrow(ElementType t) => t >= ElementType.BFloat16 && t <= ElementType.Int2;

        /// <summary>The narrow integer types (int4, uint4, int2, uint2): they convert through integers and wrap.</summary>
        public static bool IsNarrowInteger(ElementType t) =>
            t == ElementType.Int4 || t == ElementType.UInt4 || t == ElementType.Int2 || t == ElementType.UInt2;

        /// <summary>The narrow floating-point types: bfloat16, the float8 family and float4e2m1.</summary>
        public static bool IsNarrowFloat(ElementType t) => IsNarrow(t) && !IsNarrowInteger(t);

        public static bool IsFloatingPoint(ElementType t) =>
            t == ElementType.Float || t == ElementType.Double || t == ElementType.Float16 || t == ElementType.BFloat16;

        public static bool IsSigned(ElementType t) =>
            t == ElementType.Int8 || t == ElementType.Int16 || t == ElementType.Int32 || t == ElementType.Int64 || t == ElementType.Int4 || t == ElementType.Int2;

        /// <summary>Parses ONNX's lower-case name ("float", "int64", "float16"...) as <see cref="OnnxName"/> writes it.</summary>
        public static bool TryParse(string name, out ElementType type)
        {
            foreach (ElementType t in System.Enum.GetValues(typeof(ElementType)))
                if (t != ElementType.Undefined && OnnxName(t) == name) { type = t; return true; }
            type = ElementType.Undefined;
            return false;
        }

        public static bool IsInteger(ElementType t) =>
            t == ElementType.Int8 || t == ElementType.Int16 || t == ElementType.Int32 || t == ElementType.Int64 ||
            t == ElementType.UInt8 || t == ElementType.UInt16 || t == ElementType.UInt32 || t == ElementType.UInt64;
    }
}

namespace ModelGen.Compiler.Writing
{
    /// <summary>
    /// ONNX tensor element types, numbered exactly as <c>TensorProto.DataType</c> in onnx.proto,
    /// so a value can be cast to and from the wire number.
    /// </summary>
    public enum OnnxElementType
    {
        /// <summary>No type given.</summary>
        Undefined = 0,
        /// <summary>32-bit IEEE float.</summary>
        Float = 1,
        /// <summary>Unsigned 8-bit integer.</summary>
        UInt8 = 2,
        /// <summary>Signed 8-bit integer.</summary>
        Int8 = 3,
        /// <summary>Unsigned 16-bit integer.</summary>
        UInt16 = 4,
        /// <summary>Signed 16-bit integer.</summary>
        Int16 = 5,
        /// <summary>Signed 32-bit integer.</summary>
        Int32 = 6,
        /// <summary>Signed 64-bit integer.</summary>
        Int64 = 7,
        /// <summary>UTF-8 string.</summary>
        String = 8,
        /// <summary>Boolean, one byte per element.</summary>
        Bool = 9,
        /// <summary>16-bit IEEE half-precision float.</summary>
        Float16 = 10,
        /// <summary>64-bit IEEE float.</summary>
        Double = 11,
        /// <summary>Unsigned 32-bit integer.</summary>
        UInt32 = 12,
        /// <summary>Unsigned 64-bit integer.</summary>
        UInt64 = 13,
        /// <summary>Complex number of two 32-bit floats.</summary>
        Complex64 = 14,
        /// <summary>Complex number of two 64-bit floats.</summary>
        Complex128 = 15,
        /// <summary>Brain floating point (8-bit exponent, 7-bit mantissa).</summary>
        BFloat16 = 16,
    }
}

namespace ModelGen.Runtime.Numerics;

/// <summary>
/// What the conversion kernels need of a narrow element type (bfloat16, float8, float4, int4, int2): .NET has no such
/// types, so each is a one- or two-byte struct holding its bits, and kernels convert through double (every narrow
/// value is exactly a double) or, for the integer ones, through long. Static abstract members keep the kernels
/// generic without boxing or reflection, and NativeAOT specialises them per struct.
/// </summary>
/// <typeparam name="TSelf">The struct itself.</typeparam>
public interface INarrowNumber<TSelf> where TSelf : unmanaged, INarrowNumber<TSelf>
{
    /// <summary>True for the integer types (int4, uint4, int2, uint2), which convert through long.</summary>
    static abstract bool IsInteger { get; }

    /// <summary>
    /// The value nearest <paramref name="value"/> (ties to even). Out of range, <paramref name="saturate"/> clamps to the
    /// largest finite value; otherwise it becomes infinity or NaN as ONNX Cast's tables say. Integer types truncate
    /// toward zero and wrap, as <see cref="FromInt64"/> does.
    /// </summary>
    static abstract TSelf FromDouble(double value, bool saturate);

    /// <summary>
    /// <paramref name="value"/> as this type: integer types keep its low bits (two's complement wrap, as ONNX Cast
    /// between integers does); floating types round it as <see cref="FromDouble"/> with saturation.
    /// </summary>
    static abstract TSelf FromInt64(long value);

    /// <summary>The smallest finite value (for QuantizeLinear's clamp).</summary>
    static abstract double MinValue { get; }

    /// <summary>The largest finite value.</summary>
    static abstract double MaxValue { get; }

    /// <summary>The exact value.</summary>
    static abstract double ToDouble(TSelf value);

    /// <summary>The value as a long: exact for integer types; floating types truncate toward zero (NaN gives 0).</summary>
    static abstract long ToInt64(TSelf value);
}

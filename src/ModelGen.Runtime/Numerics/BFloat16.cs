using System;
using System.Globalization;

namespace ModelGen.Runtime.Numerics;

/// <summary>
/// ONNX bfloat16: the top 16 bits of an IEEE float (sign, 8 exponent bits, 7 mantissa bits), so it has float's range
/// with 8 bits of precision. Converting from float rounds to nearest, ties to even; NaN stays NaN (quiet) and values
/// beyond the largest finite one become infinity (ONNX's 'saturate' applies to float8 only).
/// </summary>
public readonly struct BFloat16 : INarrowNumber<BFloat16>, IEquatable<BFloat16>
{
    private BFloat16(ushort bits) => Bits = bits;

    /// <summary>The raw bits, as ONNX stores them.</summary>
    public ushort Bits { get; }

    /// <summary>The value whose raw bits are <paramref name="bits"/>.</summary>
    public static BFloat16 FromBits(ushort bits) => new BFloat16(bits);

    /// <summary>The nearest bfloat16 (ties to even).</summary>
    public static BFloat16 FromFloat(float value) => new BFloat16((ushort)NarrowCodec.FromDouble(value, NarrowCodec.BFloat16, false));

    /// <summary>Exact: bfloat16 is float with the low 16 mantissa bits zero.</summary>
    public float ToFloat() => BitConverter.Int32BitsToSingle(Bits << 16);

    /// <summary>The nearest value, as <c>FromFloat</c> converts (saturating where the type can).</summary>
    public static explicit operator BFloat16(float value) => FromFloat(value);
    /// <summary>The value (exact).</summary>
    public static explicit operator float(BFloat16 value) => value.ToFloat();

    static bool INarrowNumber<BFloat16>.IsInteger => false;
    static double INarrowNumber<BFloat16>.MinValue => -3.3895313892515355E+38;
    static double INarrowNumber<BFloat16>.MaxValue => 3.3895313892515355E+38;
    static BFloat16 INarrowNumber<BFloat16>.FromDouble(double value, bool saturate) => new BFloat16((ushort)NarrowCodec.FromDouble(value, NarrowCodec.BFloat16, false));
    static BFloat16 INarrowNumber<BFloat16>.FromInt64(long value) => new BFloat16((ushort)NarrowCodec.FromDouble(value, NarrowCodec.BFloat16, false));
    static double INarrowNumber<BFloat16>.ToDouble(BFloat16 value) => value.ToFloat();
    static long INarrowNumber<BFloat16>.ToInt64(BFloat16 value) => NarrowMath.Truncate(value.ToFloat());

    /// <summary>Equal values (NaN equals NaN, as double.Equals has it; +0 equals -0).</summary>
    public bool Equals(BFloat16 other) => ToFloat().Equals(other.ToFloat());
    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is BFloat16 other && Equals(other);
    /// <inheritdoc/>
    public override int GetHashCode() => ToFloat().GetHashCode();
    /// <summary>Equal values (NaN equals nothing).</summary>
    public static bool operator ==(BFloat16 a, BFloat16 b) => a.ToFloat() == b.ToFloat();
    /// <summary>Unequal values (NaN is unequal to everything).</summary>
    public static bool operator !=(BFloat16 a, BFloat16 b) => a.ToFloat() != b.ToFloat();
    /// <inheritdoc/>
    public override string ToString() => ToFloat().ToString(CultureInfo.InvariantCulture);
}

/// <summary>Helpers the narrow structs share.</summary>
internal static class NarrowMath
{
    /// <summary>Truncation toward zero as long, NaN as 0 and out-of-range values clamped (as .NET's saturating conversion).</summary>
    public static long Truncate(double value) => long.CreateSaturating(value);
}

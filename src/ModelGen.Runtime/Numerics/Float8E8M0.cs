using System;
using System.Globalization;

namespace ModelGen.Runtime.Numerics;

/// <summary>How a conversion to <see cref="Float8E8M0"/> rounds a value between two powers of two (ONNX Cast's round_mode).</summary>
public enum E8M0Rounding
{
    /// <summary>To the power above ("up", ONNX's default and the CUDA behaviour).</summary>
    Up = NarrowCodec.RoundUp,
    /// <summary>To the power below ("down").</summary>
    Down = NarrowCodec.RoundDown,
    /// <summary>To the nearer power ("nearest").</summary>
    Nearest = NarrowCodec.RoundNearest,
}

/// <summary>
/// ONNX float8e8m0 (the OCP microscaling scale type): 8 exponent bits, no sign and no mantissa, value 2^(bits − 127);
/// 0xFF is NaN, and there is no zero or infinity. Converting from float takes the float's exponent, rounded by its
/// mantissa per <see cref="E8M0Rounding"/>; NaN and infinity give NaN, and saturation stops rounding at 2^127.
/// Negative input is undefined in ONNX; its sign is ignored here, as in ONNX's reference.
/// </summary>
public readonly struct Float8E8M0 : INarrowNumber<Float8E8M0>, IEquatable<Float8E8M0>
{
    private Float8E8M0(byte bits) => Bits = bits;

    /// <summary>The raw bits, as ONNX stores them.</summary>
    public byte Bits { get; }

    /// <summary>The value whose raw bits are <paramref name="bits"/>.</summary>
    public static Float8E8M0 FromBits(byte bits) => new Float8E8M0(bits);

    /// <summary>The power of two <paramref name="value"/> rounds to.</summary>
    public static Float8E8M0 FromFloat(float value, bool saturate = true, E8M0Rounding rounding = E8M0Rounding.Up) =>
        new Float8E8M0((byte)NarrowCodec.E8M0FromSingleBits(BitConverter.SingleToInt32Bits(value), saturate, (int)rounding));

    /// <summary>Exact (2^-127 is a float subnormal).</summary>
    public float ToFloat() => (float)NarrowCodec.E8M0ToDouble(Bits);

    /// <summary>Saturating, rounding up: ONNX Cast's defaults.</summary>
    public static explicit operator Float8E8M0(float value) => FromFloat(value);
    /// <summary>The value (exact).</summary>
    public static explicit operator float(Float8E8M0 value) => value.ToFloat();

    static bool INarrowNumber<Float8E8M0>.IsInteger => false;
    static double INarrowNumber<Float8E8M0>.MinValue => 5.8774717541114375E-39;
    static double INarrowNumber<Float8E8M0>.MaxValue => 1.7014118346046923E+38;
    static Float8E8M0 INarrowNumber<Float8E8M0>.FromDouble(double value, bool saturate) => FromFloat((float)value, saturate);
    static Float8E8M0 INarrowNumber<Float8E8M0>.FromInt64(long value) => FromFloat(value);
    static double INarrowNumber<Float8E8M0>.ToDouble(Float8E8M0 value) => NarrowCodec.E8M0ToDouble(value.Bits);
    static long INarrowNumber<Float8E8M0>.ToInt64(Float8E8M0 value) => NarrowMath.Truncate(NarrowCodec.E8M0ToDouble(value.Bits));

    /// <summary>Equal bits (each value has one pattern; NaN equals NaN).</summary>
    public bool Equals(Float8E8M0 other) => Bits == other.Bits;
    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Float8E8M0 other && Equals(other);
    /// <inheritdoc/>
    public override int GetHashCode() => Bits;
    /// <summary>Equal values (NaN equals nothing).</summary>
    public static bool operator ==(Float8E8M0 a, Float8E8M0 b) => a.Bits == b.Bits && a.Bits != 0xFF;
    /// <summary>Unequal values (NaN is unequal to everything).</summary>
    public static bool operator !=(Float8E8M0 a, Float8E8M0 b) => !(a == b);
    /// <inheritdoc/>
    public override string ToString() => ToFloat().ToString(CultureInfo.InvariantCulture);
}

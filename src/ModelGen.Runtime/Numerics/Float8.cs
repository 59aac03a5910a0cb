using System;
using System.Globalization;

namespace ModelGen.Runtime.Numerics;

/// <summary>
/// ONNX float8e4m3fn: 4 exponent bits (bias 7), 3 mantissa bits, no infinity; only S.1111.111 is NaN, which is why the largest finite value is 448 (S.1111.110).
/// Converting from float rounds to nearest, ties to even; out of range it saturates to the largest finite value, or
/// with saturate=false becomes infinity where the type has one and NaN where it does not (ONNX Cast's float8 tables).
/// </summary>
public readonly struct Float8E4M3FN : INarrowNumber<Float8E4M3FN>, IEquatable<Float8E4M3FN>
{
    private Float8E4M3FN(byte bits) => Bits = bits;

    /// <summary>The raw bits, as ONNX stores them.</summary>
    public byte Bits { get; }

    /// <summary>The value whose raw bits are <paramref name="bits"/>.</summary>
    public static Float8E4M3FN FromBits(byte bits) => new Float8E4M3FN(bits);

    /// <summary>The nearest value (ties to even); out of range it saturates, or with <paramref name="saturate"/> false becomes inf/NaN.</summary>
    public static Float8E4M3FN FromFloat(float value, bool saturate = true) => new Float8E4M3FN((byte)NarrowCodec.FromDouble(value, NarrowCodec.Float8E4M3FN, saturate));

    /// <summary>Exact.</summary>
    public float ToFloat() => (float)NarrowCodec.ToDouble(Bits, NarrowCodec.Float8E4M3FN);

    /// <summary>Saturating, as ONNX Cast's default (saturate=1).</summary>
    public static explicit operator Float8E4M3FN(float value) => FromFloat(value);
    /// <summary>The value (exact).</summary>
    public static explicit operator float(Float8E4M3FN value) => value.ToFloat();

    static bool INarrowNumber<Float8E4M3FN>.IsInteger => false;
    static double INarrowNumber<Float8E4M3FN>.MinValue => -448;
    static double INarrowNumber<Float8E4M3FN>.MaxValue => 448;
    static Float8E4M3FN INarrowNumber<Float8E4M3FN>.FromDouble(double value, bool saturate) => new Float8E4M3FN((byte)NarrowCodec.FromDouble(value, NarrowCodec.Float8E4M3FN, saturate));
    static Float8E4M3FN INarrowNumber<Float8E4M3FN>.FromInt64(long value) => new Float8E4M3FN((byte)NarrowCodec.FromDouble(value, NarrowCodec.Float8E4M3FN, true));
    static double INarrowNumber<Float8E4M3FN>.ToDouble(Float8E4M3FN value) => NarrowCodec.ToDouble(value.Bits, NarrowCodec.Float8E4M3FN);
    static long INarrowNumber<Float8E4M3FN>.ToInt64(Float8E4M3FN value) => NarrowMath.Truncate(NarrowCodec.ToDouble(value.Bits, NarrowCodec.Float8E4M3FN));

    /// <summary>Equal values (NaN equals NaN, as double.Equals has it; +0 equals -0).</summary>
    public bool Equals(Float8E4M3FN other) => ToFloat().Equals(other.ToFloat());
    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Float8E4M3FN other && Equals(other);
    /// <inheritdoc/>
    public override int GetHashCode() => ToFloat().GetHashCode();
    /// <summary>Equal values (NaN equals nothing).</summary>
    public static bool operator ==(Float8E4M3FN a, Float8E4M3FN b) => a.ToFloat() == b.ToFloat();
    /// <summary>Unequal values (NaN is unequal to everything).</summary>
    public static bool operator !=(Float8E4M3FN a, Float8E4M3FN b) => a.ToFloat() != b.ToFloat();
    /// <inheritdoc/>
    public override string ToString() => ToFloat().ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// ONNX float8e4m3fnuz: 4 exponent bits (bias 8), 3 mantissa bits, no infinity and no negative zero: 0x80, the pattern -0 would have, is the only NaN; the largest finite value is 240.
/// Converting from float rounds to nearest, ties to even; out of range it saturates to the largest finite value, or
/// with saturate=false becomes infinity where the type has one and NaN where it does not (ONNX Cast's float8 tables).
/// </summary>
public readonly struct Float8E4M3FNUZ : INarrowNumber<Float8E4M3FNUZ>, IEquatable<Float8E4M3FNUZ>
{
    private Float8E4M3FNUZ(byte bits) => Bits = bits;

    /// <summary>The raw bits, as ONNX stores them.</summary>
    public byte Bits { get; }

    /// <summary>The value whose raw bits are <paramref name="bits"/>.</summary>
    public static Float8E4M3FNUZ FromBits(byte bits) => new Float8E4M3FNUZ(bits);

    /// <summary>The nearest value (ties to even); out of range it saturates, or with <paramref name="saturate"/> false becomes inf/NaN.</summary>
    public static Float8E4M3FNUZ FromFloat(float value, bool saturate = true) => new Float8E4M3FNUZ((byte)NarrowCodec.FromDouble(value, NarrowCodec.Float8E4M3FNUZ, saturate));

    /// <summary>Exact.</summary>
    public float ToFloat() => (float)NarrowCodec.ToDouble(Bits, NarrowCodec.Float8E4M3FNUZ);

    /// <summary>Saturating, as ONNX Cast's default (saturate=1).</summary>
    public static explicit operator Float8E4M3FNUZ(float value) => FromFloat(value);
    /// <summary>The value (exact).</summary>
    public static explicit operator float(Float8E4M3FNUZ value) => value.ToFloat();

    static bool INarrowNumber<Float8E4M3FNUZ>.IsInteger => false;
    static double INarrowNumber<Float8E4M3FNUZ>.MinValue => -240;
    static double INarrowNumber<Float8E4M3FNUZ>.MaxValue => 240;
    static Float8E4M3FNUZ INarrowNumber<Float8E4M3FNUZ>.FromDouble(double value, bool saturate) => new Float8E4M3FNUZ((byte)NarrowCodec.FromDouble(value, NarrowCodec.Float8E4M3FNUZ, saturate));
    static Float8E4M3FNUZ INarrowNumber<Float8E4M3FNUZ>.FromInt64(long value) => new Float8E4M3FNUZ((byte)NarrowCodec.FromDouble(value, NarrowCodec.Float8E4M3FNUZ, true));
    static double INarrowNumber<Float8E4M3FNUZ>.ToDouble(Float8E4M3FNUZ value) => NarrowCodec.ToDouble(value.Bits, NarrowCodec.Float8E4M3FNUZ);
    static long INarrowNumber<Float8E4M3FNUZ>.ToInt64(Float8E4M3FNUZ value) => NarrowMath.Truncate(NarrowCodec.ToDouble(value.Bits, NarrowCodec.Float8E4M3FNUZ));

    /// <summary>Equal values (NaN equals NaN, as double.Equals has it; +0 equals -0).</summary>
    public bool Equals(Float8E4M3FNUZ other) => ToFloat().Equals(other.ToFloat());
    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Float8E4M3FNUZ other && Equals(other);
    /// <inheritdoc/>
    public override int GetHashCode() => ToFloat().GetHashCode();
    /// <summary>Equal values (NaN equals nothing).</summary>
    public static bool operator ==(Float8E4M3FNUZ a, Float8E4M3FNUZ b) => a.ToFloat() == b.ToFloat();
    /// <summary>Unequal values (NaN is unequal to everything).</summary>
    public static bool operator !=(Float8E4M3FNUZ a, Float8E4M3FNUZ b) => a.ToFloat() != b.ToFloat();
    /// <inheritdoc/>
    public override string ToString() => ToFloat().ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// ONNX float8e5m2: 5 exponent bits (bias 15), 2 mantissa bits, IEEE-like (infinities and NaNs at the top exponent); the largest finite value is 57344.
/// Converting from float rounds to nearest, ties to even; out of range it saturates to the largest finite value, or
/// with saturate=false becomes infinity where the type has one and NaN where it does not (ONNX Cast's float8 tables).
/// </summary>
public readonly struct Float8E5M2 : INarrowNumber<Float8E5M2>, IEquatable<Float8E5M2>
{
    private Float8E5M2(byte bits) => Bits = bits;

    /// <summary>The raw bits, as ONNX stores them.</summary>
    public byte Bits { get; }

    /// <summary>The value whose raw bits are <paramref name="bits"/>.</summary>
    public static Float8E5M2 FromBits(byte bits) => new Float8E5M2(bits);

    /// <summary>The nearest value (ties to even); out of range it saturates, or with <paramref name="saturate"/> false becomes inf/NaN.</summary>
    public static Float8E5M2 FromFloat(float value, bool saturate = true) => new Float8E5M2((byte)NarrowCodec.FromDouble(value, NarrowCodec.Float8E5M2, saturate));

    /// <summary>Exact.</summary>
    public float ToFloat() => (float)NarrowCodec.ToDouble(Bits, NarrowCodec.Float8E5M2);

    /// <summary>Saturating, as ONNX Cast's default (saturate=1).</summary>
    public static explicit operator Float8E5M2(float value) => FromFloat(value);
    /// <summary>The value (exact).</summary>
    public static explicit operator float(Float8E5M2 value) => value.ToFloat();

    static bool INarrowNumber<Float8E5M2>.IsInteger => false;
    static double INarrowNumber<Float8E5M2>.MinValue => -57344;
    static double INarrowNumber<Float8E5M2>.MaxValue => 57344;
    static Float8E5M2 INarrowNumber<Float8E5M2>.FromDouble(double value, bool saturate) => new Float8E5M2((byte)NarrowCodec.FromDouble(value, NarrowCodec.Float8E5M2, saturate));
    static Float8E5M2 INarrowNumber<Float8E5M2>.FromInt64(long value) => new Float8E5M2((byte)NarrowCodec.FromDouble(value, NarrowCodec.Float8E5M2, true));
    static double INarrowNumber<Float8E5M2>.ToDouble(Float8E5M2 value) => NarrowCodec.ToDouble(value.Bits, NarrowCodec.Float8E5M2);
    static long INarrowNumber<Float8E5M2>.ToInt64(Float8E5M2 value) => NarrowMath.Truncate(NarrowCodec.ToDouble(value.Bits, NarrowCodec.Float8E5M2));

    /// <summary>Equal values (NaN equals NaN, as double.Equals has it; +0 equals -0).</summary>
    public bool Equals(Float8E5M2 other) => ToFloat().Equals(other.ToFloat());
    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Float8E5M2 other && Equals(other);
    /// <inheritdoc/>
    public override int GetHashCode() => ToFloat().GetHashCode();
    /// <summary>Equal values (NaN equals nothing).</summary>
    public static bool operator ==(Float8E5M2 a, Float8E5M2 b) => a.ToFloat() == b.ToFloat();
    /// <summary>Unequal values (NaN is unequal to everything).</summary>
    public static bool operator !=(Float8E5M2 a, Float8E5M2 b) => a.ToFloat() != b.ToFloat();
    /// <inheritdoc/>
    public override string ToString() => ToFloat().ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// ONNX float8e5m2fnuz: 5 exponent bits (bias 16), 2 mantissa bits, no infinity and no negative zero: 0x80 is the only NaN; the largest finite value is 57344.
/// Converting from float rounds to nearest, ties to even; out of range it saturates to the largest finite value, or
/// with saturate=false becomes infinity where the type has one and NaN where it does not (ONNX Cast's float8 tables).
/// </summary>
public readonly struct Float8E5M2FNUZ : INarrowNumber<Float8E5M2FNUZ>, IEquatable<Float8E5M2FNUZ>
{
    private Float8E5M2FNUZ(byte bits) => Bits = bits;

    /// <summary>The raw bits, as ONNX stores them.</summary>
    public byte Bits { get; }

    /// <summary>The value whose raw bits are <paramref name="bits"/>.</summary>
    public static Float8E5M2FNUZ FromBits(byte bits) => new Float8E5M2FNUZ(bits);

    /// <summary>The nearest value (ties to even); out of range it saturates, or with <paramref name="saturate"/> false becomes inf/NaN.</summary>
    public static Float8E5M2FNUZ FromFloat(float value, bool saturate = true) => new Float8E5M2FNUZ((byte)NarrowCodec.FromDouble(value, NarrowCodec.Float8E5M2FNUZ, saturate));

    /// <summary>Exact.</summary>
    public float ToFloat() => (float)NarrowCodec.ToDouble(Bits, NarrowCodec.Float8E5M2FNUZ);

    /// <summary>Saturating, as ONNX Cast's default (saturate=1).</summary>
    public static explicit operator Float8E5M2FNUZ(float value) => FromFloat(value);
    /// <summary>The value (exact).</summary>
    public static explicit operator float(Float8E5M2FNUZ value) => value.ToFloat();

    static bool INarrowNumber<Float8E5M2FNUZ>.IsInteger => false;
    static double INarrowNumber<Float8E5M2FNUZ>.MinValue => -57344;
    static double INarrowNumber<Float8E5M2FNUZ>.MaxValue => 57344;
    static Float8E5M2FNUZ INarrowNumber<Float8E5M2FNUZ>.FromDouble(double value, bool saturate) => new Float8E5M2FNUZ((byte)NarrowCodec.FromDouble(value, NarrowCodec.Float8E5M2FNUZ, saturate));
    static Float8E5M2FNUZ INarrowNumber<Float8E5M2FNUZ>.FromInt64(long value) => new Float8E5M2FNUZ((byte)NarrowCodec.FromDouble(value, NarrowCodec.Float8E5M2FNUZ, true));
    static double INarrowNumber<Float8E5M2FNUZ>.ToDouble(Float8E5M2FNUZ value) => NarrowCodec.ToDouble(value.Bits, NarrowCodec.Float8E5M2FNUZ);
    static long INarrowNumber<Float8E5M2FNUZ>.ToInt64(Float8E5M2FNUZ value) => NarrowMath.Truncate(NarrowCodec.ToDouble(value.Bits, NarrowCodec.Float8E5M2FNUZ));

    /// <summary>Equal values (NaN equals NaN, as double.Equals has it; +0 equals -0).</summary>
    public bool Equals(Float8E5M2FNUZ other) => ToFloat().Equals(other.ToFloat());
    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Float8E5M2FNUZ other && Equals(other);
    /// <inheritdoc/>
    public override int GetHashCode() => ToFloat().GetHashCode();
    /// <summary>Equal values (NaN equals nothing).</summary>
    public static bool operator ==(Float8E5M2FNUZ a, Float8E5M2FNUZ b) => a.ToFloat() == b.ToFloat();
    /// <summary>Unequal values (NaN is unequal to everything).</summary>
    public static bool operator !=(Float8E5M2FNUZ a, Float8E5M2FNUZ b) => a.ToFloat() != b.ToFloat();
    /// <inheritdoc/>
    public override string ToString() => ToFloat().ToString(CultureInfo.InvariantCulture);
}

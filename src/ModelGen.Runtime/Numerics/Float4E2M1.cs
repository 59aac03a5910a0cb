using System;
using System.Globalization;

namespace ModelGen.Runtime.Numerics;

/// <summary>
/// ONNX float4e2m1 (OCP microscaling): sign, 2 exponent bits (bias 1), 1 mantissa bit; the values are 0, 0.5, 1, 1.5,
/// 2, 3, 4, 6 and their negatives, with no infinity or NaN. Held unpacked, one element per byte in the low 4 bits;
/// tensors pack two per byte only when serialised. Converting from float rounds to nearest, ties to even, and always
/// saturates at ±6 (infinities included). NaN has no pattern: it becomes 0x8 (-0), as ml_dtypes, which generates
/// ONNX's expected outputs, converts it.
/// </summary>
public readonly struct Float4E2M1 : INarrowNumber<Float4E2M1>, IEquatable<Float4E2M1>
{
    private Float4E2M1(byte bits) => Bits = bits;

    /// <summary>The raw bits, in the low 4 bits.</summary>
    public byte Bits { get; }

    /// <summary>The value whose raw bits are the low 4 bits of <paramref name="bits"/>.</summary>
    public static Float4E2M1 FromBits(byte bits) => new Float4E2M1((byte)(bits & 0xF));

    /// <summary>The nearest value (ties to even), saturating at ±6.</summary>
    public static Float4E2M1 FromFloat(float value) => new Float4E2M1((byte)NarrowCodec.FromDouble(value, NarrowCodec.Float4E2M1, true));

    /// <summary>Exact.</summary>
    public float ToFloat() => (float)NarrowCodec.ToDouble(Bits, NarrowCodec.Float4E2M1);

    /// <summary>The nearest value, as <c>FromFloat</c> converts (saturating where the type can).</summary>
    public static explicit operator Float4E2M1(float value) => FromFloat(value);
    /// <summary>The value (exact).</summary>
    public static explicit operator float(Float4E2M1 value) => value.ToFloat();

    static bool INarrowNumber<Float4E2M1>.IsInteger => false;
    static double INarrowNumber<Float4E2M1>.MinValue => -6;
    static double INarrowNumber<Float4E2M1>.MaxValue => 6;
    static Float4E2M1 INarrowNumber<Float4E2M1>.FromDouble(double value, bool saturate) => new Float4E2M1((byte)NarrowCodec.FromDouble(value, NarrowCodec.Float4E2M1, true));
    static Float4E2M1 INarrowNumber<Float4E2M1>.FromInt64(long value) => new Float4E2M1((byte)NarrowCodec.FromDouble(value, NarrowCodec.Float4E2M1, true));
    static double INarrowNumber<Float4E2M1>.ToDouble(Float4E2M1 value) => NarrowCodec.ToDouble(value.Bits, NarrowCodec.Float4E2M1);
    static long INarrowNumber<Float4E2M1>.ToInt64(Float4E2M1 value) => NarrowMath.Truncate(NarrowCodec.ToDouble(value.Bits, NarrowCodec.Float4E2M1));

    /// <summary>Equal values (+0 equals -0).</summary>
    public bool Equals(Float4E2M1 other) => ToFloat().Equals(other.ToFloat());
    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Float4E2M1 other && Equals(other);
    /// <inheritdoc/>
    public override int GetHashCode() => ToFloat().GetHashCode();
    /// <summary>Equal values (NaN equals nothing).</summary>
    public static bool operator ==(Float4E2M1 a, Float4E2M1 b) => a.ToFloat() == b.ToFloat();
    /// <summary>Unequal values (NaN is unequal to everything).</summary>
    public static bool operator !=(Float4E2M1 a, Float4E2M1 b) => a.ToFloat() != b.ToFloat();
    /// <inheritdoc/>
    public override string ToString() => ToFloat().ToString(CultureInfo.InvariantCulture);
}

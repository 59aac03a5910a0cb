using System;
using System.Globalization;

namespace ModelGen.Runtime.Numerics;

/// <summary>
/// ONNX int4: a 4-bit signed (two's complement) integer, -8..7. Held unpacked, one element per byte with the 4-bit
/// pattern in the low bits; tensors pack 2 per byte only when serialised. Conversions wrap (keep the low 4 bits),
/// as ONNX Cast between integer types does; floats truncate toward zero first.
/// </summary>
public readonly struct Int4 : INarrowNumber<Int4>, IEquatable<Int4>
{
    private Int4(byte bits) => Bits = bits;

    /// <summary>The raw 4-bit pattern, in the low bits.</summary>
    public byte Bits { get; }

    /// <summary>The value whose pattern is the low 4 bits of <paramref name="bits"/>.</summary>
    public static Int4 FromBits(byte bits) => new Int4((byte)(bits & 0xF));

    /// <summary>The low 4 bits of <paramref name="value"/>.</summary>
    public static Int4 Wrap(long value) => new Int4((byte)(value & 0xF));

    /// <summary>The value, -8..7.</summary>
    public int Value => unchecked((sbyte)(Bits << 4)) >> 4;

    /// <summary>The low bits of <paramref name="value"/>.</summary>
    public static explicit operator Int4(int value) => Wrap(value);
    /// <summary>The value (exact).</summary>
    public static implicit operator int(Int4 value) => value.Value;
    /// <summary>The nearest value, as <c>FromFloat</c> converts (saturating where the type can).</summary>
    public static explicit operator Int4(float value) => Wrap(NarrowMath.Truncate(value));
    /// <summary>The value (exact).</summary>
    public static explicit operator float(Int4 value) => value.Value;

    static bool INarrowNumber<Int4>.IsInteger => true;
    static double INarrowNumber<Int4>.MinValue => -8;
    static double INarrowNumber<Int4>.MaxValue => 7;
    static Int4 INarrowNumber<Int4>.FromDouble(double value, bool saturate) => Wrap(NarrowMath.Truncate(value));
    static Int4 INarrowNumber<Int4>.FromInt64(long value) => Wrap(value);
    static double INarrowNumber<Int4>.ToDouble(Int4 value) => value.Value;
    static long INarrowNumber<Int4>.ToInt64(Int4 value) => value.Value;

    /// <inheritdoc/>
    public bool Equals(Int4 other) => Bits == other.Bits;
    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Int4 other && Equals(other);
    /// <inheritdoc/>
    public override int GetHashCode() => Bits;
    /// <summary>Equal values.</summary>
    public static bool operator ==(Int4 a, Int4 b) => a.Bits == b.Bits;
    /// <summary>Unequal values.</summary>
    public static bool operator !=(Int4 a, Int4 b) => a.Bits != b.Bits;
    /// <inheritdoc/>
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// ONNX uint4: a 4-bit unsigned integer, 0..15. Held unpacked, one element per byte with the 4-bit
/// pattern in the low bits; tensors pack 2 per byte only when serialised. Conversions wrap (keep the low 4 bits),
/// as ONNX Cast between integer types does; floats truncate toward zero first.
/// </summary>
public readonly struct UInt4 : INarrowNumber<UInt4>, IEquatable<UInt4>
{
    private UInt4(byte bits) => Bits = bits;

    /// <summary>The raw 4-bit pattern, in the low bits.</summary>
    public byte Bits { get; }

    /// <summary>The value whose pattern is the low 4 bits of <paramref name="bits"/>.</summary>
    public static UInt4 FromBits(byte bits) => new UInt4((byte)(bits & 0xF));

    /// <summary>The low 4 bits of <paramref name="value"/>.</summary>
    public static UInt4 Wrap(long value) => new UInt4((byte)(value & 0xF));

    /// <summary>The value, 0..15.</summary>
    public int Value => Bits;

    /// <summary>The low bits of <paramref name="value"/>.</summary>
    public static explicit operator UInt4(int value) => Wrap(value);
    /// <summary>The value (exact).</summary>
    public static implicit operator int(UInt4 value) => value.Value;
    /// <summary>The nearest value, as <c>FromFloat</c> converts (saturating where the type can).</summary>
    public static explicit operator UInt4(float value) => Wrap(NarrowMath.Truncate(value));
    /// <summary>The value (exact).</summary>
    public static explicit operator float(UInt4 value) => value.Value;

    static bool INarrowNumber<UInt4>.IsInteger => true;
    static double INarrowNumber<UInt4>.MinValue => 0;
    static double INarrowNumber<UInt4>.MaxValue => 15;
    static UInt4 INarrowNumber<UInt4>.FromDouble(double value, bool saturate) => Wrap(NarrowMath.Truncate(value));
    static UInt4 INarrowNumber<UInt4>.FromInt64(long value) => Wrap(value);
    static double INarrowNumber<UInt4>.ToDouble(UInt4 value) => value.Value;
    static long INarrowNumber<UInt4>.ToInt64(UInt4 value) => value.Value;

    /// <inheritdoc/>
    public bool Equals(UInt4 other) => Bits == other.Bits;
    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is UInt4 other && Equals(other);
    /// <inheritdoc/>
    public override int GetHashCode() => Bits;
    /// <summary>Equal values.</summary>
    public static bool operator ==(UInt4 a, UInt4 b) => a.Bits == b.Bits;
    /// <summary>Unequal values.</summary>
    public static bool operator !=(UInt4 a, UInt4 b) => a.Bits != b.Bits;
    /// <inheritdoc/>
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// ONNX int2: a 2-bit signed (two's complement) integer, -2..1. Held unpacked, one element per byte with the 2-bit
/// pattern in the low bits; tensors pack 4 per byte only when serialised. Conversions wrap (keep the low 2 bits),
/// as ONNX Cast between integer types does; floats truncate toward zero first.
/// </summary>
public readonly struct Int2 : INarrowNumber<Int2>, IEquatable<Int2>
{
    private Int2(byte bits) => Bits = bits;

    /// <summary>The raw 2-bit pattern, in the low bits.</summary>
    public byte Bits { get; }

    /// <summary>The value whose pattern is the low 2 bits of <paramref name="bits"/>.</summary>
    public static Int2 FromBits(byte bits) => new Int2((byte)(bits & 0x3));

    /// <summary>The low 2 bits of <paramref name="value"/>.</summary>
    public static Int2 Wrap(long value) => new Int2((byte)(value & 0x3));

    /// <summary>The value, -2..1.</summary>
    public int Value => unchecked((sbyte)(Bits << 6)) >> 6;

    /// <summary>The low bits of <paramref name="value"/>.</summary>
    public static explicit operator Int2(int value) => Wrap(value);
    /// <summary>The value (exact).</summary>
    public static implicit operator int(Int2 value) => value.Value;
    /// <summary>The nearest value, as <c>FromFloat</c> converts (saturating where the type can).</summary>
    public static explicit operator Int2(float value) => Wrap(NarrowMath.Truncate(value));
    /// <summary>The value (exact).</summary>
    public static explicit operator float(Int2 value) => value.Value;

    static bool INarrowNumber<Int2>.IsInteger => true;
    static double INarrowNumber<Int2>.MinValue => -2;
    static double INarrowNumber<Int2>.MaxValue => 1;
    static Int2 INarrowNumber<Int2>.FromDouble(double value, bool saturate) => Wrap(NarrowMath.Truncate(value));
    static Int2 INarrowNumber<Int2>.FromInt64(long value) => Wrap(value);
    static double INarrowNumber<Int2>.ToDouble(Int2 value) => value.Value;
    static long INarrowNumber<Int2>.ToInt64(Int2 value) => value.Value;

    /// <inheritdoc/>
    public bool Equals(Int2 other) => Bits == other.Bits;
    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is Int2 other && Equals(other);
    /// <inheritdoc/>
    public override int GetHashCode() => Bits;
    /// <summary>Equal values.</summary>
    public static bool operator ==(Int2 a, Int2 b) => a.Bits == b.Bits;
    /// <summary>Unequal values.</summary>
    public static bool operator !=(Int2 a, Int2 b) => a.Bits != b.Bits;
    /// <inheritdoc/>
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

/// <summary>
/// ONNX uint2: a 2-bit unsigned integer, 0..3. Held unpacked, one element per byte with the 2-bit
/// pattern in the low bits; tensors pack 4 per byte only when serialised. Conversions wrap (keep the low 2 bits),
/// as ONNX Cast between integer types does; floats truncate toward zero first.
/// </summary>
public readonly struct UInt2 : INarrowNumber<UInt2>, IEquatable<UInt2>
{
    private UInt2(byte bits) => Bits = bits;

    /// <summary>The raw 2-bit pattern, in the low bits.</summary>
    public byte Bits { get; }

    /// <summary>The value whose pattern is the low 2 bits of <paramref name="bits"/>.</summary>
    public static UInt2 FromBits(byte bits) => new UInt2((byte)(bits & 0x3));

    /// <summary>The low 2 bits of <paramref name="value"/>.</summary>
    public static UInt2 Wrap(long value) => new UInt2((byte)(value & 0x3));

    /// <summary>The value, 0..3.</summary>
    public int Value => Bits;

    /// <summary>The low bits of <paramref name="value"/>.</summary>
    public static explicit operator UInt2(int value) => Wrap(value);
    /// <summary>The value (exact).</summary>
    public static implicit operator int(UInt2 value) => value.Value;
    /// <summary>The nearest value, as <c>FromFloat</c> converts (saturating where the type can).</summary>
    public static explicit operator UInt2(float value) => Wrap(NarrowMath.Truncate(value));
    /// <summary>The value (exact).</summary>
    public static explicit operator float(UInt2 value) => value.Value;

    static bool INarrowNumber<UInt2>.IsInteger => true;
    static double INarrowNumber<UInt2>.MinValue => 0;
    static double INarrowNumber<UInt2>.MaxValue => 3;
    static UInt2 INarrowNumber<UInt2>.FromDouble(double value, bool saturate) => Wrap(NarrowMath.Truncate(value));
    static UInt2 INarrowNumber<UInt2>.FromInt64(long value) => Wrap(value);
    static double INarrowNumber<UInt2>.ToDouble(UInt2 value) => value.Value;
    static long INarrowNumber<UInt2>.ToInt64(UInt2 value) => value.Value;

    /// <inheritdoc/>
    public bool Equals(UInt2 other) => Bits == other.Bits;
    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is UInt2 other && Equals(other);
    /// <inheritdoc/>
    public override int GetHashCode() => Bits;
    /// <summary>Equal values.</summary>
    public static bool operator ==(UInt2 a, UInt2 b) => a.Bits == b.Bits;
    /// <summary>Unequal values.</summary>
    public static bool operator !=(UInt2 a, UInt2 b) => a.Bits != b.Bits;
    /// <inheritdoc/>
    public override string ToString() => Value.ToString(CultureInfo.InvariantCulture);
}

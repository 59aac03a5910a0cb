using System;
using System.Linq;
using Google.Protobuf;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Reading;
using ModelGen.Compiler.Reading.Proto;
using ModelGen.Runtime.Kernels;
using ModelGen.Runtime.Numerics;
using Xunit;

namespace ModelGen.Tests.Runtime;

/// <summary>
/// The narrow element structs against the ONNX spec's own definitions: the float8 formulas and tables of
/// docs/docsgen/source/technical/float8.md and float4.md, Cast's saturation tables in docs/Operators.md, float8e8m0's
/// 2^(e−127), and the 4-bit/2-bit packing rule of onnx.proto. Expected values come from those formulas, written
/// out here independently of the structs' code.
/// </summary>
public class NarrowNumberTests
{
    /// <summary>The spec's value of a sign/exponent/mantissa float: subnormal below exponent 1, (1 + m/2^M)·2^(e−bias) above.</summary>
    private static double SpecValue(int bits, int exponentBits, int mantissaBits, int bias)
    {
        int sign = (bits >> (exponentBits + mantissaBits)) & 1, e = (bits >> mantissaBits) & ((1 << exponentBits) - 1), m = bits & ((1 << mantissaBits) - 1);
        double v = e == 0 ? m / Math.Pow(2, mantissaBits) * Math.Pow(2, 1 - bias) : (1 + m / Math.Pow(2, mantissaBits)) * Math.Pow(2, e - bias);
        return sign == 1 ? -v : v;
    }

    [Fact]
    public void Float8E4M3FN_every_pattern_decodes_and_round_trips()
    {
        for (int b = 0; b < 256; b++)
        {
            float f = Float8E4M3FN.FromBits((byte)b).ToFloat();
            if ((b & 0x7F) == 0x7F) { Assert.True(float.IsNaN(f), "S.1111.111 is NaN"); continue; }
            Assert.Equal(SpecValue(b, 4, 3, 7), f);
            Assert.Equal(b, Float8E4M3FN.FromFloat(f, saturate: false).Bits);
        }
        Assert.Equal(448f, Float8E4M3FN.FromBits(0x7E).ToFloat());
        Assert.Equal(MathF.Pow(2, -9), Float8E4M3FN.FromBits(0x01).ToFloat());
    }

    [Fact]
    public void Float8E4M3FNUZ_every_pattern_decodes_and_round_trips()
    {
        for (int b = 0; b < 256; b++)
        {
            float f = Float8E4M3FNUZ.FromBits((byte)b).ToFloat();
            if (b == 0x80) { Assert.True(float.IsNaN(f), "0x80 (where -0 would be) is the only NaN"); continue; }
            Assert.Equal(SpecValue(b, 4, 3, 8), f);
            Assert.Equal(b, Float8E4M3FNUZ.FromFloat(f, saturate: false).Bits);
        }
        Assert.Equal(240f, Float8E4M3FNUZ.FromBits(0x7F).ToFloat());
    }

    [Fact]
    public void Float8E5M2_every_pattern_decodes_and_round_trips()
    {
        for (int b = 0; b < 256; b++)
        {
            float f = Float8E5M2.FromBits((byte)b).ToFloat();
            if ((b & 0x7F) == 0x7C) { Assert.Equal((b & 0x80) != 0 ? float.NegativeInfinity : float.PositiveInfinity, f); continue; }
            if ((b & 0x7F) > 0x7C) { Assert.True(float.IsNaN(f)); continue; }
            Assert.Equal(SpecValue(b, 5, 2, 15), f);
            Assert.Equal(b, Float8E5M2.FromFloat(f, saturate: false).Bits);
        }
        Assert.Equal(57344f, Float8E5M2.FromBits(0x7B).ToFloat());
    }

    [Fact]
    public void Float8E5M2FNUZ_every_pattern_decodes_and_round_trips()
    {
        for (int b = 0; b < 256; b++)
        {
            float f = Float8E5M2FNUZ.FromBits((byte)b).ToFloat();
            if (b == 0x80) { Assert.True(float.IsNaN(f)); continue; }
            Assert.Equal(SpecValue(b, 5, 2, 16), f);
            Assert.Equal(b, Float8E5M2FNUZ.FromFloat(f, saturate: false).Bits);
        }
        Assert.Equal(57344f, Float8E5M2FNUZ.FromBits(0x7F).ToFloat());
        Assert.Equal(MathF.Pow(2, -17), Float8E5M2FNUZ.FromBits(0x01).ToFloat());
    }

    [Fact]
    public void Float8_saturate_follows_the_Cast_tables()
    {
        // saturate=1: ±Inf and out-of-range values clamp to ±FLT_MAX; NaN stays NaN.
        Assert.Equal(448f, Float8E4M3FN.FromFloat(float.PositiveInfinity).ToFloat());
        Assert.Equal(-448f, Float8E4M3FN.FromFloat(-1e6f).ToFloat());
        Assert.Equal(240f, Float8E4M3FNUZ.FromFloat(float.PositiveInfinity).ToFloat());
        Assert.Equal(57344f, Float8E5M2.FromFloat(float.PositiveInfinity).ToFloat());
        Assert.Equal(-57344f, Float8E5M2FNUZ.FromFloat(float.NegativeInfinity).ToFloat());
        Assert.True(float.IsNaN(Float8E4M3FN.FromFloat(float.NaN).ToFloat()));
        // saturate=0: E4M3FN and the FNUZ types give NaN, E5M2 gives ±Inf.
        Assert.True(float.IsNaN(Float8E4M3FN.FromFloat(float.PositiveInfinity, false).ToFloat()));
        Assert.True(float.IsNaN(Float8E4M3FN.FromFloat(1e6f, false).ToFloat()));
        Assert.True(float.IsNaN(Float8E4M3FNUZ.FromFloat(float.NegativeInfinity, false).ToFloat()));
        Assert.Equal(float.NegativeInfinity, Float8E5M2.FromFloat(-1e6f, false).ToFloat());
        Assert.Equal(float.PositiveInfinity, Float8E5M2.FromFloat(float.PositiveInfinity, false).ToFloat());
        Assert.True(float.IsNaN(Float8E5M2FNUZ.FromFloat(1e6f, false).ToFloat()));
        // -0 keeps its sign where the type has one; FNUZ has no -0 (0x80 is NaN), so it becomes +0, as do tiny negatives.
        Assert.Equal(0x80, Float8E4M3FN.FromFloat(-0f).Bits);
        Assert.Equal(0x80, Float8E5M2.FromFloat(-0f).Bits);
        Assert.Equal(0x00, Float8E4M3FNUZ.FromFloat(-0f).Bits);
        Assert.Equal(0x00, Float8E5M2FNUZ.FromFloat(-1e-7f).Bits);
    }

    [Fact]
    public void Float8_rounds_to_nearest_even()
    {
        Assert.Equal(1f, Float8E4M3FN.FromFloat(1.0625f).ToFloat());    // halfway 1 (…000) and 1.125 (…001): to even
        Assert.Equal(1.25f, Float8E4M3FN.FromFloat(1.1875f).ToFloat()); // halfway 1.125 and 1.25 (…010)
        Assert.Equal(448f, Float8E4M3FN.FromFloat(464f, false).ToFloat()); // halfway 448 (…110) and the NaN pattern: to even, finite
        Assert.Equal(1.5f, Float8E5M2.FromFloat(1.375f).ToFloat());     // halfway 1.25 (…01) and 1.5 (…10)
    }

    [Fact]
    public void BFloat16_is_the_top_half_of_a_float()
    {
        for (int b = 0; b < 65536; b++)
        {
            float expected = BitConverter.Int32BitsToSingle(b << 16);
            float f = BFloat16.FromBits((ushort)b).ToFloat();
            Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(f));
            if (!float.IsNaN(f)) Assert.Equal(b, BFloat16.FromFloat(f).Bits);
        }
        Assert.Equal(0x3F80, BFloat16.FromFloat(1f + MathF.Pow(2, -8)).Bits);     // halfway: to even
        Assert.Equal(0x3F82, BFloat16.FromFloat(1f + 3 * MathF.Pow(2, -8)).Bits); // halfway: to even, upward
        Assert.Equal(0x7F80, BFloat16.FromFloat(float.MaxValue).Bits);            // beyond bfloat16's largest finite: infinity
        Assert.True(float.IsNaN(BFloat16.FromFloat(float.NaN).ToFloat()));
    }

    [Fact]
    public void Float4E2M1_values_saturation_and_rounding()
    {
        double[] magnitudes = { 0, 0.5, 1, 1.5, 2, 3, 4, 6 }; // float4.md's table
        for (int b = 0; b < 16; b++)
        {
            double expected = (b & 8) != 0 ? -magnitudes[b & 7] : magnitudes[b & 7];
            Assert.Equal(expected, Float4E2M1.FromBits((byte)b).ToFloat());
            Assert.Equal(b, Float4E2M1.FromFloat(Float4E2M1.FromBits((byte)b).ToFloat()).Bits);
        }
        Assert.Equal(6f, Float4E2M1.FromFloat(float.PositiveInfinity).ToFloat());
        Assert.Equal(-6f, Float4E2M1.FromFloat(-8f).ToFloat());
        Assert.Equal(0f, Float4E2M1.FromFloat(0.25f).ToFloat()); // halfway 0 and 0.5: to even
        Assert.Equal(1f, Float4E2M1.FromFloat(0.75f).ToFloat());
        Assert.Equal(4f, Float4E2M1.FromFloat(5f).ToFloat());    // halfway 4 (…10) and 6 (…11)
        Assert.Equal(-4f, Float4E2M1.FromFloat(-3.5f).ToFloat());
    }

    [Fact]
    public void Float8E8M0_is_a_power_of_two_with_round_modes()
    {
        for (int b = 0; b < 255; b++) Assert.Equal(Math.Pow(2, b - 127), Float8E8M0.FromBits((byte)b).ToFloat());
        Assert.True(float.IsNaN(Float8E8M0.FromBits(0xFF).ToFloat()));
        Assert.Equal(4f, Float8E8M0.FromFloat(3f, true, E8M0Rounding.Up).ToFloat());
        Assert.Equal(2f, Float8E8M0.FromFloat(3f, true, E8M0Rounding.Down).ToFloat());
        Assert.Equal(4f, Float8E8M0.FromFloat(3f, true, E8M0Rounding.Nearest).ToFloat());
        Assert.Equal(2f, Float8E8M0.FromFloat(2.5f, true, E8M0Rounding.Nearest).ToFloat());
        Assert.Equal(0xFE, Float8E8M0.FromFloat(float.MaxValue, true).Bits);  // saturate: never rounds up into NaN
        Assert.Equal(0xFF, Float8E8M0.FromFloat(float.MaxValue, false).Bits);
        Assert.Equal(0xFF, Float8E8M0.FromFloat(float.PositiveInfinity).Bits);
    }

    [Fact]
    public void Sub_byte_integers_wrap_like_twos_complement()
    {
        for (int b = 0; b < 16; b++)
        {
            Assert.Equal(b < 8 ? b : b - 16, Int4.FromBits((byte)b).Value);
            Assert.Equal(b, UInt4.FromBits((byte)b).Value);
        }
        for (int b = 0; b < 4; b++)
        {
            Assert.Equal(b < 2 ? b : b - 4, Int2.FromBits((byte)b).Value);
            Assert.Equal(b, UInt2.FromBits((byte)b).Value);
        }
        Assert.Equal(7, ((Int4)(-9)).Value);
        Assert.Equal(-1, ((Int4)15).Value);
        Assert.Equal(15, ((UInt4)(-1)).Value);
        Assert.Equal(1, ((Int2)(-3)).Value);
        Assert.Equal(-2, ((Int4)(-2.7f)).Value); // floats truncate toward zero first
    }

    [Fact]
    public void Cast_kernel_honours_saturate()
    {
        float[] x = { float.PositiveInfinity, 1000f, 0.5f };
        var saturated = new Float8E4M3FN[3];
        var unsaturated = new Float8E4M3FN[3];
        NarrowCast.To<float, Float8E4M3FN>(x, saturated, true);
        NarrowCast.To<float, Float8E4M3FN>(x, unsaturated, false);
        Assert.Equal(new[] { 448f, 448f, 0.5f }, saturated.Select(v => v.ToFloat()));
        Assert.True(float.IsNaN(unsaturated[0].ToFloat()) && float.IsNaN(unsaturated[1].ToFloat()));
        var back = new double[3];
        NarrowCast.From<Float8E4M3FN, double>(saturated, back);
        Assert.Equal(new[] { 448.0, 448.0, 0.5 }, back);
    }

    [Fact]
    public void Four_bit_tensors_unpack_low_bits_first()
    {
        // onnx.proto: the first element in the 4 low bits, the second in the 4 high bits; an odd count pads the last byte.
        var proto = new TensorProto { DataType = (int)ElementType.Int4, RawData = ByteString.CopyFrom(0x87, 0x09) };
        proto.Dims.Add(3);
        var t = TensorFile.Read(proto.ToByteArray());
        Assert.Equal(new byte[] { 7, 8, 9 }, t.Raw);
        Assert.Equal(new long[] { 7, -8, -7 }, t.ToTensorData().AsInt64());
        var written = TensorProto.Parser.ParseFrom(TensorFile.Write("x", ElementType.Int4, new long[] { 3 }, t.Raw));
        Assert.Equal(new byte[] { 0x87, 0x09 }, written.RawData.ToByteArray());
    }

    [Fact]
    public void Two_bit_tensors_unpack_low_bits_first()
    {
        var proto = new TensorProto { DataType = (int)ElementType.UInt2 };
        proto.Int32Data.Add(0x39); // elements 1, 2, 3, 0 from bits 0-1, 2-3, 4-5, 6-7
        proto.Dims.Add(3);
        var t = TensorFile.Read(proto.ToByteArray());
        Assert.Equal(new byte[] { 1, 2, 3 }, t.Raw);
        Assert.Equal(new long[] { 1, 2, 3 }, t.ToTensorData().AsInt64());
    }
}

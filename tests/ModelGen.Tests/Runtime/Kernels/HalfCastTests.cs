using System;
using ModelGen.Runtime.Kernels;
using Xunit;

namespace ModelGen.Tests.Runtime.Kernels;

/// <summary>
/// Cast between float16 and float takes TensorPrimitives' vector conversion: it must give the element cast's bits for
/// every float16 value (widening), and for floats around every float16 rounding boundary, the subnormals, the
/// overflow edge, the infinities and NaNs (narrowing). CI runs it with AVX-512 and AVX2 off too.
/// </summary>
public sealed class HalfCastTests
{
    [Fact]
    public void Every_float16_widens_to_the_element_casts_bits()
    {
        var x = new Half[65536];
        for (int i = 0; i < x.Length; i++) x[i] = BitConverter.UInt16BitsToHalf((ushort)i);
        var y = new float[x.Length];
        Cast.Run<Half, float>(x, y);
        for (int i = 0; i < x.Length; i++)
        {
            float expected = (float)x[i];
            // A NaN keeps its sign and its quietness; its payload bits are not part of the contract.
            if (float.IsNaN(expected)) Assert.True(float.IsNaN(y[i]) && float.IsNegative(y[i]) == float.IsNegative(expected), $"float16 bits {i:X4}");
            else Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(y[i]), $"float16 bits {i:X4}: {y[i]:R}, expected {expected:R}");
        }
    }

    [Fact]
    public void Floats_narrow_to_the_element_casts_bits()
    {
        var values = new System.Collections.Generic.List<float>
        {
            0f, -0f, float.PositiveInfinity, float.NegativeInfinity, float.NaN, -float.NaN, float.MaxValue, float.MinValue, float.Epsilon,
            65504f, 65519.99f, 65520f, 65536f, 6.1035156e-05f, 5.9604645e-08f, 2.9802322e-08f, 2.9802326e-08f, 1e-10f,
        };
        // Each float16 value, the midpoints to its neighbours, and one float-ulp either side of each midpoint.
        for (int i = 0; i < 0x7C00; i++)
        {
            float lo = (float)BitConverter.UInt16BitsToHalf((ushort)i), hi = (float)BitConverter.UInt16BitsToHalf((ushort)(i + 1));
            float mid = (lo + hi) / 2;
            foreach (float v in new[] { lo, mid, MathF.BitDecrement(mid), MathF.BitIncrement(mid) })
            {
                values.Add(v);
                values.Add(-v);
            }
        }
        var x = values.ToArray();
        var y = new Half[x.Length];
        Cast.Run<float, Half>(x, y);
        for (int i = 0; i < x.Length; i++)
        {
            Half expected = (Half)x[i];
            if (Half.IsNaN(expected)) Assert.True(Half.IsNaN(y[i]) && Half.IsNegative(y[i]) == Half.IsNegative(expected), $"float {x[i]:R}");
            else Assert.True(BitConverter.HalfToUInt16Bits(expected) == BitConverter.HalfToUInt16Bits(y[i]), $"float {x[i]:R}: {y[i]}, expected {expected}");
        }
    }
}

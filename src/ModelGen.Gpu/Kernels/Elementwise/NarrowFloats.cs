using ILGPU;

namespace ModelGen.Gpu.Kernels.Elementwise;

/// <summary>
/// fp32 ↔ fp16 and bf16 conversions for use inside kernels: the library's cast kernels and the generated kernels of
/// fp16 and bf16 models (which load narrow values, compute in fp32 and store through these) round the same way.
/// </summary>
public static class NarrowFloats
{
    /// <summary>The nearest fp16 (ties to even), overflowing to ±∞, NaN kept a NaN.</summary>
    /// <remarks>
    /// Bit arithmetic rather than ILGPU's <c>(Half)x</c>: on the CPU accelerator that conversion truncates (1e-3 gave
    /// 0.00099945 instead of the nearest 0.0010004), so the simulator and the GPU would disagree.
    /// </remarks>
    public static Half ToHalf(float value)
    {
        uint bits = Interop.FloatAsInt(value);
        uint sign = (bits >> 16) & 0x8000u;
        uint magnitude = bits & 0x7FFFFFFFu;
        uint half;
        if (magnitude >= 0x7F800000u)
        {
            half = magnitude > 0x7F800000u ? 0x7E00u : 0x7C00u;
        }
        else if (magnitude >= 0x477FF000u)
        {
            // 65520 and above round to infinity.
            half = 0x7C00u;
        }
        else if (magnitude < 0x38800000u)
        {
            // Below 2^-14 the result is subnormal: adding 0.5 (whose ulp is 2^-24, the fp16 subnormal step) makes the
            // float adder round to that step, ties to even, and leaves the fp16 mantissa in the low bits.
            half = Interop.FloatAsInt(Interop.IntAsFloat(magnitude) + 0.5f) - 0x3F000000u;
        }
        else
        {
            // Rebias the exponent (127 -> 15), add just under half an fp16 ulp plus the kept bit's parity (ties to
            // even), and drop the 13 extra mantissa bits.
            half = (magnitude + 0xC8000FFFu + ((magnitude >> 13) & 1u)) >> 13;
        }

        return Interop.IntAsFloat((ushort)(sign | half));
    }

    /// <summary>The float whose high 16 bits are <paramref name="bits"/> (bf16 is a truncated fp32).</summary>
    public static float FromBFloat16(ushort bits) => Interop.IntAsFloat((uint)bits << 16);

    /// <summary>The nearest bf16 (ties to even); a NaN stays a quiet NaN.</summary>
    public static ushort ToBFloat16(float value)
    {
        uint bits = Interop.FloatAsInt(value);
        bool isNaN = (bits & 0x7F800000u) == 0x7F800000u && (bits & 0x007FFFFFu) != 0;
        uint rounded = bits + 0x7FFFu + ((bits >> 16) & 1u);
        return isNaN ? (ushort)((bits >> 16) | 0x40u) : (ushort)(rounded >> 16);
    }
}

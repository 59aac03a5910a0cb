using ILGPU;

namespace ModelGen.Gpu.Kernels.Elementwise;

/// <summary>
/// Conversions between fp32 compute and narrow storage: fp16 as <see cref="Half">ILGPU.Half</see> (System.Half does
/// not compile in kernels) and bf16 as its raw ushort bits.
/// </summary>
internal static class CastKernels
{
    /// <summary>y[i] = (float)x[i].</summary>
    public static void HalfToFloat(ArrayView<Half> x, ArrayView<float> y)
    {
        for (long i = GridStride.Start; i < y.Length; i += GridStride.Step)
        {
            y[i] = (float)x[i];
        }
    }

    /// <summary>y[i] = x[i] rounded to the nearest fp16 (ties to even), overflowing to ±∞, NaN kept a NaN.</summary>
    /// <remarks>
    /// Bit arithmetic rather than ILGPU's <c>(Half)x</c>: on the CPU accelerator that conversion truncates (1e-3 gave
    /// 0.00099945 instead of the nearest 0.0010004), so the simulator and the GPU would disagree.
    /// </remarks>
    public static void FloatToHalf(ArrayView<float> x, ArrayView<Half> y)
    {
        for (long i = GridStride.Start; i < y.Length; i += GridStride.Step)
        {
            y[i] = Interop.IntAsFloat(HalfBits(x[i]));
        }
    }

    private static ushort HalfBits(float value)
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

        return (ushort)(sign | half);
    }

    /// <summary>y[i] = the float whose high 16 bits are x[i] (bf16 is a truncated fp32).</summary>
    public static void BFloat16ToFloat(ArrayView<ushort> x, ArrayView<float> y)
    {
        for (long i = GridStride.Start; i < y.Length; i += GridStride.Step)
        {
            y[i] = Interop.IntAsFloat((uint)x[i] << 16);
        }
    }

    /// <summary>y[i] = x[i] rounded to nearest-even bf16 (NaN stays a quiet NaN).</summary>
    public static void FloatToBFloat16(ArrayView<float> x, ArrayView<ushort> y)
    {
        for (long i = GridStride.Start; i < y.Length; i += GridStride.Step)
        {
            uint bits = Interop.FloatAsInt(x[i]);
            bool isNaN = (bits & 0x7F800000u) == 0x7F800000u && (bits & 0x007FFFFFu) != 0;
            uint rounded = bits + 0x7FFFu + ((bits >> 16) & 1u);
            y[i] = isNaN ? (ushort)((bits >> 16) | 0x40u) : (ushort)(rounded >> 16);
        }
    }
}

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

    /// <summary>y[i] = (Half)x[i], rounded to nearest.</summary>
    public static void FloatToHalf(ArrayView<float> x, ArrayView<Half> y)
    {
        for (long i = GridStride.Start; i < y.Length; i += GridStride.Step)
        {
            y[i] = (Half)x[i];
        }
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

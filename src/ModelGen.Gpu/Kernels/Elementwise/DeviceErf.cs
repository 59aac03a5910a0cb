using ILGPU.Algorithms;

namespace ModelGen.Gpu.Kernels.Elementwise;

/// <summary>
/// erf(x) in fp32 for use inside kernels, which ILGPU.Algorithms' XMath lacks (the generated kernels of Erf and of
/// Gelu's erf form call it). Below |x| = 0.5 the Maclaurin series to x¹³, whose first omitted term is under 2e-8 of
/// the result; above, Abramowitz and Stegun's 7.1.26, 1 − (a₁t + … + a₅t⁵)·e^(−x²) with t = 1/(1 + p·|x|), whose
/// error is at most 1.5e-7 absolute in exact arithmetic (2.3e-7 measured in fp32 against a double erf over [−6, 6]),
/// under 5e-7 of a result that is at least erf(0.5) = 0.52 there.
/// </summary>
public static class DeviceErf
{
    /// <summary>erf(x); NaN for NaN, ±1 for ±∞.</summary>
    public static float Of(float x)
    {
        float a = XMath.Abs(x);
        float r;
        if (a < 0.5f)
        {
            // 2/√π · (x − x³/3 + x⁵/10 − x⁷/42 + x⁹/216 − x¹¹/1320 + x¹³/9360), in Horner form over x².
            float s = a * a;
            float p = 1f / 9360f;
            p = p * s - 1f / 1320f;
            p = p * s + 1f / 216f;
            p = p * s - 1f / 42f;
            p = p * s + 1f / 10f;
            p = p * s - 1f / 3f;
            p = p * s + 1f;
            r = 1.1283791670955126f * a * p;
        }
        else
        {
            float t = 1f / (1f + 0.3275911f * a);
            float poly = ((((1.061405429f * t - 1.453152027f) * t + 1.421413741f) * t - 0.284496736f) * t + 0.254829592f) * t;
            r = 1f - poly * XMath.Exp(-a * a);
        }
        return x < 0f ? -r : r;
    }
}

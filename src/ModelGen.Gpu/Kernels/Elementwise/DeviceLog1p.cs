using ILGPU.Algorithms;

namespace ModelGen.Gpu.Kernels.Elementwise;

/// <summary>
/// log(1 + x) in fp32 for use inside kernels, accurate relative to the result for small |x|, which XMath lacks (the
/// inverse hyperbolic functions are built on it). Below |x| = 0.5, 2·atanh(s) with s = x/(2 + x) (|s| ≤ 1/3) by its
/// odd series to s¹⁵, whose first omitted term is under 2e-8 of the result; no log of a value near 1 is taken there,
/// which matters on PTX, where XMath's log comes from an approximate log2 whose error near 1 is absolute, not
/// relative. From |x| = 0.5 on, log(1 + x) itself, at least 0.4 in magnitude.
/// </summary>
public static class DeviceLog1p
{
    /// <summary>log(1 + x); −∞ at −1, NaN below −1 and for NaN, +∞ for +∞.</summary>
    public static float Of(float x)
    {
        if (!(XMath.Abs(x) < 0.5f))
        {
            return XMath.Log(1f + x);
        }

        // log((1 + s)/(1 - s)) = 2(s + s³/3 + s⁵/5 + …) with (1 + s)/(1 - s) = 1 + x, in Horner form over s².
        float s = x / (2f + x);
        float z = s * s;
        float p = 1f / 15f;
        p = p * z + 1f / 13f;
        p = p * z + 1f / 11f;
        p = p * z + 1f / 9f;
        p = p * z + 1f / 7f;
        p = p * z + 1f / 5f;
        p = p * z + 1f / 3f;
        p = p * z + 1f;
        return 2f * s * p;
    }
}

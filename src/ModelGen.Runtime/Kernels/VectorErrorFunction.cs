using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// erf over float vectors, for fused loops and epilogues (Gelu's erf form): the scalar <see cref="ErrorFunction"/>
/// sums a series in double, tens of nanoseconds an element, which made a BERT layer's Gelu cost more than its
/// matrix products. Two branches, both evaluated and selected per lane:
/// - |x| &lt; 0.5: the Maclaurin series to x¹³ (the first term left out is below 1e-9 of the sum);
/// - |x| ≥ 0.5: Abramowitz and Stegun 7.1.26, 1 − t·P(t)·e^(−x²) with t = 1/(1 + 0.3275911·|x|), whose own error is
///   at most 1.5e-7, where erf is at least 0.52.
/// Measured against the double <see cref="ErrorFunction"/> on a dense grid (ErrorFunctionTests): at most 3e-7 absolute
/// error, and 5e-7 relative below 0.5. NaN stays NaN and ±∞ gives ±1. A loop's scalar tail uses the double
/// function, so two lanes of one tensor can differ from each other's method by that much.
/// </summary>
public static class VectorErrorFunction
{
    // 2/√π · (−1)ⁿ / (n!·(2n+1)), n = 0..6.
    private const float S0 = 1.1283791671f, S1 = -0.37612638903f, S2 = 0.11283791671f, S3 = -0.026866170645f;
    private const float S4 = 0.0052239776254f, S5 = -0.00085483270235f, S6 = 0.00012055332982f;
    // Abramowitz and Stegun 7.1.26.
    private const float P = 0.3275911f, A1 = 0.254829592f, A2 = -0.284496736f, A3 = 1.421413741f, A4 = -1.453152027f, A5 = 1.061405429f;
    private const float Switch = 0.5f;

    /// <summary>erf of each lane (see the class for the error).</summary>
    /// <param name="x">The arguments.</param>
    /// <returns>erf of each lane.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> Of(Vector512<float> x)
    {
        var s = x * x;
        var series = x * M(M(M(M(M(M(Vector512.Create(S6), s, S5), s, S4), s, S3), s, S2), s, S1), s, S0);
        var a = Vector512.Abs(x);
        var t = Vector512<float>.One / Vector512.MultiplyAddEstimate(a, Vector512.Create(P), Vector512<float>.One);
        var tail = Vector512<float>.One - t * M(M(M(M(Vector512.Create(A5), t, A4), t, A3), t, A2), t, A1) * Vector512.Exp(-s);
        var signed = Vector512.ConditionalSelect(Vector512.LessThan(x, Vector512<float>.Zero), -tail, tail);
        return Vector512.ConditionalSelect(Vector512.LessThan(a, Vector512.Create(Switch)), series, signed);
    }

    /// <summary>erf of each lane (see the class for the error).</summary>
    /// <param name="x">The arguments.</param>
    /// <returns>erf of each lane.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Of(Vector256<float> x)
    {
        var s = x * x;
        var series = x * M(M(M(M(M(M(Vector256.Create(S6), s, S5), s, S4), s, S3), s, S2), s, S1), s, S0);
        var a = Vector256.Abs(x);
        var t = Vector256<float>.One / Vector256.MultiplyAddEstimate(a, Vector256.Create(P), Vector256<float>.One);
        var tail = Vector256<float>.One - t * M(M(M(M(Vector256.Create(A5), t, A4), t, A3), t, A2), t, A1) * Vector256.Exp(-s);
        var signed = Vector256.ConditionalSelect(Vector256.LessThan(x, Vector256<float>.Zero), -tail, tail);
        return Vector256.ConditionalSelect(Vector256.LessThan(a, Vector256.Create(Switch)), series, signed);
    }

    /// <summary>erf of each lane (see the class for the error).</summary>
    /// <param name="x">The arguments.</param>
    /// <returns>erf of each lane.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> Of(Vector128<float> x)
    {
        var s = x * x;
        var series = x * M(M(M(M(M(M(Vector128.Create(S6), s, S5), s, S4), s, S3), s, S2), s, S1), s, S0);
        var a = Vector128.Abs(x);
        var t = Vector128<float>.One / Vector128.MultiplyAddEstimate(a, Vector128.Create(P), Vector128<float>.One);
        var tail = Vector128<float>.One - t * M(M(M(M(Vector128.Create(A5), t, A4), t, A3), t, A2), t, A1) * Vector128.Exp(-s);
        var signed = Vector128.ConditionalSelect(Vector128.LessThan(x, Vector128<float>.Zero), -tail, tail);
        return Vector128.ConditionalSelect(Vector128.LessThan(a, Vector128.Create(Switch)), series, signed);
    }

    // One step of Horner's rule: r·x + c.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<float> M(Vector512<float> r, Vector512<float> x, float c) => Vector512.MultiplyAddEstimate(r, x, Vector512.Create(c));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> M(Vector256<float> r, Vector256<float> x, float c) => Vector256.MultiplyAddEstimate(r, x, Vector256.Create(c));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<float> M(Vector128<float> r, Vector128<float> x, float c) => Vector128.MultiplyAddEstimate(r, x, Vector128.Create(c));
}

using System;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// The error function erf(x) = 2/√π ∫₀ˣ e^(−t²) dt, which .NET's Math lacks (ONNX Erf, and Gelu through it).
/// Computed in double to about 1e-14 relative: the Maclaurin series below |x| = 2.5, where its alternating terms
/// still cancel harmlessly, and 1 − erfc(x) from erfc's continued fraction above, where the series would not.
/// </summary>
public static class ErrorFunction
{
    private const double TwoOverSqrtPi = 1.1283791670955126;
    private const double OneOverSqrtPi = 0.5641895835477563;

    /// <summary>erf(x) in float (computed in double, then rounded once).</summary>
    /// <param name="x">The argument.</param>
    /// <returns>erf(x); NaN for NaN, ±1 for ±∞.</returns>
    public static float Of(float x) => (float)Of((double)x);

    /// <summary>erf(x) in double.</summary>
    /// <param name="x">The argument.</param>
    /// <returns>erf(x); NaN for NaN, ±1 for ±∞.</returns>
    public static double Of(double x)
    {
        double a = Math.Abs(x);
        double r = a < 2.5 ? Series(a) : 1 - OneOverSqrtPi * Math.Exp(-a * a) / ContinuedFraction(a);
        return x < 0 ? -r : r;
    }

    /// <summary>2/√π · Σ (−1)ⁿ a^(2n+1) / (n!·(2n+1)), summed until a term no longer changes the sum.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double Series(double a)
    {
        double a2 = a * a, power = a, sum = a;
        for (int n = 1; n < 100; n++)
        {
            power *= -a2 / n;
            double term = power / (2 * n + 1);
            sum += term;
            if (Math.Abs(term) <= 1e-17 * Math.Abs(sum)) break;
        }
        return TwoOverSqrtPi * sum;
    }

    /// <summary>The denominator of erfc(a) = e^(−a²)/√π / (a + ½/(a + 1/(a + 3⁄2/(a + …)))), evaluated from 60 levels deep (ample for a ≥ 2.5).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double ContinuedFraction(double a)
    {
        double f = a;
        for (int k = 60; k >= 1; k--) f = a + k * 0.5 / f;
        return f;
    }
}

using System;
using Xunit;

namespace ModelGen.Gpu.Tests.Support;

/// <summary>Element-by-element comparison of a float result with a double-precision reference.</summary>
public static class Close
{
    /// <summary>
    /// Asserts |actual − expected| ≤ rtol·|expected| + atol for every element, naming the first element that is not.
    /// atol covers values that cancel to near zero, where a relative bound means nothing.
    /// </summary>
    public static void All(double[] expected, float[] actual, double rtol = 1e-4, double atol = 1e-5)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs(actual[i] - expected[i]);
            if (!(error <= rtol * Math.Abs(expected[i]) + atol))
            {
                Assert.Fail($"Element {i} of {expected.Length}: expected {expected[i]:R}, got {actual[i]:R} (error {error:E2}).");
            }
        }
    }
}

using System;
using System.Runtime.Intrinsics;
using ModelGen.Runtime.Kernels;
using Xunit;

namespace ModelGen.Tests.Runtime.Kernels;

/// <summary>ErrorFunction against published values of erf (Abramowitz and Stegun, table 7.1, extended to 16 digits), on both sides of the 2.5 switch from series to continued fraction.</summary>
public class ErrorFunctionTests
{
    [Theory]
    [InlineData(0.1, 0.1124629160182849)]
    [InlineData(0.5, 0.5204998778130465)]
    [InlineData(1.0, 0.8427007929497149)]
    [InlineData(2.0, 0.9953222650189527)]
    [InlineData(2.5, 0.9995930479825550)]
    [InlineData(3.0, 0.9999779095030014)]
    [InlineData(4.0, 0.9999999845827421)]
    public void Matches_published_values_and_is_odd(double x, double expected)
    {
        Assert.Equal(expected, ErrorFunction.Of(x), 1e-14);
        Assert.Equal(-expected, ErrorFunction.Of(-x), 1e-14);
        Assert.Equal((float)expected, ErrorFunction.Of((float)x), 1e-7f);
    }

    [Fact]
    public void Handles_zero_infinities_and_NaN()
    {
        Assert.Equal(0.0, ErrorFunction.Of(0.0));
        Assert.Equal(1.0, ErrorFunction.Of(double.PositiveInfinity));
        Assert.Equal(-1.0, ErrorFunction.Of(double.NegativeInfinity));
        Assert.True(double.IsNaN(ErrorFunction.Of(double.NaN)));
        Assert.Equal(1e-30 * 1.1283791670955126, ErrorFunction.Of(1e-30), 1e-44);
    }

    /// <summary>
    /// VectorErrorFunction at every width against the double function, on a grid of 400,001 points over [-8, 8] plus
    /// both sides of its 0.5 switch: at most 3e-7 absolute error, and 5e-7 relative below 0.5 (the bounds its
    /// documentation states).
    /// </summary>
    [Fact]
    public void Vector_erf_stays_within_its_documented_error()
    {
        var xs = new System.Collections.Generic.List<float>();
        for (int i = -200_000; i <= 200_000; i++) xs.Add(i * 4e-5f);
        foreach (float edge in new[] { 0.5f, -0.5f, 1e-30f, -1e-30f, 1e-6f })
        {
            xs.Add(edge);
            xs.Add(MathF.BitDecrement(edge));
            xs.Add(MathF.BitIncrement(edge));
        }
        double worstAbs = 0, worstRel = 0;
        foreach (float x in xs)
        {
            double exact = ErrorFunction.Of((double)x);
            foreach (float got in VectorLanes(x))
            {
                double err = Math.Abs(got - exact);
                worstAbs = Math.Max(worstAbs, err);
                if (Math.Abs(x) < 0.5f && exact != 0) worstRel = Math.Max(worstRel, err / Math.Abs(exact));
            }
        }
        Assert.True(worstAbs <= 3e-7, "largest absolute error " + worstAbs + ", relative below 0.5 " + worstRel);
        Assert.True(worstRel <= 5e-7, "largest relative error below 0.5: " + worstRel);
    }

    [Fact]
    public void Vector_erf_handles_zero_infinities_and_NaN()
    {
        foreach (float got in VectorLanes(0f)) Assert.Equal(0f, got);
        foreach (float got in VectorLanes(float.PositiveInfinity)) Assert.Equal(1f, got);
        foreach (float got in VectorLanes(float.NegativeInfinity)) Assert.Equal(-1f, got);
        foreach (float got in VectorLanes(float.NaN)) Assert.True(float.IsNaN(got));
        foreach (float got in VectorLanes(100f)) Assert.Equal(1f, got);
    }

    /// <summary>Lane 0 of the 128-, 256- and 512-bit forms (each width is its own code path; the tests also run without AVX-512 and AVX2).</summary>
    private static float[] VectorLanes(float x) => new[]
    {
        VectorErrorFunction.Of(Vector128.Create(x)).ToScalar(),
        VectorErrorFunction.Of(Vector256.Create(x)).ToScalar(),
        VectorErrorFunction.Of(Vector512.Create(x)).ToScalar(),
    };
}

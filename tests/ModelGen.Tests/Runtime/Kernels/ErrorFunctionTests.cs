using System;
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
}

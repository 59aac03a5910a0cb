using System;
using ModelGen.Gpu.Kernels.Elementwise;
using ModelGen.Runtime.Kernels;
using Xunit;

namespace ModelGen.Gpu.Tests.Numerics;

/// <summary>
/// The kernels' fp32 erf (a plain static method, so it runs here as it does inlined in a kernel) against the CPU
/// runtime's double erf, itself checked against the ONNX test data: every 1/1024 over [−6, 6], tiny arguments where the
/// series must stay relative, and the special values.
/// </summary>
public sealed class DeviceErfTests
{
    [Fact]
    public void Erf_is_within_its_documented_error_everywhere()
    {
        double worstAbsolute = 0, worstRelative = 0;
        for (int i = -6 * 1024; i <= 6 * 1024; i++)
        {
            float x = i / 1024f;
            double expected = ErrorFunction.Of((double)x), actual = DeviceErf.Of(x);
            worstAbsolute = Math.Max(worstAbsolute, Math.Abs(actual - expected));
            if (Math.Abs(x) < 0.5) worstRelative = Math.Max(worstRelative, x == 0 ? Math.Abs(actual) : Math.Abs(actual - expected) / Math.Abs(expected));
        }
        Assert.True(worstAbsolute <= 3e-7, $"largest absolute error {worstAbsolute:E2}");
        Assert.True(worstRelative <= 3e-7, $"largest relative error below 0.5: {worstRelative:E2}");
        foreach (float tiny in new[] { 1e-30f, -3e-8f, 1e-4f })
            Assert.Equal(ErrorFunction.Of((double)tiny), DeviceErf.Of(tiny), Math.Abs(tiny) * 1e-6);
    }

    [Fact]
    public void Erf_keeps_NaN_and_reaches_one_at_infinity()
    {
        Assert.True(float.IsNaN(DeviceErf.Of(float.NaN)));
        Assert.Equal(1f, DeviceErf.Of(float.PositiveInfinity));
        Assert.Equal(-1f, DeviceErf.Of(float.NegativeInfinity));
        Assert.Equal(0f, DeviceErf.Of(0f));
    }
}

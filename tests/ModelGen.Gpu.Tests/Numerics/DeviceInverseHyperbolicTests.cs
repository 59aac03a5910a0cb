using System;
using System.Collections.Generic;
using System.Linq;
using ILGPU;
using ILGPU.Runtime;
using ModelGen.Gpu.Kernels.Elementwise;
using ModelGen.Gpu.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace ModelGen.Gpu.Tests.Numerics;

/// <summary>
/// The kernels' fp32 asinh, acosh, atanh and log1p, run in a kernel on ILGPU's CPU accelerator, against .NET's double
/// functions of the same fp32 arguments: a dense grid, the small arguments where a plain log form loses the result
/// (asinh and atanh near 0, acosh near 1, log1p near 0), the large ones where x² overflows, and the special values.
/// (Their PTX is compiled with the lowering case "inverse-hyperbolic", whose generated kernel calls them.)
/// </summary>
[Collection(GpuNumericsCollection.Name)]
public sealed class DeviceInverseHyperbolicTests(DeviceFixture devices, ITestOutputHelper output) : NumericTest(devices)
{
    /// <summary>Relative error allowed: a few fp32 ulps (2⁻²⁴ ≈ 6e-8 each).</summary>
    private const double Tolerance = 4e-7;

    private static readonly float[] Small = [1e-38f, 1e-30f, 1e-20f, 3e-8f, 1e-6f, 1e-4f, 1e-3f, 0.01f, 0.1f, 0.49f, 0.5f, 0.51f];

    private static readonly float[] Large = [10f, 1e3f, 4096f, 1e5f, 2.5e8f, 3e8f, 1e10f, 1e19f, 3e20f, 1e30f, 3e38f, float.MaxValue];

    [Fact]
    public void Asinh_is_accurate_from_tiny_to_huge_arguments()
    {
        var xs = Grid(-10f, 10f, 1f / 64).Concat(Signed(Small)).Concat(Signed(Large)).ToArray();
        CheckAgainstDouble("asinh", 0, xs, Math.Asinh);
        Assert.Equal([0f, float.PositiveInfinity, float.NegativeInfinity], Run(0, [0f, float.PositiveInfinity, float.NegativeInfinity]));
        Assert.True(float.IsNaN(Run(0, [float.NaN])[0]));
        Assert.True(float.IsNegative(Run(0, [-0f])[0]), "asinh(−0) is −0");
    }

    [Fact]
    public void Acosh_is_accurate_near_one_and_for_huge_arguments_and_NaN_below_one()
    {
        float[] nearOne = [1f, 1f + 1.1920929e-7f, 1.000001f, 1.0001f, 1.01f, 1.5f, 2f];
        var xs = Grid(1f, 20f, 1f / 64).Concat(nearOne).Concat(Large).ToArray();
        CheckAgainstDouble("acosh", 1, xs, Math.Acosh);
        Assert.Equal([float.PositiveInfinity], Run(1, [float.PositiveInfinity]));
        Assert.All(Run(1, [0.999f, 0f, -1f, -3f, -1e10f, float.NegativeInfinity, float.NaN]), y => Assert.True(float.IsNaN(y), y + " is not NaN"));
    }

    [Fact]
    public void Atanh_is_accurate_near_zero_and_near_one_and_infinite_at_one()
    {
        float nextBelowOne = BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(1f) - 1);
        var xs = Grid(-0.999f, 0.999f, 1f / 1024).Concat(Signed(Small)).Concat(Signed([0.9f, 0.99f, 0.9999f, nextBelowOne])).ToArray();
        CheckAgainstDouble("atanh", 2, xs, Math.Atanh);
        Assert.Equal([0f, float.PositiveInfinity, float.NegativeInfinity], Run(2, [0f, 1f, -1f]));
        Assert.All(Run(2, [1.5f, -2f, float.PositiveInfinity, float.NaN]), y => Assert.True(float.IsNaN(y), y + " is not NaN"));
        Assert.True(float.IsNegative(Run(2, [-0f])[0]), "atanh(−0) is −0");
    }

    [Fact]
    public void Log1p_is_accurate_near_zero_and_on_both_sides_of_its_switch()
    {
        var xs = Grid(-0.999f, 10f, 1f / 512).Concat(Signed(Small)).Concat(Large).ToArray();
        CheckAgainstDouble("log1p", 3, xs, x => Math.Log(1 + x));
        Assert.Equal([float.NegativeInfinity, float.PositiveInfinity], Run(3, [-1f, float.PositiveInfinity]));
        Assert.All(Run(3, [-1.5f, float.NaN]), y => Assert.True(float.IsNaN(y), y + " is not NaN"));
    }

    /// <summary>The function <paramref name="fn"/> (0 asinh, 1 acosh, 2 atanh, 3 log1p), element by element.</summary>
    private static void Apply(Index1D i, ArrayView<float> x, ArrayView<float> y, int fn) =>
        y[i] = fn switch
        {
            0 => DeviceInverseHyperbolic.Asinh(x[i]),
            1 => DeviceInverseHyperbolic.Acosh(x[i]),
            2 => DeviceInverseHyperbolic.Atanh(x[i]),
            _ => DeviceLog1p.Of(x[i]),
        };

    private float[] Run(int fn, float[] xs)
    {
        var accelerator = Accelerator(GpuBackends.Cpu);
        var kernel = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int>(Apply);
        using var x = Upload(GpuBackends.Cpu, xs);
        using var y = Zeros<float>(GpuBackends.Cpu, xs.Length);
        kernel(xs.Length, x.View, y.View, fn);
        return Download(GpuBackends.Cpu, y.View);
    }

    private void CheckAgainstDouble(string name, int fn, float[] xs, Func<double, double> exact)
    {
        float[] ys = Run(fn, xs);
        double worst = 0;
        float worstAt = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            double want = exact(xs[i]);
            double error = want == 0 ? Math.Abs(ys[i]) : Math.Abs(ys[i] - want) / Math.Abs(want);
            if (error > worst) (worst, worstAt) = (error, xs[i]);
        }

        output.WriteLine($"{name}: {xs.Length} arguments, largest relative error {worst:E2} at {worstAt:R}");
        Assert.True(worst <= Tolerance, $"{name}: relative error {worst:E2} at {worstAt:R}");
    }

    private static IEnumerable<float> Grid(float from, float to, float step)
    {
        for (float x = from; x <= to; x += step) yield return x;
    }

    private static IEnumerable<float> Signed(IEnumerable<float> values) => values.SelectMany(v => new[] { v, -v });
}

using System;
using System.Linq;
using ModelGen.Runtime.Kernels;
using Xunit;
using static ModelGen.Tests.Runtime.Kernels.KernelTestUtil;

namespace ModelGen.Tests.Runtime.Kernels;

public class GlobalPoolTests
{
    [Theory]
    [InlineData(1, 1)]
    [InlineData(6, 7)]
    [InlineData(3, 1000)] // several float chunks per plane
    public void FloatMatchesMeanAndMax(int planes, int size)
    {
        float[] x = RandomFloats(planes * size, 9);
        var avg = new float[planes];
        var max = new float[planes];
        GlobalPool.Average<float>(x, avg, planes, size);
        GlobalPool.Max<float>(x, max, planes, size);
        var eAvg = new double[planes];
        var eMax = new double[planes];
        for (int p = 0; p < planes; p++)
        {
            var plane = x.Skip(p * size).Take(size).Select(v => (double)v).ToArray();
            eAvg[p] = plane.Average();
            eMax[p] = plane.Max();
        }
        AssertClose(eAvg, avg);
        AssertClose(eMax, max);
    }

    [Fact]
    public void HalfAverageDoesNotSumInHalf()
    {
        // 4096 first: a Half running sum would then lose every +1 (its spacing at 4096 is 4).
        var x = Enumerable.Repeat((Half)1, 4096).Prepend((Half)4096).ToArray();
        var y = new Half[1];
        GlobalPool.Average<Half>(x, y, 1, x.Length);
        Assert.Equal((Half)(8192.0 / 4097), y[0]);
    }

    [Fact]
    public void DoubleAndNaN()
    {
        double[] x = { 1, 2, 3, double.NaN, 5, 6 };
        var avg = new double[2];
        var max = new double[2];
        GlobalPool.Average<double>(x, avg, 2, 3);
        GlobalPool.Max<double>(x, max, 2, 3);
        Assert.Equal(2, avg[0]);
        Assert.True(double.IsNaN(avg[1]));
        Assert.Equal(3, max[0]);
        Assert.True(double.IsNaN(max[1]));
    }

    [Fact]
    public void ShortSpansThrow()
    {
        Assert.Throws<ArgumentException>(() => GlobalPool.Average<float>(new float[5], new float[2], 2, 3));
        Assert.Throws<ArgumentException>(() => GlobalPool.Max<float>(new float[6], new float[1], 2, 3));
    }
}

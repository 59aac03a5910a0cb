using System;
using System.Linq;
using ModelGen.Runtime.Kernels;
using Xunit;
using static ModelGen.Tests.Runtime.Kernels.KernelTestUtil;

namespace ModelGen.Tests.Runtime.Kernels;

public class UnaryTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(17)]
    [InlineData(33)]
    [InlineData(65)]
    public void ReluFloatMatchesReference(int n)
    {
        float[] x = RandomFloats(n, n);
        x[0] = float.NaN;
        if (n > 2) x[n - 1] = float.NaN;
        var y = new float[n];
        Unary.Relu<float>(x, y);
        AssertClose(x.Select(v => float.IsNaN(v) ? double.NaN : Math.Max(v, 0.0)).ToArray(), y);
    }

    [Fact]
    public void ReluOtherTypes()
    {
        int[] xi = RandomInts(37, 1);
        var yi = new int[37];
        Unary.Relu<int>(xi, yi);
        Assert.Equal(xi.Select(v => Math.Max(v, 0)), yi);

        double[] xd = RandomDoubles(19, 2);
        var yd = new double[19];
        Unary.Relu<double>(xd, yd);
        AssertClose(xd.Select(v => Math.Max(v, 0)).ToArray(), yd);

        sbyte[] xs = Enumerable.Range(-40, 80).Select(v => (sbyte)v).ToArray();
        var ys = new sbyte[80];
        Unary.Relu<sbyte>(xs, ys);
        Assert.Equal(xs.Select(v => (sbyte)Math.Max((int)v, 0)), ys);

        Half[] xh = { (Half)(-1f), (Half)2f, Half.NaN };
        var yh = new Half[3];
        Unary.Relu<Half>(xh, yh);
        Assert.Equal((Half)0f, yh[0]);
        Assert.Equal((Half)2f, yh[1]);
        Assert.True(Half.IsNaN(yh[2]));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(33)]
    [InlineData(65)]
    public void ExpMatchesReference(int n)
    {
        float[] x = RandomFloats(n, n, -10, 10);
        var y = new float[n];
        Unary.Exp<float>(x, y);
        AssertClose(x.Select(v => Math.Exp(v)).ToArray(), y);

        double[] xd = RandomDoubles(n, n);
        var yd = new double[n];
        Unary.Exp<double>(xd, yd);
        AssertClose(xd.Select(Math.Exp).ToArray(), yd, 1e-12);

        Half[] xh = x.Select(v => (Half)(v / 4)).ToArray();
        var yh = new Half[n];
        Unary.Exp<Half>(xh, yh);
        for (int i = 0; i < n; i++)
            Assert.True(Math.Abs(Math.Exp((double)xh[i]) - (double)yh[i]) <= 2e-3 * Math.Exp((double)xh[i]));
    }

    [Fact]
    public void ShortOutputThrows()
    {
        Assert.Throws<ArgumentException>(() => Unary.Relu<float>(new float[4], new float[3]));
        Assert.Throws<ArgumentException>(() => Unary.Exp<float>(new float[4], new float[3]));
    }
}

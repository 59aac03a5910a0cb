using System;
using ModelGen.Runtime.Kernels;
using Xunit;
using static ModelGen.Tests.Runtime.Kernels.KernelTestUtil;

namespace ModelGen.Tests.Runtime.Kernels;

public class SoftmaxTests
{
    private static double[] Reference(float[] x, int outer, int axis, int inner)
    {
        var y = new double[x.Length];
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                double max = double.NegativeInfinity, sum = 0;
                for (int a = 0; a < axis; a++) max = Math.Max(max, x[(o * axis + a) * inner + i]);
                for (int a = 0; a < axis; a++) sum += Math.Exp(x[(o * axis + a) * inner + i] - max);
                for (int a = 0; a < axis; a++) y[(o * axis + a) * inner + i] = Math.Exp(x[(o * axis + a) * inner + i] - max) / sum;
            }
        return y;
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(3, 17, 1)]
    [InlineData(2, 65, 1)]
    [InlineData(2, 7, 3)]
    [InlineData(1, 5, 33)]
    [InlineData(2, 3, 300)]
    [InlineData(1, 1, 7)]
    public void MatchesReference(int outer, int axis, int inner)
    {
        float[] x = RandomFloats(outer * axis * inner, axis, -30, 30); // large spread: needs the max subtraction
        var y = new float[x.Length];
        Softmax.Run<float>(x, y, outer, axis, inner);
        AssertClose(Reference(x, outer, axis, inner), y);

        var yd = new double[x.Length];
        Softmax.Run<double>(ToDouble(x), yd, outer, axis, inner);
        AssertClose(Reference(x, outer, axis, inner), yd, 1e-12);
    }

    [Fact]
    public void LargeValuesDoNotOverflow()
    {
        float[] x = { 1000f, 1000f, 999f };
        var y = new float[3];
        Softmax.Run<float>(x, y, 1, 3, 1);
        AssertClose(Reference(x, 1, 3, 1), y);
        Assert.All(y, v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void HalfWorks()
    {
        Half[] x = { (Half)1f, (Half)2f, (Half)3f, (Half)0.5f };
        var y = new Half[4];
        Softmax.Run<Half>(x, y, 2, 2, 1);
        double[] e = Reference(new[] { 1f, 2f, 3f, 0.5f }, 2, 2, 1);
        for (int i = 0; i < 4; i++) Assert.True(Math.Abs(e[i] - (double)y[i]) < 2e-3);
    }
}

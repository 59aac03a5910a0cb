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

public class LogSoftmaxTests
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
                for (int a = 0; a < axis; a++) y[(o * axis + a) * inner + i] = x[(o * axis + a) * inner + i] - max - Math.Log(sum);
            }
        return y;
    }

    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(3, 17, 1)]
    [InlineData(2, 300, 1)] // rows longer than the kernel's chunk
    [InlineData(2, 7, 3)]
    [InlineData(2, 3, 300)] // more inner columns than one chunk
    public void MatchesReference(int outer, int axis, int inner)
    {
        float[] x = RandomFloats(outer * axis * inner, axis + inner, -30, 30);
        var y = new float[x.Length];
        LogSoftmax.Run<float>(x, y, outer, axis, inner);
        AssertClose(Reference(x, outer, axis, inner), y);

        var yd = new double[x.Length];
        LogSoftmax.Run<double>(ToDouble(x), yd, outer, axis, inner);
        AssertClose(Reference(x, outer, axis, inner), yd, 1e-12);
    }

    [Theory]
    [InlineData(1, 1000, 1)]
    [InlineData(1, 600, 2)]
    public void HalfSumsInFloat(int outer, int axis, int inner)
    {
        // A thousand terms near 1: summed in Half the log would be off by far more than Half's own rounding.
        float[] xf = RandomFloats(outer * axis * inner, 5, -0.01f, 0.01f);
        var x = Array.ConvertAll(xf, v => (Half)v);
        var y = new Half[x.Length];
        LogSoftmax.Run<Half>(x, y, outer, axis, inner);
        double[] e = Reference(Array.ConvertAll(x, v => (float)v), outer, axis, inner);
        for (int i = 0; i < e.Length; i++) Assert.True(Math.Abs(e[i] - (double)y[i]) <= 1e-3 * Math.Abs(e[i]) + 1e-3, $"[{i}] {(double)y[i]} vs {e[i]}");
    }
}

public class HardmaxTests
{
    [Fact]
    public void MarksTheFirstMaximumAlongTheAxis()
    {
        // [outer=1, axis=3, inner=4]: column 0 ties at 5 (first wins), column 1 has its max last, column 2 a NaN, column 3 all equal.
        float[] x = { 5, 1, 0, 2, 5, 2, float.NaN, 2, 4, 3, 9, 2 };
        var y = new float[12];
        Hardmax.Run<float>(x, y, 1, 3, 4);
        Assert.Equal(new float[] { 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0 }, y);
    }

    [Fact]
    public void ContiguousRowsAndDoubles()
    {
        double[] x = { 1, 3, 3, 2, -1, -5, -0.5, -7 };
        var y = new double[8];
        Hardmax.Run<double>(x, y, 2, 4, 1);
        Assert.Equal(new double[] { 0, 1, 0, 0, 0, 0, 1, 0 }, y);
    }
}

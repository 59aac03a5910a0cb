using System;
using ModelGen.Runtime.Kernels;
using Xunit;
using static ModelGen.Tests.Runtime.Kernels.KernelTestUtil;

namespace ModelGen.Tests.Runtime.Kernels;

public class BatchNormalizationTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(2, 3, 17)]
    [InlineData(3, 7, 65)]
    [InlineData(1, 5, 33)]
    public void MatchesReference(int batch, int channels, int spatial)
    {
        const float eps = 1e-5f;
        float[] x = RandomFloats(batch * channels * spatial, 1);
        float[] scale = RandomFloats(channels, 2), bias = RandomFloats(channels, 3), mean = RandomFloats(channels, 4);
        float[] variance = RandomFloats(channels, 5, 0.1f, 2f);
        var expected = new double[x.Length];
        for (int b = 0; b < batch; b++)
            for (int c = 0; c < channels; c++)
                for (int s = 0; s < spatial; s++)
                {
                    int i = (b * channels + c) * spatial + s;
                    expected[i] = scale[c] * (x[i] - (double)mean[c]) / Math.Sqrt(variance[c] + (double)eps) + bias[c];
                }
        var y = new float[x.Length];
        BatchNormalization.Run<float>(x, scale, bias, mean, variance, y, batch, channels, spatial, eps);
        AssertClose(expected, y);

        var yd = new double[x.Length];
        BatchNormalization.Run<double>(ToDouble(x), ToDouble(scale), ToDouble(bias), ToDouble(mean), ToDouble(variance), yd, batch, channels, spatial, eps);
        AssertClose(expected, yd, 1e-6);

        var yh = new Half[x.Length];
        BatchNormalization.Run<Half>(Array.ConvertAll(x, v => (Half)v), Array.ConvertAll(scale, v => (Half)v), Array.ConvertAll(bias, v => (Half)v),
            Array.ConvertAll(mean, v => (Half)v), Array.ConvertAll(variance, v => (Half)v), yh, batch, channels, spatial, eps);
        for (int i = 0; i < x.Length; i++) Assert.True(Math.Abs(expected[i] - (double)yh[i]) < 0.05 * Math.Max(1, Math.Abs(expected[i])));
    }

    [Fact]
    public void ShortSpansThrow()
    {
        var p = new float[2];
        Assert.Throws<ArgumentException>(() => BatchNormalization.Run<float>(new float[7], p, p, p, p, new float[8], 1, 2, 4, 1e-5f));
        Assert.Throws<ArgumentException>(() => BatchNormalization.Run<float>(new float[8], new float[1], p, p, p, new float[8], 1, 2, 4, 1e-5f));
    }
}

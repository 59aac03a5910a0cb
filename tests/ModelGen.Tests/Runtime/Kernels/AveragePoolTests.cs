using System;
using ModelGen.Runtime.Kernels;
using Xunit;
using static ModelGen.Tests.Runtime.Kernels.KernelTestUtil;

namespace ModelGen.Tests.Runtime.Kernels;

/// <summary>AveragePool and LpPool against a tap-by-tap reference that follows the ONNX definitions.</summary>
public class AveragePoolTests
{
    /// <summary>A pool; <paramref name="Out"/> may exceed the floor formula (as ceil_mode makes it), so windows run past the end pad.</summary>
    public sealed record Case(int Batch, int Channels, int[] In, int[] Kernel, int[] Strides, int[] Dilations, int[] PadsBegin, int[] PadsEnd, int[] Out)
    {
        public override string ToString() =>
            $"N{Batch} C{Channels} in[{string.Join(",", In)}] k[{string.Join(",", Kernel)}] s[{string.Join(",", Strides)}] d[{string.Join(",", Dilations)}] " +
            $"p[{string.Join(",", PadsBegin)}|{string.Join(",", PadsEnd)}] out[{string.Join(",", Out)}]";
    }

    /// <summary>
    /// Per output, visits every tap: inside the input it adds x (or |x|^p), inside [−padBegin, in + padEnd) it counts
    /// toward count_include_pad's divisor.
    /// </summary>
    private static double[] Reference(Case c, float[] x, string kind, bool countPad, double p = 2)
    {
        int dims = c.In.Length, inSize = Product(c.In), outSize = Product(c.Out), kSize = Product(c.Kernel);
        var y = new double[c.Batch * c.Channels * outSize];
        for (int plane = 0; plane < c.Batch * c.Channels; plane++)
            for (int op = 0; op < outSize; op++)
            {
                int[] o = Unravel(op, c.Out);
                double sum = 0;
                int valid = 0, padded = 0;
                for (int t = 0; t < kSize; t++)
                {
                    int[] kk = Unravel(t, c.Kernel);
                    bool inside = true, inPadded = true;
                    int row = 0;
                    for (int d = 0; d < dims; d++)
                    {
                        int pos = o[d] * c.Strides[d] - c.PadsBegin[d] + kk[d] * c.Dilations[d];
                        if (pos < 0 || pos >= c.In[d]) inside = false;
                        if (pos >= c.In[d] + c.PadsEnd[d]) inPadded = false;
                        row = row * c.In[d] + pos;
                    }
                    if (inPadded) padded++;
                    if (!inside) continue;
                    valid++;
                    double v = x[plane * inSize + row];
                    sum += kind == "lp" ? Math.Pow(Math.Abs(v), p) : v;
                }
                y[plane * outSize + op] = kind == "lp" ? Math.Pow(sum, 1 / p) : sum / (countPad ? padded : valid);
            }
        return y;
    }

    public static TheoryData<Case> Cases() => new TheoryData<Case>
    {
        new Case(2, 3, new[] { 17 }, new[] { 3 }, new[] { 2 }, new[] { 1 }, new[] { 1 }, new[] { 1 }, new[] { 9 }),
        new Case(1, 2, new[] { 33 }, new[] { 4 }, new[] { 3 }, new[] { 2 }, new[] { 2 }, new[] { 0 }, new[] { 10 }),
        new Case(2, 3, new[] { 7, 9 }, new[] { 3, 3 }, new[] { 2, 2 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 4, 5 }),
        new Case(1, 4, new[] { 13, 17 }, new[] { 2, 3 }, new[] { 1, 2 }, new[] { 2, 1 }, new[] { 1, 0 }, new[] { 0, 2 }, new[] { 12, 9 }),
        // ceil_mode shapes: the last window starts inside the input but runs past in + padEnd.
        new Case(1, 1, new[] { 4, 4 }, new[] { 3, 3 }, new[] { 2, 2 }, new[] { 1, 1 }, new[] { 0, 0 }, new[] { 0, 0 }, new[] { 2, 2 }),
        new Case(1, 3, new[] { 2, 2 }, new[] { 3, 3 }, new[] { 3, 3 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 1, 1 }),
        new Case(1, 2, new[] { 5, 6, 7 }, new[] { 2, 3, 2 }, new[] { 2, 1, 2 }, new[] { 1, 2, 1 }, new[] { 1, 1, 0 }, new[] { 0, 1, 1 }, new[] { 3, 4, 4 }),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void AverageMatchesReferenceWithAndWithoutPadCounting(Case c)
    {
        float[] x = RandomFloats(c.Batch * c.Channels * Product(c.In), 5);
        var y = new float[c.Batch * c.Channels * Product(c.Out)];
        foreach (bool countPad in new[] { false, true })
        {
            AveragePool.Run<float>(x, y, c.Batch, c.Channels, c.In, c.Kernel, c.Out, c.Strides, c.Dilations, c.PadsBegin, c.PadsEnd, countPad);
            AssertClose(Reference(c, x, "avg", countPad), y);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void LpMatchesReference(Case c)
    {
        float[] x = RandomFloats(c.Batch * c.Channels * Product(c.In), 6);
        var y = new float[c.Batch * c.Channels * Product(c.Out)];
        foreach (float p in new[] { 2f, 3f, 1.5f })
        {
            LpPool.Run<float>(x, y, c.Batch, c.Channels, c.In, c.Kernel, c.Out, c.Strides, c.Dilations, c.PadsBegin, p);
            AssertClose(Reference(c, x, "lp", false, p), y);
        }
    }

    [Fact]
    public void PaddingOnlyWindowIsNaNUnlessPaddingCounts()
    {
        // 1-D, kernel 2, pad 2 at the start: the first window holds only padding.
        float[] x = { 4, 2, 1 };
        var y = new float[3];
        AveragePool.Run<float>(x, y, 1, 1, new[] { 3 }, new[] { 2 }, new[] { 3 }, new[] { 2 }, new[] { 1 }, new[] { 2 }, new[] { 1 }, false);
        Assert.True(float.IsNaN(y[0]));
        Assert.Equal(new float[] { 3, 1 }, y[1..]);
        AveragePool.Run<float>(x, y, 1, 1, new[] { 3 }, new[] { 2 }, new[] { 3 }, new[] { 2 }, new[] { 1 }, new[] { 2 }, new[] { 1 }, true);
        Assert.Equal(new float[] { 0, 3, 0.5f }, y);
    }

    [Fact]
    public void HalfSumsInDouble()
    {
        // 2048 then 2048 taps of 1: a Half running sum would stay at 2048 (its spacing there is 2, so +1 rounds away).
        var x = new Half[2049];
        x[0] = (Half)2048;
        for (int i = 1; i < 2049; i++) x[i] = (Half)1;
        var y = new Half[1];
        AveragePool.Run<Half>(x, y, 1, 1, new[] { 2049 }, new[] { 2049 }, new[] { 1 }, new[] { 1 }, new[] { 1 }, new[] { 0 }, new[] { 0 }, false);
        Assert.Equal((Half)(4096.0 / 2049), y[0]);
    }

    [Fact]
    public void BadArgumentsThrow()
    {
        var x = new float[9];
        var y = new float[9];
        Assert.Throws<ArgumentException>(() => AveragePool.Run<float>(x, y, 1, 1, new[] { 9 }, new[] { 1 }, new[] { 9 }, new[] { 1 }, new[] { 1 }, new[] { 0 }, ReadOnlySpan<int>.Empty, false));
        Assert.Throws<ArgumentException>(() => AveragePool.Run<float>(x, y, 1, 1, new[] { 9 }, new[] { 1 }, new[] { 10 }, new[] { 1 }, new[] { 1 }, new[] { 0 }, new[] { 0 }, false));
        Assert.Throws<ArgumentException>(() => LpPool.Run<float>(x, y, 1, 1, new[] { 9 }, new[] { 1 }, new[] { 9 }, new[] { 1 }, new[] { 1 }, new[] { 0 }, 0f));
    }
}

using System;
using ModelGen.Runtime.Kernels;
using Xunit;
using static ModelGen.Tests.Runtime.Kernels.KernelTestUtil;

namespace ModelGen.Tests.Runtime.Kernels;

public class MaxPoolTests
{
    public sealed record Case(int Batch, int Channels, int[] In, int[] Kernel, int[] Strides, int[] Dilations, int[] PadsBegin, int[] PadsEnd)
    {
        public int[] Out
        {
            get
            {
                var o = new int[In.Length];
                for (int d = 0; d < In.Length; d++)
                    o[d] = (In[d] + PadsBegin[d] + PadsEnd[d] - ((Kernel[d] - 1) * Dilations[d] + 1)) / Strides[d] + 1;
                return o;
            }
        }

        public override string ToString() =>
            $"N{Batch} C{Channels} in[{string.Join(",", In)}] k[{string.Join(",", Kernel)}] s[{string.Join(",", Strides)}] d[{string.Join(",", Dilations)}] p[{string.Join(",", PadsBegin)}|{string.Join(",", PadsEnd)}]";
    }

    /// <summary>Follows the ONNX reference: scan valid taps in row-major order, keep the first strict maximum.</summary>
    private static (double[] y, long[] idx) Reference(Case c, float[] x, int storageOrder)
    {
        int[] outS = c.Out;
        int dims = c.In.Length, inSize = Product(c.In), outSize = Product(outS), kSize = Product(c.Kernel);
        var y = new double[c.Batch * c.Channels * outSize];
        var idx = new long[y.Length];
        for (int plane = 0; plane < c.Batch * c.Channels; plane++)
            for (int op = 0; op < outSize; op++)
            {
                int[] o = Unravel(op, outS);
                double best = double.NegativeInfinity;
                long bestIdx = -1;
                bool any = false;
                for (int t = 0; t < kSize; t++)
                {
                    int[] kk = Unravel(t, c.Kernel);
                    var pos = new int[dims];
                    bool inside = true;
                    for (int d = 0; d < dims; d++)
                    {
                        pos[d] = o[d] * c.Strides[d] - c.PadsBegin[d] + kk[d] * c.Dilations[d];
                        if (pos[d] < 0 || pos[d] >= c.In[d]) inside = false;
                    }
                    if (!inside) continue;
                    long row = 0, col = 0, colStride = 1;
                    for (int d = 0; d < dims; d++) row = row * c.In[d] + pos[d];
                    for (int d = 0; d < dims; d++) { col += pos[d] * colStride; colStride *= c.In[d]; }
                    double v = x[plane * inSize + row];
                    if (!any || v > best)
                    {
                        any = true;
                        best = v;
                        bestIdx = (long)plane * inSize + (storageOrder == 0 ? row : col);
                    }
                }
                y[plane * outSize + op] = best;
                idx[plane * outSize + op] = bestIdx;
            }
        return (y, idx);
    }

    public static TheoryData<Case, int> Cases()
    {
        var cases = new[]
        {
            new Case(2, 3, new[] { 17 }, new[] { 3 }, new[] { 2 }, new[] { 1 }, new[] { 1 }, new[] { 1 }),
            new Case(1, 2, new[] { 33 }, new[] { 4 }, new[] { 3 }, new[] { 2 }, new[] { 2 }, new[] { 0 }),
            new Case(2, 3, new[] { 7, 9 }, new[] { 3, 3 }, new[] { 2, 2 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 1, 1 }),
            new Case(1, 4, new[] { 13, 17 }, new[] { 2, 3 }, new[] { 1, 2 }, new[] { 2, 1 }, new[] { 1, 0 }, new[] { 0, 2 }),
            new Case(1, 1, new[] { 5, 6 }, new[] { 2, 2 }, new[] { 3, 3 }, new[] { 1, 1 }, new[] { 3, 3 }, new[] { 3, 3 }), // padding-only windows
            new Case(1, 2, new[] { 5, 6, 7 }, new[] { 2, 3, 2 }, new[] { 2, 1, 2 }, new[] { 1, 2, 1 }, new[] { 1, 1, 0 }, new[] { 0, 1, 1 }),
            // The 2-D float path's rows (column maxima, then window maxima, then a pick at the stride): mnist-8's 2×2/2,
            // 3×3/1 with padding on both sides (37 wide: an overlapping last vector), 3×3/2 with a padded left column,
            // mnist-8's 3×3/3, rows narrower than a 256-bit vector (7 wide) and than a 128-bit one (3 wide).
            new Case(1, 3, new[] { 28, 28 }, new[] { 2, 2 }, new[] { 2, 2 }, new[] { 1, 1 }, new[] { 0, 0 }, new[] { 0, 0 }),
            // 2×2/2 pairs split in registers (FloatPlane2x2, AVX2): odd input sizes (the last row and column left out) with
            // 16 outputs per row, and 10 per row (a last vector moved back), two images
            new Case(1, 2, new[] { 9, 33 }, new[] { 2, 2 }, new[] { 2, 2 }, new[] { 1, 1 }, new[] { 0, 0 }, new[] { 0, 0 }),
            new Case(2, 2, new[] { 6, 20 }, new[] { 2, 2 }, new[] { 2, 2 }, new[] { 1, 1 }, new[] { 0, 0 }, new[] { 0, 0 }),
            new Case(2, 2, new[] { 20, 37 }, new[] { 3, 3 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 1, 1 }),
            new Case(1, 2, new[] { 9, 40 }, new[] { 3, 3 }, new[] { 2, 2 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 1, 0 }),
            new Case(1, 16, new[] { 14, 14 }, new[] { 3, 3 }, new[] { 3, 3 }, new[] { 1, 1 }, new[] { 0, 0 }, new[] { 0, 0 }),
            new Case(1, 2, new[] { 6, 7 }, new[] { 3, 2 }, new[] { 1, 3 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 1, 1 }),
            new Case(1, 2, new[] { 5, 3 }, new[] { 3, 3 }, new[] { 2, 1 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 1, 1 }),
        };
        var data = new TheoryData<Case, int>();
        foreach (Case c in cases)
        {
            data.Add(c, 0);
            data.Add(c, 1);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void FloatMatchesReference(Case c, int storageOrder)
    {
        float[] x = RandomFloats(c.Batch * c.Channels * Product(c.In), 11);
        int[] outS = c.Out;
        var y = new float[c.Batch * c.Channels * Product(outS)];
        var idx = new long[y.Length];
        MaxPool.Run<float>(x, y, idx, c.Batch, c.Channels, c.In, c.Kernel, outS, c.Strides, c.Dilations, c.PadsBegin, storageOrder);
        var (ey, eidx) = Reference(c, x, storageOrder);
        AssertClose(ey, y);
        Assert.Equal(eidx, idx);

        // Without indices the values are identical.
        var y2 = new float[y.Length];
        MaxPool.Run<float>(x, y2, Span<long>.Empty, c.Batch, c.Channels, c.In, c.Kernel, outS, c.Strides, c.Dilations, c.PadsBegin, storageOrder);
        Assert.Equal(y, y2);
    }

    [Fact]
    public void IntegerEmptyWindowIsMinValueAndTiesKeepFirst()
    {
        // 1-D, kernel 2, pad 2 at the start: the first window is all padding.
        int[] x = { 4, 4, 1 };
        var y = new int[3];
        var idx = new long[3];
        MaxPool.Run<int>(x, y, idx, 1, 1, new[] { 3 }, new[] { 2 }, new[] { 3 }, new[] { 2 }, new[] { 1 }, new[] { 2 }, 0);
        Assert.Equal(new[] { int.MinValue, 4, 1 }, y);
        Assert.Equal(new long[] { -1, 0, 2 }, idx);
    }

    [Fact]
    public void NaNInWindowPropagatesWithAndWithoutIndices()
    {
        float[] x = { 1, float.NaN, 3, 0, 5, 2 };
        var y = new float[3];
        var idx = new long[3];
        // 1-D, kernel 2, stride 2: windows {1,NaN}, {3,0}, {5,2}
        MaxPool.Run<float>(x, y, idx, 1, 1, new[] { 6 }, new[] { 2 }, new[] { 3 }, new[] { 2 }, new[] { 1 }, new[] { 0 }, 0);
        Assert.True(float.IsNaN(y[0]));
        Assert.Equal(new float[] { 3, 5 }, y[1..]);
        Assert.Equal(new long[] { 1, 2, 4 }, idx);
        var y2 = new float[3];
        MaxPool.Run<float>(x, y2, Span<long>.Empty, 1, 1, new[] { 6 }, new[] { 2 }, new[] { 3 }, new[] { 2 }, new[] { 1 }, new[] { 0 }, 0);
        Assert.True(float.IsNaN(y2[0]));
    }

    [Fact]
    public void NaNInA2DWindowPropagatesThroughTheVectorRows()
    {
        // 2×2 windows, stride 2, over 4×40: every output column is in the vector part except the row's tail.
        var x = new float[4 * 40];
        for (int i = 0; i < x.Length; i++) x[i] = i % 7 - 3;
        x[1 * 40 + 5] = float.NaN;   // window (0, 2), second row of it
        x[2 * 40 + 32] = float.NaN;  // window (1, 16)
        var y = new float[2 * 20];
        MaxPool.Run<float>(x, y, Span<long>.Empty, 1, 1, new[] { 4, 40 }, new[] { 2, 2 }, new[] { 2, 20 }, new[] { 2, 2 }, new[] { 1, 1 }, new[] { 0, 0 }, 0);
        for (int i = 0; i < y.Length; i++) Assert.Equal(i == 2 || i == 20 + 16, float.IsNaN(y[i]));
    }

    [Fact]
    public void HalfWorks()
    {
        Half[] x = { (Half)1, (Half)(-2), (Half)3, (Half)0.5f };
        var y = new Half[1];
        MaxPool.Run<Half>(x, y, Span<long>.Empty, 1, 1, new[] { 2, 2 }, new[] { 2, 2 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 0, 0 }, 0);
        Assert.Equal((Half)3, y[0]);
    }

    [Fact]
    public void ShortIndicesThrow()
    {
        Assert.Throws<ArgumentException>(() => MaxPool.Run<float>(new float[9], new float[4], new long[3], 1, 1, new[] { 3, 3 },
            new[] { 2, 2 }, new[] { 2, 2 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 0, 0 }, 0));
    }
}

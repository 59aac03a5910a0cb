using System;
using System.Linq;
using ModelGen.Runtime.Kernels;
using Xunit;
using static ModelGen.Tests.Runtime.Kernels.KernelTestUtil;

namespace ModelGen.Tests.Runtime.Kernels;

public class SliceTests
{
    private static int[] Reference(int[] x, int[] inShape, int[] starts, int[] steps, int[] outShape)
    {
        int[] xs = Strides(inShape);
        var y = new int[Product(outShape)];
        for (int i = 0; i < y.Length; i++)
        {
            int[] o = Unravel(i, outShape);
            int off = 0;
            for (int d = 0; d < o.Length; d++) off += (starts[d] + o[d] * steps[d]) * xs[d];
            y[i] = x[off];
        }
        return y;
    }

    public static TheoryData<int[], int[], int[], int[]> Cases => new()
    {
        // inShape, starts, steps, outShape
        { new[] { 17 }, new[] { 16 }, new[] { -1 }, new[] { 17 } },                    // reverse
        { new[] { 33 }, new[] { 3 }, new[] { 2 }, new[] { 15 } },
        { new[] { 7, 9 }, new[] { 6, 8 }, new[] { -2, -3 }, new[] { 4, 3 } },
        { new[] { 3, 5, 7 }, new[] { 0, 1, 2 }, new[] { 1, 1, 1 }, new[] { 3, 3, 4 } }, // contiguous inner runs
        { new[] { 3, 5, 7 }, new[] { 1, 0, 0 }, new[] { 1, 1, 1 }, new[] { 2, 5, 7 } }, // merges into one run
        { new[] { 4, 6, 5 }, new[] { 3, 5, 4 }, new[] { -1, -2, -1 }, new[] { 4, 3, 5 } },
        { new[] { 2, 3, 4, 5 }, new[] { 1, 2, 0, 4 }, new[] { 1, -1, 3, -2 }, new[] { 1, 3, 2, 3 } },
        { new[] { 5 }, new[] { 2 }, new[] { 1 }, new[] { 1 } },
        { new int[0], new int[0], new int[0], new int[0] },
        { new[] { 4, 4 }, new[] { 0, 0 }, new[] { 1, 1 }, new[] { 0, 4 } },            // empty output
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesReference(int[] inShape, int[] starts, int[] steps, int[] outShape)
    {
        int[] x = Enumerable.Range(0, Product(inShape)).ToArray();
        var y = new int[Product(outShape)];
        Slice.Run<int>(x, y, inShape, starts, steps, outShape);
        Assert.Equal(Reference(x, inShape, starts, steps, outShape), y);

        var yf = new float[y.Length];
        Slice.Run<float>(x.Select(v => (float)v).ToArray(), yf, inShape, starts, steps, outShape);
        Assert.Equal(y.Select(v => (float)v), yf);
    }

    [Fact]
    public void OutOfRangeThrows()
    {
        Assert.Throws<ArgumentException>(() => Slice.Run<int>(new int[5], new int[3], new[] { 5 }, new[] { 1 }, new[] { 2 }, new[] { 3 }));
        Assert.Throws<ArgumentException>(() => Slice.Run<int>(new int[5], new int[3], new[] { 5 }, new[] { 1 }, new[] { -1 }, new[] { 3 }));
        Assert.Throws<ArgumentException>(() => Slice.Run<int>(new int[4], new int[3], new[] { 5 }, new[] { 0 }, new[] { 1 }, new[] { 3 }));
    }
}

using System;
using System.Linq;
using ModelGen.Runtime.Kernels;
using Xunit;

namespace ModelGen.Tests.Runtime.Kernels;

public class GatherTests
{
    private static float[] Reference(float[] data, long[] indices, int outer, int axis, int inner)
    {
        var y = new float[outer * indices.Length * inner];
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < indices.Length; j++)
            {
                long i = indices[j] < 0 ? indices[j] + axis : indices[j];
                for (int t = 0; t < inner; t++) y[(o * indices.Length + j) * inner + t] = data[(o * axis + i) * inner + t];
            }
        return y;
    }

    [Theory]
    [InlineData(1, 7, 1)]
    [InlineData(1, 17, 33)]  // axis 0 of a [17, 33] table (embedding lookup)
    [InlineData(3, 5, 1)]    // last axis
    [InlineData(2, 7, 3)]
    public void MatchesReferenceWithNegativeIndices(int outer, int axis, int inner)
    {
        float[] data = Enumerable.Range(0, outer * axis * inner).Select(v => (float)v).ToArray();
        long[] idx = { 0, -1, axis - 1, -axis, 2 % axis, -(axis / 2) - 1 };
        var y = new float[outer * idx.Length * inner];
        Gather.Run<float>(data, idx, y, outer, axis, inner);
        Assert.Equal(Reference(data, idx, outer, axis, inner), y);

        int[] idx32 = idx.Select(v => (int)v).ToArray();
        var y32 = new float[y.Length];
        Gather.Run<float>(data, idx32, y32, outer, axis, inner);
        Assert.Equal(y, y32);
    }

    [Theory]
    [InlineData(5L)]
    [InlineData(-6L)]
    [InlineData(long.MaxValue)]
    [InlineData(long.MinValue)]
    public void OutOfRangeThrowsWithMessage(long bad)
    {
        var data = new float[10];
        var y = new float[2 * 2];
        var ex = Assert.Throws<IndexOutOfRangeException>(() => Gather.Run<float>(data, new[] { 0L, bad }, y, 2, 5, 1));
        Assert.Contains(bad.ToString(), ex.Message);
        Assert.Contains("[-5, 5)", ex.Message);
        if (bad is >= int.MinValue and <= int.MaxValue)
        {
            var ex32 = Assert.Throws<IndexOutOfRangeException>(() => Gather.Run<float>(data, new[] { (int)bad }, y, 2, 5, 1));
            Assert.Contains(bad.ToString(), ex32.Message);
        }
    }

    [Fact]
    public void ShortOutputThrows()
    {
        Assert.Throws<ArgumentException>(() => Gather.Run<int>(new int[6], new long[] { 0, 1 }, new int[3], 1, 3, 2));
    }
}

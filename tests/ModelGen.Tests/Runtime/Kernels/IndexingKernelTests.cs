using System;
using System.Linq;
using ModelGen.Runtime.Kernels;
using Xunit;

namespace ModelGen.Tests.Runtime.Kernels;

/// <summary>
/// The index and scan kernels on what the backend suite does not reach: int32 indices, out-of-range indices,
/// diagonals past the edges, conditions longer than the axis, OneHot-9's negative indices, float16 accumulation,
/// integer wrap-around, and no allocation per call. Expected values are the ONNX rules written out.
/// </summary>
public class IndexingKernelTests
{
    [Fact]
    public void GatherElementsTakesInt32AndInt64IndicesAlike()
    {
        float[] data = { 1, 2, 3, 4, 5, 6 }; // [2,3]
        long[] idx = { 2, -3, 1, -1 };       // [2,2] along axis 1: indices dim 1 (2) is below data's (3)
        var y64 = new float[4];
        var y32 = new float[4];
        GatherElements.Run<float>(data, idx, y64, new[] { 2, 3 }, new[] { 2, 2 }, 1);
        GatherElements.Run<float>(data, idx.Select(v => (int)v).ToArray(), y32, new[] { 2, 3 }, new[] { 2, 2 }, 1);
        Assert.Equal(new float[] { 3, 1, 5, 6 }, y64);
        Assert.Equal(y64, y32);
        Assert.Throws<IndexOutOfRangeException>(() => GatherElements.Run<float>(data, new long[] { 3 }, new float[1], new[] { 2, 3 }, new[] { 1, 1 }, 1));
        Assert.Throws<ArgumentException>(() => GatherElements.Run<float>(data, new long[4], new float[4], new[] { 2, 3 }, new[] { 4, 1 }, 1));
    }

    [Fact]
    public void ScatterElementsWritesInUpdateOrderAndReduces()
    {
        float[] data = { 1, 2, 3, 4, 5, 6 }; // [2,3]
        int[] idx = { 0, 0, -1 };            // [1,3] along axis 1
        float[] updates = { 10, 20, 30 };
        var y = new float[6];
        ScatterElements.Run<float>(data, idx, updates, y, new[] { 2, 3 }, new[] { 1, 3 }, 1);
        Assert.Equal(new float[] { 20, 2, 30, 4, 5, 6 }, y); // the later duplicate wins
        ScatterElements.Reduce<float>(data, idx, updates, y, new[] { 2, 3 }, new[] { 1, 3 }, 1, ScatterReduction.Add);
        Assert.Equal(new float[] { 31, 2, 33, 4, 5, 6 }, y);
        ScatterElements.Reduce<float>(data, idx, updates, y, new[] { 2, 3 }, new[] { 1, 3 }, 1, ScatterReduction.Min);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6 }, y);
        ScatterElements.Reduce<float>(data, new[] { 0, 0, 0 }, new[] { float.NaN, 0, 7 }, y, new[] { 2, 3 }, new[] { 1, 3 }, 1, ScatterReduction.Max);
        Assert.True(float.IsNaN(y[0])); // NaN propagates as numpy's maximum does
        Assert.Throws<IndexOutOfRangeException>(() => ScatterElements.Run<float>(data, new[] { -4 }, updates, y, new[] { 2, 3 }, new[] { 1, 1 }, 1));
    }

    [Fact]
    public void GatherNDAndScatterNDAddressSlicesByTuples()
    {
        int[] data = Enumerable.Range(0, 12).ToArray(); // [2,3,2]
        var y = new int[4];
        GatherND.Run<int>(data, new long[] { 1, -1, 0, 0 }, y, 1, new[] { 2, 3 }, 2, 2); // tuples (1,2) and (0,0), slices of 2
        Assert.Equal(new[] { 10, 11, 0, 1 }, y);
        var s = new int[12];
        ScatterND.Reduce<int>(data, new long[] { 1, -1, 1, 2 }, new[] { 100, 200, 1, 2 }, s, new[] { 2, 3 }, 2, 2, ScatterReduction.Mul);
        Assert.Equal(new[] { 1000, 4400 }, s.Skip(10)); // both tuples address (1, 2)
        Assert.Throws<IndexOutOfRangeException>(() => GatherND.Run<int>(data, new long[] { 2, 0 }, y, 1, new[] { 2, 3 }, 1, 2));
    }

    [Fact]
    public void CumulativeFoldsAlongTheAxisExclusivelyAndInReverse()
    {
        double[] x = { 1, 2, 3, 4, 5, 6 }; // [2,3]
        var y = new double[6];
        Cumulative.Sum<double>(x, y, 2, 3, 1, exclusive: false, reverse: false);
        Assert.Equal(new double[] { 1, 3, 6, 4, 9, 15 }, y);
        Cumulative.Sum<double>(x, y, 1, 2, 3, exclusive: true, reverse: true); // axis 0
        Assert.Equal(new double[] { 4, 5, 6, 0, 0, 0 }, y);
        Cumulative.ProductAlong<double>(x, new long[] { -1 }, y, new[] { 2, 3 }, exclusive: true, reverse: false);
        Assert.Equal(new double[] { 1, 1, 2, 1, 4, 20 }, y);
        Assert.Throws<ArgumentException>(() => Cumulative.SumAlong<double>(x, new[] { 2 }, y, new[] { 2, 3 }, false, false));
    }

    [Fact]
    public void CumulativeHalfSumsRoundOncePerOutput()
    {
        // 2048 + 1 + 1 + ...: float16 cannot hold 2049, so accumulating in float16 would stay at 2048 forever.
        var x = new Half[9];
        x[0] = (Half)2048;
        for (int i = 1; i < x.Length; i++) x[i] = Half.One;
        var y = new Half[9];
        Cumulative.Sum<Half>(x, y, 1, 9, 1, false, false);
        Assert.Equal((Half)2056, y[8]);
    }

    [Fact]
    public void CumulativeIntegersWrapLikeTheType()
    {
        int[] x = { int.MaxValue, 1, 65536, 65536 };
        var y = new int[4];
        Cumulative.Sum<int>(x, y, 1, 4, 1, false, false);
        Assert.Equal(unchecked(int.MaxValue + 1), y[1]);
        Cumulative.Product<int>(x.Skip(2).ToArray(), y, 1, 2, 1, false, false);
        Assert.Equal(0, y[1]); // 2^32 wraps to 0
        uint[] u = { 0, 1 };
        var yu = new uint[2];
        Cumulative.Sum<uint>(u, yu, 1, 2, 1, true, true);
        Assert.Equal(new uint[] { 1, 0 }, yu);
    }

    [Fact]
    public void OneHotWrapsNegativeIndicesOnlyFromRevision11()
    {
        float[] indices = { -1, 1.7f, 5 }; // [3], depth 3 on the last axis; 1.7 truncates to 1, 5 matches nothing
        var y = new int[9];
        OneHot.Run<float, int>(indices, new[] { 0, 9 }, y, 3, 3, 1, negativeFromEnd: true);
        Assert.Equal(new[] { 0, 0, 9, 0, 9, 0, 0, 0, 0 }, y);
        OneHot.Run<float, int>(indices, new[] { 0, 9 }, y, 3, 3, 1, negativeFromEnd: false);
        Assert.Equal(new[] { 0, 0, 0, 0, 9, 0, 0, 0, 0 }, y);
        var depth = new int[1];
        OneHot.Depth<float>(new[] { 4.9f }, depth);
        Assert.Equal(4, depth[0]);
        Assert.Throws<ArgumentException>(() => OneHot.Depth<long>(new[] { -1L }, depth));
    }

    [Theory]
    [InlineData(3, 4, 0)]
    [InlineData(3, 4, 2)]
    [InlineData(3, 4, -2)]
    [InlineData(3, 4, 4)]
    [InlineData(3, 4, -3)]
    public void EyeLikeSetsOneDiagonal(int rows, int cols, int k)
    {
        var y = Enumerable.Repeat(7L, rows * cols).ToArray();
        EyeLike.Run<long>(y, rows, cols, k, 1L);
        for (int i = 0; i < rows; i++)
            for (int j = 0; j < cols; j++)
                Assert.Equal(j - i == k ? 1L : 0L, y[i * cols + j]);
    }

    [Fact]
    public void CompressKeepsTrueSlicesAndIgnoresConditionPastTheAxis()
    {
        float[] x = { 1, 2, 3, 4, 5, 6 }; // [3,2]
        var y = new float[6];
        var count = new int[1];
        Compress.Counted<float>(x, new[] { false, true }, y, 3, 2, 1, count); // axis 1: output [3,1]
        Assert.Equal(1, count[0]);
        Assert.Equal(new float[] { 2, 4, 6 }, y.Take(3));
        Compress.Counted<float>(x, new[] { true, false, true, true }, y, 1, 3, 2, count); // axis 0: the 4th entry is past the axis
        Assert.Equal(2, count[0]);
        Assert.Equal(new float[] { 1, 2, 5, 6 }, y.Take(4));
        Assert.Throws<ArgumentException>(() => Compress.Run<float>(x, new[] { true, true }, new float[1], 1, 6, 1)); // y too small for what is kept
    }

    [Fact]
    public void TheKernelsDoNotAllocate()
    {
        float[] data = new float[64], y = new float[64], updates = new float[64];
        long[] idx = new long[64];
        int[] dims = { 4, 16 }, count = new int[1], axis = { -1 };
        bool[] condition = Enumerable.Repeat(true, 16).ToArray();
        Action[] calls =
        {
            () => GatherElements.Run<float>(data, idx, y, dims, dims, 1),
            () => ScatterElements.Reduce<float>(data, idx, updates, y, dims, dims, 0, ScatterReduction.Add),
            () => GatherND.Run<float>(data, idx, y, 1, new ReadOnlySpan<int>(dims, 0, 1), 4, 16),
            () => ScatterND.Run<float>(data, idx, updates, y, new ReadOnlySpan<int>(dims, 0, 1), 4, 16),
            () => Cumulative.SumAlong<float>(data, axis, y, dims, true, true),
            () => OneHot.Run<long, float>(idx.AsSpan(0, 16), data.AsSpan(0, 2), y, 4, 4, 4, true),
            () => EyeLike.Run<float>(y, 8, 8, 1, 1f),
            () => Compress.Counted<float>(data, condition, y, 4, 16, 1, count),
        };
        foreach (var call in calls)
        {
            call();
            call();
            long before = GC.GetAllocatedBytesForCurrentThread();
            call();
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }
}

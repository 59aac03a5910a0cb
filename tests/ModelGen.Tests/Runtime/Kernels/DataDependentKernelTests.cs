using System;
using System.Linq;
using ModelGen.Runtime;
using ModelGen.Runtime.Kernels;
using Xunit;
using Range = ModelGen.Runtime.Kernels.Range;

namespace ModelGen.Tests.Runtime.Kernels;

/// <summary>The kernels behind run-time dims (they set dims as they run) and the small generators, against the ONNX rules written out.</summary>
public class DataDependentKernelTests
{
    [Fact]
    public void ReshapeDimsAppliesZeroAndMinusOne()
    {
        var dims = new int[3];
        ShapeKernels.ReshapeDims(new long[] { 0, -1, 2 }, new[] { 2, 3, 4 }, false, dims);
        Assert.Equal(new[] { 2, 6, 2 }, dims);
        Assert.Throws<ArgumentException>(() => ShapeKernels.ReshapeDims(new long[] { 5, -1 }, new[] { 2, 3 }, false, new int[2]));
        Assert.Throws<ArgumentException>(() => ShapeKernels.ReshapeDims(new long[] { -1, -1 }, new[] { 2, 3 }, false, new int[2]));
        var zero = new int[2];
        ShapeKernels.ReshapeDims(new long[] { 0, 4 }, new[] { 0, 9 }, true, zero); // allowzero: 0 is a dim
        Assert.Equal(new[] { 0, 4 }, zero);
    }

    [Fact]
    public void SqueezeUnsqueezeAndExpandDims()
    {
        var u = new int[4];
        ShapeKernels.UnsqueezeDims(new long[] { -1, 0 }, new[] { 3, 5 }, u);
        Assert.Equal(new[] { 1, 3, 5, 1 }, u);
        var s = new int[1];
        ShapeKernels.SqueezeDims(new long[] { 0, 2 }, new[] { 1, 7, 1 }, s);
        Assert.Equal(new[] { 7 }, s);
        Assert.Throws<ArgumentException>(() => ShapeKernels.SqueezeDims(new long[] { 1 }, new[] { 1, 7, 1 }, new int[2]));
        var e = new int[3];
        ShapeKernels.ExpandDims(new long[] { 2, 1, 6 }, new[] { 3, 1 }, e);
        Assert.Equal(new[] { 2, 3, 6 }, e);
        Assert.Throws<ArgumentException>(() => ShapeKernels.ExpandDims(new long[] { 4 }, new[] { 3 }, new int[1]));
    }

    [Theory]
    [InlineData(0, 3, 1)]
    [InlineData(-3, 100, 1)]
    [InlineData(4, -100, -1)]
    [InlineData(1, 4, 2)]
    [InlineData(3, 3, 1)]
    public void DynamicSliceFollowsTheSpec(long start, long end, int step)
    {
        float[] x = Enumerable.Range(0, 5 * 2).Select(i => (float)i).ToArray(); // [5,2], sliced on axis 0
        var y = new float[10];
        var dims = new int[1];
        Slice.Dynamic<float>(x, y, new[] { 5, 2 }, new[] { start }, new[] { end }, new[] { 0 }, new[] { step }, dims);
        var rows = new System.Collections.Generic.List<int>();
        long first = start < 0 ? Math.Max(start + 5, 0) : start;
        long last = end < 0 ? Math.Max(end + 5, -1) : end;
        if (step > 0) for (long i = Math.Min(first, 5); i < Math.Min(last, 5); i += step) rows.Add((int)i);
        else for (long i = Math.Min(first, 4); i > Math.Min(last, 4); i += step) rows.Add((int)i);
        Assert.Equal(rows.Count, dims[0]);
        Assert.Equal(rows.SelectMany(r => new[] { (float)(2 * r), 2 * r + 1f }), y.Take(dims[0] * 2));
    }

    [Fact]
    public void DynamicSliceWithRunTimeAxesSetsEveryDim()
    {
        float[] x = Enumerable.Range(0, 12).Select(i => (float)i).ToArray(); // [3,4]
        var y = new float[12];
        var dims = new int[2];
        Slice.DynamicAxes<float>(x, y, new[] { 3, 4 }, new long[] { 1 }, new long[] { 3 }, new long[] { -1 }, ReadOnlySpan<long>.Empty, dims);
        Assert.Equal(new[] { 3, 2 }, dims);
        Assert.Equal(new float[] { 1, 2, 5, 6, 9, 10 }, y.Take(6));
    }

    [Fact]
    public void NonZeroWritesRowMajorIndicesAndTheCount()
    {
        var x = new[] { 0f, 3, 0, 1, 0, 2 }; // [2,3]
        var y = new long[12];
        var count = new int[1];
        NonZero.Run<float>(x, new[] { 2, 3 }, y, count);
        Assert.Equal(3, count[0]);
        Assert.Equal(new long[] { 0, 1, 1, 1, 0, 2 }, y.Take(6)); // rows then columns
        NonZero.Run<bool>(new[] { false, true }, new[] { 2 }, y, count);
        Assert.Equal(1, count[0]);
        Assert.Equal(1, y[0]);
    }

    [Fact]
    public void RangeCountsExactlyAndFills()
    {
        var c = new int[1];
        Range.Count<long>(new long[] { 10 }, new long[] { 4 }, new long[] { -2 }, c);
        Assert.Equal(3, c[0]);
        Range.Count<int>(new[] { 3 }, new[] { 9 }, new[] { 3 }, c);
        Assert.Equal(2, c[0]);
        Range.Count<float>(new[] { 1f }, new[] { 2f }, new[] { 0.3f }, c);
        Assert.Equal(4, c[0]);
        var y = new long[3];
        Range.Run<long>(new long[] { 10 }, new long[] { -2 }, y);
        Assert.Equal(new long[] { 10, 8, 6 }, y);
        var h = new Half[3];
        Range.Run<Half>(new[] { (Half)1f }, new[] { (Half)0.5f }, h);
        Assert.Equal(new[] { (Half)1f, (Half)1.5f, (Half)2f }, h);
        Assert.Throws<ArgumentException>(() => Range.Count<int>(new[] { 0 }, new[] { 5 }, new[] { 0 }, c));
    }

    [Fact]
    public void CastTruncatesWrapsAndTreatsBoolAsNonZero()
    {
        var i = new int[4];
        Cast.Run<float, int>(new[] { 1.9f, -1.9f, 0.5f, 3f }, i);
        Assert.Equal(new[] { 1, -1, 0, 3 }, i);
        var b = new sbyte[2];
        Cast.Run<int, sbyte>(new[] { 200, -129 }, b);
        Assert.Equal(new sbyte[] { -56, 127 }, b);
        var t = new bool[3];
        Cast.ToBool<float>(new[] { 0f, -0f, 0.1f }, t);
        Assert.Equal(new[] { false, false, true }, t);
        var f = new double[2];
        Cast.FromBool<double>(new[] { true, false }, f);
        Assert.Equal(new[] { 1.0, 0.0 }, f);
    }

    [Fact]
    public void ExpandAndFill()
    {
        var y = new float[6];
        Expand.Run<float>(new[] { 1f, 2f, 3f }, y, new[] { 2, 3 }, new[] { 0, 1 });
        Assert.Equal(new float[] { 1, 2, 3, 1, 2, 3 }, y);
        Expand.Run<float>(new[] { 7f, 8f }, y, new[] { 2, 3 }, new[] { 1, 0 });
        Assert.Equal(new float[] { 7, 7, 7, 8, 8, 8 }, y);
        Fill.Run<long>(new long[2].AsSpan(), 5);
    }

    [Fact]
    public void GrowableBufferKeepsItsContentsWhenItGrows()
    {
        var g = new GrowableBuffer();
        g.Grow<int>(2);
        g.Get<int>(2)[1] = 42;
        g.Grow<int>(1000);
        Assert.Equal(42, g.Get<int>(1000)[1]);
        Assert.Equal(-2, DimMath.FloorDiv(-3, 2));
        Assert.Equal(1, DimMath.FloorDiv(3, 2));
        Assert.Equal(6, new TensorDims(2, 3).ElementCount);
        Assert.Equal("[2,3]", new TensorDims(2, 3).ToString());
    }
}

using System;
using System.Linq;
using ModelGen.Runtime.Kernels;
using Xunit;

namespace ModelGen.Tests.Runtime.Kernels;

/// <summary>
/// Resize's blocking, which ONNX's small backend cases never reach (their formulas are checked against ONNX's outputs in
/// the conformance and variant tests): an innermost axis longer than one chunk of positions must give what the same axis
/// gives as an outer one, and more outer-tap combinations than one block must give what two separable passes give.
/// </summary>
public class ResizeTests
{
    private const int Nearest = 0, Linear = 1, Cubic = 2, HalfPixel = 0, AlignCorners = 3, TfCrop = 5;

    private static double[] Run(double[] x, int[] inShape, int[] outShape, float[] scales, int mode, int coordinate = HalfPixel,
        bool exclude = false, bool antialias = false, double[]? roi = null)
    {
        var y = new double[outShape.Aggregate(1, (a, b) => a * b)];
        int[] axes = Enumerable.Range(0, inShape.Length).ToArray();
        Resize.Run<double, double>(x, y, inShape, outShape, roi ?? Array.Empty<double>(), scales, ReadOnlySpan<long>.Empty, axes, 0,
            mode, coordinate, 0, -0.75f, exclude, antialias, 7f);
        return y;
    }

    private static double[] Ramp(int n) => Enumerable.Range(0, n).Select(i => Math.Sin(i * 0.37) * 10 + i % 7).ToArray();

    [Theory]
    [InlineData(Nearest, HalfPixel, false, false, 2.3f)]
    [InlineData(Linear, HalfPixel, false, false, 1.7f)]
    [InlineData(Cubic, AlignCorners, true, false, 1.3f)]
    [InlineData(Linear, HalfPixel, false, true, 0.3f)]
    [InlineData(Cubic, HalfPixel, true, true, 0.45f)]
    [InlineData(Linear, TfCrop, false, false, 1.9f)]
    public void ALongInnermostAxisMatchesTheSameAxisOuter(int mode, int coordinate, bool exclude, bool antialias, float scale)
    {
        const int n = 3001;
        int m = (int)Math.Floor(scale * (double)n);
        var x = Ramp(n);
        double[]? roi = coordinate == TfCrop ? new[] { 0, -0.1, 1, 1.05 } : null;
        var inner = Run(x, new[] { 1, n }, new[] { 1, m }, new[] { 1f, scale }, mode, coordinate, exclude, antialias, roi);
        var outer = Run(x, new[] { n, 1 }, new[] { m, 1 }, new[] { scale, 1f }, mode, coordinate, exclude, antialias, roi == null ? null : new[] { -0.1, 0, 1.05, 1 });
        Assert.Equal(outer, inner);
    }

    [Fact]
    public void ManyOuterTapCombinationsMatchSeparablePasses()
    {
        // Antialiased linear at 1/10 has 20 taps per axis: 400 combinations of the two outer axes, more than one block.
        int[] inShape = { 40, 30, 3 }, mid = { 4, 30, 3 }, outShape = { 4, 3, 3 };
        var x = Ramp(40 * 30 * 3);
        var both = Run(x, inShape, outShape, new[] { 0.1f, 0.1f, 1f }, Linear, antialias: true);
        var first = Run(x, inShape, mid, new[] { 0.1f, 1f, 1f }, Linear, antialias: true);
        var second = Run(first, mid, outShape, new[] { 1f, 0.1f, 1f }, Linear, antialias: true);
        for (int i = 0; i < both.Length; i++) Assert.True(Math.Abs(both[i] - second[i]) <= 1e-12 * (1 + Math.Abs(second[i])), i + ": " + both[i] + " vs " + second[i]);
    }

    [Fact]
    public void AnOutputShapeOtherThanTheScalesGiveIsRefused()
    {
        var x = new double[4];
        Assert.Throws<ArgumentException>(() => Run(x, new[] { 2, 2 }, new[] { 4, 5 }, new[] { 2f, 2f }, Nearest));
        Assert.Throws<ArgumentException>(() => Run(x, new[] { 2, 2 }, new[] { 4, 4 }, new[] { 2f }, Nearest));
    }
}

using System;
using System.Linq;
using ModelGen.Runtime.Kernels;
using ModelGen.Runtime.Threading;
using Xunit;
using static ModelGen.Tests.Runtime.Kernels.KernelTestUtil;

namespace ModelGen.Tests.Runtime.Kernels;

/// <summary>
/// Winograd F(4×4, 3×3) against the definition (ConvTests' double reference): whole and cut tiles, one block and
/// several with a ragged last one, pads 0 to 2 on either side, channel counts that are not register multiples, the
/// epilogue with and without a residual, the thread splits, and the scalar twin. The CI runs these again without AVX-512 and without AVX2.
/// </summary>
public sealed class ConvWinogradTests
{
    public static TheoryData<ConvTests.Case> Cases => new()
    {
        // One whole tile per 4×4, padded 1 (the usual 3×3 "same" convolution).
        new ConvTests.Case(1, 8, 8, 1, new[] { 8, 8 }, new[] { 3, 3 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 1, 1 }),
        // Cut last tile row and column, two images, channels that fill no register tile.
        new ConvTests.Case(2, 5, 9, 1, new[] { 11, 13 }, new[] { 3, 3 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 1, 1 }),
        // 14×14 tiles: five blocks of 48, the last ragged; no padding, no bias.
        new ConvTests.Case(1, 16, 24, 1, new[] { 58, 58 }, new[] { 3, 3 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 0, 0 }, new[] { 0, 0 }, Bias: false),
        // Asymmetric pads, wider than tall, pads of 2 (rows and columns of zeros past the input).
        new ConvTests.Case(1, 3, 17, 1, new[] { 5, 22 }, new[] { 3, 3 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 2, 0 }, new[] { 0, 2 }),
        // End pads of 3, wider than the kernel: the last output row and column read only padding (bias alone).
        new ConvTests.Case(1, 4, 5, 1, new[] { 9, 10 }, new[] { 3, 3 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 0, 1 }, new[] { 3, 3 }),
        // One output position.
        new ConvTests.Case(1, 4, 4, 1, new[] { 3, 3 }, new[] { 3, 3 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 0, 0 }, new[] { 0, 0 }),
    };

    /// <summary>
    /// F(4×4, 3×3) in float: its transforms scale terms by up to 8·8 and 1/24 before they cancel, so the error grows with
    /// the input channels. With inputs in [−1, 1] the largest error here is 1.3e-5 · max(1, |y|) at 5 input channels
    /// and 5.9e-5 at 16 (the direct convolution's is about a tenth of that); the bound is 2e-5 per 4 channels.
    /// </summary>
    private static double Tolerance(ConvTests.Case c) => 2e-5 * Math.Max(1, c.InC / 4.0);

    private static (float[] X, float[] U, float[] Bias, double[] Expected) Data(ConvTests.Case c, bool relu = false)
    {
        var x = RandomFloats(c.Batch * c.InC * Product(c.In), 21);
        var w = RandomFloats(c.OutC * c.InC * 9, 22);
        var bias = c.Bias ? RandomFloats(c.OutC, 23) : Array.Empty<float>();
        var expected = ConvTests.Reference(c, ToDouble(x), ToDouble(w), c.Bias ? ToDouble(bias) : new double[c.OutC]);
        if (relu) expected = expected.Select(v => Math.Max(v, 0)).ToArray();
        var u = new float[Conv.WinogradPoints * c.OutC * c.InC];
        Conv.WinogradWeights<float>(w, u, c.OutC, c.InC);
        return (x, u, bias, expected);
    }

    private static float[] Run(ConvTests.Case c, float[] x, float[] u, float[] bias, ParallelRange? threads = null, bool relu = false, bool scalarTwin = false)
    {
        var o = c.Out;
        var y = new float[c.Batch * c.OutC * Product(o)];
        var padded = new float[Conv.WinogradPaddedLength(c.InC, o[0], o[1])];
        var block = new float[Conv.WinogradBlockLength(c.InC, c.OutC)];
        if (relu)
            Conv.WinogradCore<float, Epilogue1V<ReluF, float>>(x, u, bias, default, y, padded, block, c.Batch, c.InC, c.OutC, c.In, o, c.PadsBegin, threads, scalarTwin);
        else Conv.WinogradCore<float, NoEpilogue<float>>(x, u, bias, default, y, padded, block, c.Batch, c.InC, c.OutC, c.In, o, c.PadsBegin, threads, scalarTwin);
        return y;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesTheDefinition(ConvTests.Case c)
    {
        var (x, u, bias, expected) = Data(c);
        AssertClose(expected, Run(c, x, u, bias), Tolerance(c));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TheScalarTwinMatchesTheDefinition(ConvTests.Case c)
    {
        var (x, u, bias, expected) = Data(c);
        AssertClose(expected, Run(c, x, u, bias, scalarTwin: true), Tolerance(c));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TheEpilogueAppliesToEveryTile(ConvTests.Case c)
    {
        var (x, u, bias, expected) = Data(c, relu: true);
        AssertClose(expected, Run(c, x, u, bias, relu: true), Tolerance(c));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TheResidualEpilogueReadsTheResidualAtEachOutput(ConvTests.Case c)
    {
        var (x, u, bias, expected) = Data(c);
        var o = c.Out;
        var residual = RandomFloats(c.Batch * c.OutC * Product(o), 24);
        var y = new float[residual.Length];
        Conv.Winograd<float, Epilogue2V<AddOp<float>, float>>(x, u, bias, residual, y, new float[Conv.WinogradPaddedLength(c.InC, o[0], o[1])],
            new float[Conv.WinogradBlockLength(c.InC, c.OutC)], c.Batch, c.InC, c.OutC, c.In, o, c.PadsBegin, new ParallelRange(2, processorCap: 4));
        AssertClose(expected.Select((e, i) => e + residual[i]).ToArray(), y, Tolerance(c));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void AnyThreadCountGivesTheSameBits(ConvTests.Case c)
    {
        var (x, u, bias, _) = Data(c);
        var one = Run(c, x, u, bias);
        foreach (int t in new[] { 2, 3 })
            Assert.Equal(one, Run(c, x, u, bias, new ParallelRange(t, processorCap: 4)));
    }

    [Fact]
    public void BadArgumentsAreRejected()
    {
        var x = new float[4 * 64];
        var u = new float[36 * 16];
        var y = new float[4 * 64];
        int[] s8 = { 8, 8 }, one = { 1, 1 };
        var padded = new float[Conv.WinogradPaddedLength(4, 8, 8)];
        var block = new float[Conv.WinogradBlockLength(4, 4)];
        // An empty output; a short block scratch; a 1-D convolution; double.
        Assert.Throws<ArgumentException>(() => Conv.Winograd<float>(x, u, default, y, padded, block, 1, 4, 4, s8, new[] { 0, 8 }, one));
        Assert.Throws<ArgumentException>(() => Conv.Winograd<float>(x, u, default, y, padded, block.AsSpan(1), 1, 4, 4, s8, s8, one));
        Assert.Throws<ArgumentException>(() => Conv.Winograd<float>(x, u, default, y, padded, block, 1, 4, 4, new[] { 64 }, new[] { 64 }, new[] { 1 }));
        Assert.Throws<NotSupportedException>(() => Conv.Winograd<double>(new double[256], new double[576], default, new double[256], new double[1024], new double[2048], 1, 4, 4, s8, s8, one));
    }
}

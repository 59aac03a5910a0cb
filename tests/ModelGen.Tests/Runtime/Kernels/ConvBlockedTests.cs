using System;
using System.Linq;
using ModelGen.Runtime.Kernels;
using ModelGen.Runtime.Threading;
using Xunit;
using static ModelGen.Tests.Runtime.Kernels.KernelTestUtil;

namespace ModelGen.Tests.Runtime.Kernels;

/// <summary>
/// The blocked direct convolution against the definition (ConvTests' double reference): blocked and plain inputs and
/// outputs, borders, strides, ragged channel counts and tails, its epilogue, its thread splits, and its reorders.
/// The CI runs these again without AVX-512 and without AVX2 (the 256- and 128-bit tiles); the scalar twin is called directly.
/// </summary>
public sealed class ConvBlockedTests
{
    public static TheoryData<ConvTests.Case> Cases => new()
    {
        // An interior of whole tiles plus one border column on each side.
        new ConvTests.Case(1, 16, 16, 1, new[] { 8, 8 }, new[] { 3, 3 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 1, 1 }),
        // Several blocks, an odd block count (the 512-bit second vector repeats the first), a ragged last tile.
        new ConvTests.Case(2, 20, 48, 1, new[] { 9, 23 }, new[] { 3, 3 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 1, 1 }),
        // One input channel (the chain's first convolution), 5×5, wide padding.
        new ConvTests.Case(1, 1, 32, 1, new[] { 12, 30 }, new[] { 5, 5 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 2, 2 }, new[] { 2, 2 }),
        // Stride 2, asymmetric pads, output channels not a multiple of 16, no bias.
        new ConvTests.Case(1, 7, 21, 1, new[] { 15, 27 }, new[] { 3, 3 }, new[] { 2, 2 }, new[] { 1, 1 }, new[] { 0, 1 }, new[] { 1, 0 }, Bias: false),
        // Rectangular kernel, rows whose taps all fall in the padding.
        new ConvTests.Case(1, 3, 16, 1, new[] { 4, 13 }, new[] { 2, 4 }, new[] { 1, 3 }, new[] { 1, 1 }, new[] { 3, 2 }, new[] { 3, 2 }),
        // Narrower than a tile.
        new ConvTests.Case(1, 17, 16, 1, new[] { 6, 3 }, new[] { 3, 3 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 1, 1 }),
        // More taps (33·33) than the interior tiles' offset table holds: the nested kh, kw loops.
        new ConvTests.Case(1, 2, 16, 1, new[] { 35, 40 }, new[] { 33, 33 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 0, 0 }, new[] { 0, 0 }),
    };

    private static (float[] X, float[] W, float[] Bias, double[] Expected) Data(ConvTests.Case c, bool relu = false)
    {
        var x = RandomFloats(c.Batch * c.InC * Product(c.In), 11);
        var w = RandomFloats(c.OutC * c.InC * Product(c.Kernel), 12);
        var bias = c.Bias ? RandomFloats(c.OutC, 13) : Array.Empty<float>();
        var expected = ConvTests.Reference(c, ToDouble(x), ToDouble(w), c.Bias ? ToDouble(bias) : new double[c.OutC]);
        if (relu) expected = expected.Select(v => Math.Max(v, 0)).ToArray();
        return (x, w, bias, expected);
    }

    private static int Blocks(int channels) => (channels + Conv.ChannelBlock - 1) / Conv.ChannelBlock;

    private static float[] Packed(ConvTests.Case c, float[] w)
    {
        var packed = new float[Blocks(c.OutC) * c.InC * Product(c.Kernel) * Conv.ChannelBlock];
        BlockedLayout.PackBlockedWeights<float>(w, packed, c.OutC, c.InC * Product(c.Kernel));
        return packed;
    }

    private static float[] Blocked(float[] plain, int batch, int channels, int size)
    {
        var blocked = new float[batch * Blocks(channels) * size * Conv.ChannelBlock];
        BlockedLayout.ToBlocked<float>(plain, blocked, batch, channels, size);
        return blocked;
    }

    private static float[] Plain(float[] blocked, int batch, int channels, int size)
    {
        var plain = new float[batch * channels * size];
        BlockedLayout.FromBlocked<float>(blocked, plain, batch, channels, size);
        return plain;
    }

    private static float[] Run(ConvTests.Case c, float[] x, float[] packed, float[] bias, bool inputBlocked, bool outputBlocked, ParallelRange? threads = null, bool relu = false)
    {
        int outSize = Product(c.Out);
        var y = new float[outputBlocked ? c.Batch * Blocks(c.OutC) * outSize * Conv.ChannelBlock : c.Batch * c.OutC * outSize];
        var input = inputBlocked ? Blocked(x, c.Batch, c.InC, Product(c.In)) : x;
        var dil = new[] { 1, 1 };
        if (relu)
            Conv.Blocked<float, Epilogue1V<ReluF, float>>(input, packed, bias, default, y, inputBlocked, outputBlocked, c.Batch, c.InC, c.OutC, c.In, c.Kernel, c.Out, c.Strides, dil, c.PadsBegin, threads);
        else Conv.Blocked<float>(input, packed, bias, y, inputBlocked, outputBlocked, c.Batch, c.InC, c.OutC, c.In, c.Kernel, c.Out, c.Strides, dil, c.PadsBegin, threads);
        return outputBlocked ? Plain(y, c.Batch, c.OutC, outSize) : y;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void EveryLayoutPairMatchesTheDefinition(ConvTests.Case c)
    {
        var (x, w, bias, expected) = Data(c);
        var packed = Packed(c, w);
        foreach (bool inputBlocked in new[] { true, false })
            foreach (bool outputBlocked in new[] { true, false })
                AssertClose(expected, Run(c, x, packed, bias, inputBlocked, outputBlocked), 1e-4);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TheEpilogueAppliesToEveryRow(ConvTests.Case c)
    {
        var (x, w, bias, expected) = Data(c, relu: true);
        AssertClose(expected, Run(c, x, Packed(c, w), bias, inputBlocked: true, outputBlocked: true, relu: true), 1e-4);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void AnyThreadCountGivesTheSameBits(ConvTests.Case c)
    {
        var (x, w, bias, _) = Data(c);
        var packed = Packed(c, w);
        var one = Run(c, x, packed, bias, true, true);
        foreach (int t in new[] { 2, 3, 4 })
            Assert.Equal(one, Run(c, x, packed, bias, true, true, new ParallelRange(t, processorCap: 4)));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public unsafe void TheScalarTwinMatchesTheDefinition(ConvTests.Case c)
    {
        var (x, w, bias, expected) = Data(c);
        var packed = Packed(c, w);
        var input = Blocked(x, c.Batch, c.InC, Product(c.In));
        int outSize = Product(c.Out);
        var y = new float[c.Batch * Blocks(c.OutC) * outSize * Conv.ChannelBlock];
        var s = Conv.BlockedShape.Of(true, true, c.Batch, c.InC, c.OutC, c.In, c.Kernel, c.Out, c.Strides, new[] { 1, 1 }, c.PadsBegin);
        fixed (float* px = input, pw = packed, pb = bias, py = y)
            Conv.BlockedUnitsScalar<float, NoEpilogue<float>>(s, px, pw, bias.Length == 0 ? null : pb, py, y.Length, 0, s.Units);
        AssertClose(expected, Plain(y, c.Batch, c.OutC, outSize), 1e-4);
    }

    [Fact]
    public void ReordersRoundTripAndZeroTheSpareLanes()
    {
        var x = RandomFloats(2 * 21 * 35, 5);
        var blocked = Blocked(x, 2, 21, 35);
        Assert.Equal(x, Plain(blocked, 2, 21, 35));
        // Channel 17 of batch 1, position 4: block 1, lane 1; channels 21..31 of block 1 are zero.
        Assert.Equal(x[(1 * 21 + 17) * 35 + 4], blocked[((1 * 2 + 1) * 35 + 4) * 16 + 1]);
        for (int p = 0; p < 35; p++)
            for (int l = 5; l < 16; l++) Assert.Equal(0f, blocked[((1 * 2 + 1) * 35 + p) * 16 + l]);
    }

    [Fact]
    public void BadArgumentsAreRejected()
    {
        var x = new float[16 * 64];
        var w = new float[16 * 16 * 9];
        var y = new float[16 * 64];
        int[] s8 = { 8, 8 }, k = { 3, 3 }, one = { 1, 1 }, two = { 2, 2 };
        Assert.Throws<ArgumentException>(() => Conv.Blocked<float>(x, w, default, y, true, true, 1, 16, 16, s8, k, s8, one, two, one));
        Assert.Throws<ArgumentException>(() => Conv.Blocked<float>(x, w, default, y, true, true, 1, 16, 16, new[] { 64 }, new[] { 3 }, new[] { 64 }, new[] { 1 }, new[] { 1 }, new[] { 1 }));
        Assert.Throws<ArgumentException>(() => Conv.Blocked<float>(x.AsSpan(1), w, default, y, true, true, 1, 16, 16, s8, k, s8, one, one, one));
        Assert.Throws<NotSupportedException>(() => Conv.Blocked<double>(new double[1024], new double[2304], default, new double[1024], true, true, 1, 16, 16, s8, k, s8, one, one, one));
    }
}

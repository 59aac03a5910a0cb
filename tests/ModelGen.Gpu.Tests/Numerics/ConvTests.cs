using System;
using ILGPU;
using ModelGen.Gpu.Kernels;
using ModelGen.Gpu.Kernels.Conv;
using ModelGen.Gpu.Kernels.Elementwise;
using ModelGen.Gpu.Tests.Support;
using Xunit;

namespace ModelGen.Gpu.Tests.Numerics;

[Collection(GpuNumericsCollection.Name)]
public sealed class ConvTests : NumericTest
{
    public ConvTests(DeviceFixture devices)
        : base(devices)
    {
    }

    public enum Path
    {
        Direct,
        Depthwise,
        Im2Col,
        Chosen,
    }

    public static TheoryData<string, string, Path> Cases()
    {
        var data = new TheoryData<string, string, Path>();
        foreach (object[] row in GpuBackends.All())
        {
            string backend = (string)row[0];
            data.Add(backend, "grouped strided dilated", Path.Direct);
            data.Add(backend, "grouped strided dilated", Path.Im2Col);
            data.Add(backend, "depthwise 3x3 multiplier 2", Path.Depthwise);
            data.Add(backend, "depthwise 5x5 stride 2", Path.Depthwise);
            data.Add(backend, "deep 3x3", Path.Im2Col);
            data.Add(backend, "deep 3x3", Path.Chosen);
            data.Add(backend, "depthwise 3x3 multiplier 2", Path.Chosen);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Conv_matches_the_reference(string backend, string shape, Path path)
    {
        // (N, C, H, W, M, K, strides, pads [t, l, b, r], dilations, groups)
        (int n, int c, int h, int w, int m, int k, int[] s, int[] p, int[] d, int g) = shape switch
        {
            "grouped strided dilated" => (2, 4, 11, 9, 6, 3, new[] { 2, 1 }, new[] { 1, 2, 0, 1 }, new[] { 1, 2 }, 2),
            "depthwise 3x3 multiplier 2" => (1, 5, 10, 12, 10, 3, new[] { 1, 1 }, new[] { 1, 1, 1, 1 }, new[] { 1, 1 }, 5),
            "depthwise 5x5 stride 2" => (2, 3, 13, 11, 3, 5, new[] { 2, 2 }, new[] { 2, 2, 2, 2 }, new[] { 1, 1 }, 3),
            _ => (1, 16, 8, 7, 12, 3, new[] { 1, 1 }, new[] { 1, 1, 1, 1 }, new[] { 1, 1 }, 1),
        };
        float[] x = DeviceArrays.Random(n * c * h * w, seed: 20);
        float[] weights = DeviceArrays.Random(m * (c / g) * k * k, seed: 21);
        float[] bias = DeviceArrays.Random(m, seed: 22);
        ConvArgs args = ConvArgs.Create(n, c, h, w, m, k, k, s, p, d, g, hasBias: true);
        double[] want = Reference.Conv(x, weights, bias, n, c, h, w, m, k, k, s, p, d, g, out int outH, out int outW, v => Math.Max(v, 0));
        Assert.Equal((outH, outW), (args.OutH, args.OutW));

        using var dx = Upload(backend, x);
        using var dw = Upload(backend, weights);
        using var db = Upload(backend, bias);
        using var dy = Zeros<float>(backend, args.OutputLength);
        using var workspace = Zeros<float>(backend, GpuKernels.Im2ColLength(args));
        GpuKernels kernels = Kernels(backend);
        var relu = default(ReluOp);
        switch (path)
        {
            case Path.Direct:
                kernels.ConvDirect(Stream(backend), args, dx.View, dw.View, db.View, dy.View, relu);
                break;
            case Path.Depthwise when k == 3:
                kernels.ConvDepthwise<Const3, ReluOp>(Stream(backend), args, dx.View, dw.View, db.View, dy.View, relu);
                break;
            case Path.Depthwise:
                kernels.ConvDepthwise<Const5, ReluOp>(Stream(backend), args, dx.View, dw.View, db.View, dy.View, relu);
                break;
            case Path.Im2Col:
                kernels.ConvIm2ColGemm(Stream(backend), args, dx.View, dw.View, db.View, workspace.View, dy.View, relu);
                break;
            default:
                kernels.Conv(Stream(backend), args, dx.View, dw.View, db.View, dy.View, relu, workspace.View);
                break;
        }

        Close.All(want, Download(backend, dy.View));
    }

    [Fact]
    public void Conv_args_reject_groups_that_do_not_divide_the_channels()
    {
        var error = Assert.Throws<ArgumentException>(() => ConvArgs.Create(1, 6, 8, 8, 4, 3, 3, groups: 4));
        Assert.Contains("Groups 4 must divide", error.Message, StringComparison.Ordinal);
    }
}

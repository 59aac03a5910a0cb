using ModelGen.Gpu.Kernels.Pooling;
using ModelGen.Gpu.Tests.Support;
using Xunit;

namespace ModelGen.Gpu.Tests.Numerics;

[Collection(GpuNumericsCollection.Name)]
public sealed class PoolTests : NumericTest
{
    public PoolTests(DeviceFixture devices)
        : base(devices)
    {
    }

    public static TheoryData<string, bool, bool, int> Cases()
    {
        var data = new TheoryData<string, bool, bool, int>();
        foreach (object[] row in GpuBackends.All())
        {
            data.Add((string)row[0], true, false, 1);
            data.Add((string)row[0], true, false, 2);
            data.Add((string)row[0], false, false, 1);
            data.Add((string)row[0], false, true, 1);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Pooling_matches_the_reference(string backend, bool max, bool countIncludePad, int dilation)
    {
        // 3×3 windows, stride 2, asymmetric pads: windows at the bottom and right edge run past the image.
        const int n = 2, c = 3, h = 11, w = 10;
        int[] strides = [2, 2], pads = [1, 1, 1, 0], dilations = [dilation, dilation];
        float[] x = DeviceArrays.Random(n * c * h * w, seed: 40);
        PoolArgs args = PoolArgs.Create(n, c, h, w, 3, 3, strides, pads, dilations, countIncludePad);
        double[] want = Reference.Pool(x, n, c, h, w, 3, 3, strides, pads, dilations, max, countIncludePad, out _, out _);
        using var input = Upload(backend, x);
        using var output = Zeros<float>(backend, args.OutputLength);

        if (max)
        {
            Kernels(backend).MaxPool(Stream(backend), args, input.View, output.View);
        }
        else
        {
            Kernels(backend).AveragePool(Stream(backend), args, input.View, output.View);
        }

        Close.All(want, Download(backend, output.View));
    }
}

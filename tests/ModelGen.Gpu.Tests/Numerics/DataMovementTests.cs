using System;
using ModelGen.Gpu.Kernels.DataMovement;
using ModelGen.Gpu.Tests.Support;
using Xunit;
using Half = ILGPU.Half;

namespace ModelGen.Gpu.Tests.Numerics;

[Collection(GpuNumericsCollection.Name)]
public sealed class DataMovementTests : NumericTest
{
    public DataMovementTests(DeviceFixture devices)
        : base(devices)
    {
    }

    [Theory]
    [MemberData(nameof(GpuBackends.All), MemberType = typeof(GpuBackends))]
    public void Transpose_rank4_matches_index_arithmetic(string backend)
    {
        // NCHW -> NHWC, the layout change a channels-last consumer needs.
        int n = 2, c = 3, h = 4, w = 5;
        float[] x = DeviceArrays.Random(n * c * h * w, seed: 5);
        using var input = Upload(backend, x);
        using var output = Zeros<float>(backend, x.Length);
        Kernels(backend).Transpose(Stream(backend), input.View, [n, c, h, w], [0, 2, 3, 1], output.View);

        var want = new double[x.Length];
        for (int b = 0; b < n; b++)
        {
            for (int ch = 0; ch < c; ch++)
            {
                for (int i = 0; i < h; i++)
                {
                    for (int j = 0; j < w; j++)
                    {
                        want[((b * h + i) * w + j) * c + ch] = x[((b * c + ch) * h + i) * w + j];
                    }
                }
            }
        }

        Close.All(want, Download(backend, output.View), rtol: 0, atol: 0);
    }

    [Theory]
    [MemberData(nameof(GpuBackends.All), MemberType = typeof(GpuBackends))]
    public void Transpose_rank6_reversal_twice_is_the_identity(string backend)
    {
        long[] shape = [2, 3, 2, 4, 3, 2];
        long[] reversed = [2, 3, 4, 2, 3, 2];
        int[] permutation = [5, 4, 3, 2, 1, 0];
        int[] x = new int[288];
        for (int i = 0; i < x.Length; i++)
        {
            x[i] = i;
        }

        using var input = Upload(backend, x);
        using var middle = Zeros<int>(backend, x.Length);
        using var output = Zeros<int>(backend, x.Length);
        Kernels(backend).Transpose(Stream(backend), input.View, shape, permutation, middle.View);
        Kernels(backend).Transpose(Stream(backend), middle.View, reversed, permutation, output.View);

        int[] once = Download(backend, middle.View);
        // Element [0,0,0,0,0,1] of the reversal is x[1,0,0,0,0,0] = 1·(3·2·4·3·2) = 144.
        Assert.Equal(144, once[1]);
        Assert.Equal(x, Download(backend, output.View));
    }

    [Theory]
    [MemberData(nameof(GpuBackends.All), MemberType = typeof(GpuBackends))]
    public void Mapped_broadcast_expands_a_row(string backend)
    {
        // ONNX Expand of [1, 4] to [3, 4] as a mapped copy with stride 0 on the broadcast axis, in fp16.
        Half[] row = [(Half)1f, (Half)2f, (Half)3f, (Half)4f];
        using var input = Upload(backend, row);
        using var output = Zeros<Half>(backend, 12);
        Kernels(backend).Mapped(Stream(backend), input.View, IndexMap6.Broadcast([3, 4], [1, 4]), output.View);
        float[] got = Array.ConvertAll(Download(backend, output.View), h => (float)h);
        Assert.Equal([1f, 2f, 3f, 4f, 1f, 2f, 3f, 4f, 1f, 2f, 3f, 4f], got);
    }

    [Theory]
    [MemberData(nameof(GpuBackends.All), MemberType = typeof(GpuBackends))]
    public void Copy_copies(string backend)
    {
        float[] x = DeviceArrays.Random(1000, seed: 6);
        using var input = Upload(backend, x);
        using var output = Zeros<float>(backend, x.Length);
        Kernels(backend).Copy(Stream(backend), input.View, output.View);
        Assert.Equal(x, Download(backend, output.View));
    }
}

using System;
using ModelGen.Gpu.Tests.Support;
using Xunit;
using Half = ILGPU.Half;

namespace ModelGen.Gpu.Tests.Numerics;

[Collection(GpuNumericsCollection.Name)]
public sealed class CastTests : NumericTest
{
    public CastTests(DeviceFixture devices)
        : base(devices)
    {
    }

    [Theory]
    [MemberData(nameof(GpuBackends.All), MemberType = typeof(GpuBackends))]
    public void Half_round_trip_matches_System_Half(string backend)
    {
        // Nearest-even ties, the largest finite value and the first that overflows, fp16 subnormals, a NaN.
        float[] x = [0f, 1f, -2.5f, 1e-3f, 65504f, 65519f, 65520f, 0.1f, 3.14159f, -1e-5f, 6e-8f, 1f + 1f / 2048, float.NaN];
        using var input = Upload(backend, x);
        using var half = Zeros<Half>(backend, x.Length);
        using var back = Zeros<float>(backend, x.Length);
        Kernels(backend).FloatToHalf(Stream(backend), input.View, half.View);
        Kernels(backend).HalfToFloat(Stream(backend), half.View, back.View);

        float[] expected = Array.ConvertAll(x, v => (float)(System.Half)v);
        Assert.Equal(expected, Download(backend, back.View));
    }

    [Theory]
    [MemberData(nameof(GpuBackends.All), MemberType = typeof(GpuBackends))]
    public void BFloat16_rounds_to_nearest_even_and_widens_exactly(string backend)
    {
        // 1 + 2^-8 lies halfway between two bf16 values: ties go to the even one (1.0); 1 + 3·2^-8 rounds up.
        float[] x = [1f, 1f + 1f / 256, 1f + 3f / 256, -2f, float.NaN, 1.5f];
        using var input = Upload(backend, x);
        using var bits = Zeros<ushort>(backend, x.Length);
        using var back = Zeros<float>(backend, x.Length);
        Kernels(backend).FloatToBFloat16(Stream(backend), input.View, bits.View);
        Kernels(backend).BFloat16ToFloat(Stream(backend), bits.View, back.View);

        ushort[] got = Download(backend, bits.View);
        Assert.Equal((ushort)0x3F80, got[0]);
        Assert.Equal((ushort)0x3F80, got[1]);
        Assert.Equal((ushort)0x3F82, got[2]);
        Assert.Equal((ushort)0xC000, got[3]);
        float[] widened = Download(backend, back.View);
        Assert.True(float.IsNaN(widened[4]));
        Assert.Equal(1.5f, widened[5]);
        Assert.Equal(1f + 1f / 64, widened[2]);
    }
}

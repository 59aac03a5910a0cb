using System;
using System.Runtime.InteropServices;
using ModelGen.Gpu.Devices;
using ModelGen.Gpu.Kernels.Elementwise;
using ModelGen.Gpu.Kernels.Gemm;
using ModelGen.Gpu.Memory;
using ModelGen.Gpu.Sessions;
using ModelGen.Gpu.Tests.Support;
using Xunit;

namespace ModelGen.Gpu.Tests.Numerics;

/// <summary>The path a generated model takes: weights uploaded once, input staged into the arena, kernels on the session's stream, output staged back, one synchronise.</summary>
[Collection(GpuNumericsCollection.Name)]
public sealed class SessionTests
{
    [Fact]
    public void A_session_runs_a_dense_layer_from_staged_input_to_staged_output()
    {
        const int m = 3, k = 20, n = 9;
        float[] x = DeviceArrays.Random(m * k, seed: 50);
        float[] weight = DeviceArrays.Random(k * n, seed: 51);
        float[] bias = DeviceArrays.Random(n, seed: 52);

        // The weights sit at unaligned offsets of a host image, as initializers do inside an .onnx file.
        byte[] image = new byte[13 + weight.Length * 4 + 3 + bias.Length * 4];
        MemoryMarshal.AsBytes(weight.AsSpan()).CopyTo(image.AsSpan(13));
        MemoryMarshal.AsBytes(bias.AsSpan()).CopyTo(image.AsSpan(13 + weight.Length * 4 + 3));
        long[] sourceOffsets = [13, 13 + weight.Length * 4 + 3];

        // A small simulated device (64 threads per group): the session picks the 32 tile by itself.
        using var session = new GpuSession(
            GpuDevices.OpenCpuSimulator(threadsPerWarp: 4, warpsPerMultiprocessor: 16, multiprocessors: 1),
            ArenaPlan.Sequential(m * k * 4, m * n * 4));
        DeviceWeights weights = session.UploadWeights(ArenaPlan.Sequential(weight.Length * 4, bias.Length * 4), image, sourceOffsets);
        PinnedStaging<float> input = session.CreateStaging<float>(m * k);
        PinnedStaging<float> output = session.CreateStaging<float>(m * n);

        x.CopyTo(input.Span);
        input.CopyToDevice(session.Stream, session.Arena.View<float>(0));
        GemmArgs args = GemmArgs.Dense(m, n, k).WithBias(beta: 1f, strideM: 0, strideN: 1);
        session.Kernels.Gemm(
            session.Stream, args, 1, session.Arena.View<float>(0), weights.View<float>(0), weights.View<float>(1), session.Arena.View<float>(1),
            default(ReluOp));
        output.CopyFromDevice(session.Stream, session.Arena.View<float>(1));
        session.Synchronize();

        double[] want = Reference.Gemm(x, weight, m, n, k, false, false, 1f, bias, 1f, 0, 1, v => Math.Max(v, 0));
        Close.All(want, output.Span.ToArray());
        Assert.Equal(1, session.Kernels.LoadedKernelCount);
    }
}

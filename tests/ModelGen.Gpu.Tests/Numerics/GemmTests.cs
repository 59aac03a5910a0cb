using System;
using ILGPU;
using ModelGen.Gpu.Kernels.Elementwise;
using ModelGen.Gpu.Kernels.Gemm;
using ModelGen.Gpu.Tests.Support;
using Xunit;

namespace ModelGen.Gpu.Tests.Numerics;

[Collection(GpuNumericsCollection.Name)]
public sealed class GemmTests : NumericTest
{
    public GemmTests(DeviceFixture devices)
        : base(devices)
    {
    }

    public static TheoryData<string, string, bool, bool> RaggedCases()
    {
        var data = new TheoryData<string, string, bool, bool>();
        foreach (object[] backend in GpuBackends.All())
        {
            foreach (string tile in new[] { "128", "64", "32" })
            {
                data.Add((string)backend[0], tile, false, false);
                data.Add((string)backend[0], tile, true, false);
                data.Add((string)backend[0], tile, false, true);
                data.Add((string)backend[0], tile, true, true);
            }
        }

        return data;
    }

    /// <summary>37×29×45: no dim a multiple of any tile or of BlockK, so every ragged edge is hit.</summary>
    [Theory]
    [MemberData(nameof(RaggedCases))]
    public void Ragged_product_with_transposes_alpha_beta_bias_and_relu(string backend, string tile, bool transA, bool transB)
    {
        const int m = 37, n = 29, k = 45;
        float[] a = DeviceArrays.Random(m * k, seed: 10);
        float[] b = DeviceArrays.Random(k * n, seed: 11);
        float[] bias = DeviceArrays.Random(n, seed: 12);
        GemmArgs args = GemmArgs.Dense(m, n, k, transA, transB, alpha: 0.75f).WithBias(beta: 0.5f, strideM: 0, strideN: 1);
        using var da = Upload(backend, a);
        using var db = Upload(backend, b);
        using var dbias = Upload(backend, bias);
        using var dc = Zeros<float>(backend, m * n);
        Action<GemmArgs, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>> run = tile switch
        {
            "128" => (p, x, y, z, w) => Kernels(backend).Gemm<GemmTile128, ReluOp>(Stream(backend), p, 1, x, y, z, w, default),
            "64" => (p, x, y, z, w) => Kernels(backend).Gemm<GemmTile64, ReluOp>(Stream(backend), p, 1, x, y, z, w, default),
            _ => (p, x, y, z, w) => Kernels(backend).Gemm<GemmTile32, ReluOp>(Stream(backend), p, 1, x, y, z, w, default),
        };
        run(args, da.View, db.View, dbias.View, dc.View);

        double[] want = Reference.Gemm(a, b, m, n, k, transA, transB, 0.75f, bias, 0.5f, 0, 1, v => Math.Max(v, 0));
        Close.All(want, Download(backend, dc.View));
    }

    [Theory]
    [MemberData(nameof(GpuBackends.All), MemberType = typeof(GpuBackends))]
    public void Square_64_product_with_the_chosen_tile_and_a_full_bias(string backend)
    {
        const int size = 64;
        float[] a = DeviceArrays.Random(size * size, seed: 13);
        float[] b = DeviceArrays.Random(size * size, seed: 14);
        float[] bias = DeviceArrays.Random(size * size, seed: 15);
        using var da = Upload(backend, a);
        using var db = Upload(backend, b);
        using var dbias = Upload(backend, bias);
        using var dc = Zeros<float>(backend, size * size);
        GemmArgs args = GemmArgs.Dense(size, size, size).WithBias(beta: 1f, strideM: size, strideN: 1);
        Kernels(backend).Gemm(Stream(backend), args, 1, da.View, db.View, dbias.View, dc.View, default(IdentityOp));

        Close.All(Reference.Gemm(a, b, size, size, size, false, false, 1f, bias, 1f, size, 1), Download(backend, dc.View));
    }

    [Theory]
    [MemberData(nameof(GpuBackends.All), MemberType = typeof(GpuBackends))]
    public void MatMul_broadcasts_batch_dims(string backend)
    {
        // [2, 1, 5, 7] × [1, 3, 7, 6] -> [2, 3, 5, 6]: A is shared across B's batch and B across A's.
        const int m = 5, k = 7, n = 6;
        float[] a = DeviceArrays.Random(2 * m * k, seed: 16);
        float[] b = DeviceArrays.Random(3 * k * n, seed: 17);
        using var da = Upload(backend, a);
        using var db = Upload(backend, b);
        using var dc = Zeros<float>(backend, 6 * m * n);
        Kernels(backend).MatMul(Stream(backend), da.View, [2, 1, m, k], db.View, [1, 3, k, n], dc.View);

        float[] got = Download(backend, dc.View);
        for (int i = 0; i < 2; i++)
        {
            for (int j = 0; j < 3; j++)
            {
                double[] want = Reference.Gemm(a[(i * m * k)..((i + 1) * m * k)], b[(j * k * n)..((j + 1) * k * n)], m, n, k, false, false, 1f);
                Close.All(want, got[((i * 3 + j) * m * n)..((i * 3 + j + 1) * m * n)]);
            }
        }
    }
}

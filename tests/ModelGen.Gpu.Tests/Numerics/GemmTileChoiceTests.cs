using System;
using ModelGen.Gpu.Devices;
using ModelGen.Gpu.Kernels;
using ModelGen.Gpu.Kernels.Elementwise;
using ModelGen.Gpu.Kernels.Gemm;
using ModelGen.Gpu.Tests.Support;
using Xunit;

namespace ModelGen.Gpu.Tests.Numerics;

/// <summary>
/// A generated session passes the GEMM tile the generator chose for its target GPU (an H200); the host takes it when
/// its group fits the accelerator open and otherwise chooses for that accelerator, as it does with no tile at all.
/// </summary>
[Collection(GpuNumericsCollection.Name)]
public sealed class GemmTileChoiceTests : NumericTest
{
    // No dim a multiple of any tile: ragged edges everywhere.
    private const int M = 37, N = 29, K = 45;

    public GemmTileChoiceTests(DeviceFixture devices)
        : base(devices)
    {
    }

    [Fact]
    public void The_shared_tile_rule_describes_the_tile_structs()
    {
        // The rule is compiled into the generator too, which cannot see the structs: its numbers must be theirs.
        Assert.Equal(Enum.GetValues<GemmTileSize>().Length, GemmTileRule.Count);
        Check<GemmTile128>(GemmTileSize.Tile128);
        Check<GemmTile64>(GemmTileSize.Tile64);
        Check<GemmTile32>(GemmTileSize.Tile32);

        static void Check<TTile>(GemmTileSize size)
            where TTile : struct, IGemmTile
        {
            Assert.Equal(default(TTile).BlockM, GemmTileRule.Block((int)size));
            Assert.Equal(default(TTile).BlockN, GemmTileRule.Block((int)size));
            Assert.Equal(GemmTileInfo.Threads<TTile>(), GemmTileRule.Threads((int)size));
        }
    }

    [Fact]
    public void A_build_time_tile_whose_group_does_not_fit_falls_back_to_the_run_time_choice_and_matches()
    {
        // Groups of 4 × 16 = 64 threads: Tile32 fits, the 256-thread Tile128 and Tile64 do not.
        using GpuDevice small = GpuDevices.OpenCpuSimulator(threadsPerWarp: 4, warpsPerMultiprocessor: 16, multiprocessors: 1);
        var kernels = new GpuKernels(small.Accelerator);
        GemmArgs args = GemmArgs.Dense(M, N, K);
        Assert.Equal(GemmTileSize.Tile32, GemmTileChoice.Choose(small.Accelerator, args, 1, GemmTileSize.Tile128));
        Assert.Equal(GemmTileSize.Tile32, GemmTileChoice.Choose(small.Accelerator, args, 1, GemmTileSize.Tile64));

        float[] a = DeviceArrays.Random(M * K, seed: 40), b = DeviceArrays.Random(K * N, seed: 41);
        double[] want = Reference.Gemm(a, b, M, N, K, false, false, 1f);
        using var da = DeviceArrays.Upload(small.Accelerator, a);
        using var db = DeviceArrays.Upload(small.Accelerator, b);
        using var dc = DeviceArrays.Zeros<float>(small.Accelerator, M * N);
        kernels.Gemm(small.Accelerator.DefaultStream, args, 1, da.View, db.View, ILGPU.ArrayView<float>.Empty, dc.View, default(IdentityOp), tile: GemmTileSize.Tile128);
        Close.All(want, DeviceArrays.Download(small.Accelerator, dc.View));

        using var dm = DeviceArrays.Zeros<float>(small.Accelerator, M * N);
        kernels.MatMul(small.Accelerator.DefaultStream, da.View, [M, K], db.View, [K, N], dm.View, tile: GemmTileSize.Tile64);
        Close.All(want, DeviceArrays.Download(small.Accelerator, dm.View));
    }

    [Fact]
    public void A_build_time_tile_that_fits_is_the_one_launched()
    {
        // The shared simulator has one multiprocessor and 256-thread groups: on its own it would pick Tile128 (one tile
        // keeps its one multiprocessor busy), so a Tile32 from the build is seen to win.
        var accelerator = Accelerator(GpuBackends.Cpu);
        GemmArgs args = GemmArgs.Dense(M, N, K);
        Assert.Equal(GemmTileSize.Tile128, GemmTileChoice.Choose(accelerator, args, 1));
        Assert.Equal(GemmTileSize.Tile32, GemmTileChoice.Choose(accelerator, args, 1, GemmTileSize.Tile32));

        float[] a = DeviceArrays.Random(M * K, seed: 42), b = DeviceArrays.Random(K * N, seed: 43);
        using var da = Upload(GpuBackends.Cpu, a);
        using var db = Upload(GpuBackends.Cpu, b);
        using var dc = Zeros<float>(GpuBackends.Cpu, M * N);
        Kernels(GpuBackends.Cpu).Gemm(Stream(GpuBackends.Cpu), args, 1, da.View, db.View, ILGPU.ArrayView<float>.Empty, dc.View, default(IdentityOp), tile: GemmTileSize.Tile32);
        Close.All(Reference.Gemm(a, b, M, N, K, false, false, 1f), Download(GpuBackends.Cpu, dc.View));
    }
}

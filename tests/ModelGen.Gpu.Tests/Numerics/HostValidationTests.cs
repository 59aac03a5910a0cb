using System;
using ModelGen.Gpu.Devices;
using ModelGen.Gpu.Kernels;
using ModelGen.Gpu.Kernels.DataMovement;
using ModelGen.Gpu.Kernels.Elementwise;
using ModelGen.Gpu.Kernels.Gemm;
using ModelGen.Gpu.Memory;
using ModelGen.Gpu.Tests.Support;
using Xunit;

namespace ModelGen.Gpu.Tests.Numerics;

/// <summary>Kernels cannot throw, so the launchers check shapes on the host, with messages that say what is wrong.</summary>
[Collection(GpuNumericsCollection.Name)]
public sealed class HostValidationTests : NumericTest
{
    public HostValidationTests(DeviceFixture devices)
        : base(devices)
    {
    }

    [Fact]
    public void Shapes_that_do_not_broadcast_are_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => IndexMap6.Broadcast([3, 4], [2, 4]));
        Assert.Contains("do not broadcast", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => IndexMap6.Broadcast([1, 1, 1, 1, 1, 1, 2], [2]));
        Assert.Throws<ArgumentException>(() => IndexMap6.Transpose([2, 3], [0, 0]));
    }

    [Fact]
    public void Views_too_short_for_the_kernel_are_rejected_before_launch()
    {
        using var small = Zeros<float>(GpuBackends.Cpu, 10);
        using var large = Zeros<float>(GpuBackends.Cpu, 100);
        GpuKernels kernels = Kernels(GpuBackends.Cpu);
        var stream = Stream(GpuBackends.Cpu);

        Assert.Throws<ArgumentException>(() => kernels.Unary(stream, large.View, small.View, default(ReluOp)));
        var gemm = Assert.Throws<ArgumentException>(() =>
            kernels.Gemm(stream, GemmArgs.Dense(5, 5, 4), 1, large.View, large.View, ILGPU.ArrayView<float>.Empty, small.View, default(IdentityOp)));
        Assert.Equal("c", gemm.ParamName);
        Assert.Throws<ArgumentException>(() => kernels.MatMul(stream, large.View, [2, 3], large.View, [4, 5], large.View));
    }

    [Fact]
    public void A_tile_larger_than_the_accelerators_groups_is_rejected()
    {
        // 4 threads × 4 warps: groups of 16 threads, fewer than any GEMM tile needs.
        using GpuDevice tiny = GpuDevices.OpenCpuSimulator(4, 4, 2);
        var kernels = new GpuKernels(tiny.Accelerator);
        using var buffer = tiny.Accelerator.Allocate1D<float>(64);
        var error = Assert.Throws<ArgumentException>(() => kernels.Gemm<GemmTile128, IdentityOp>(
            tiny.Accelerator.DefaultStream, GemmArgs.Dense(4, 4, 4), 1, buffer.View, buffer.View, buffer.View, buffer.View, default));
        Assert.Contains("needs 256 threads per group", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Arena_plans_need_aligned_offsets_and_whole_elements()
    {
        Assert.Throws<ArgumentException>(() => new ArenaPlan([new ArenaSlot(100, 16)]));
        ArenaPlan plan = ArenaPlan.Sequential(10, 1000, 6);
        Assert.Equal([0L, 256L, 1280L], new[] { plan[0].Offset, plan[1].Offset, plan[2].Offset });
        Assert.Equal(1536, plan.TotalBytes);

        using var arena = new DeviceArena(Accelerator(GpuBackends.Cpu), plan);
        Assert.Equal(250, arena.View<float>(1).Length);
        Assert.Equal(3, arena.View<ILGPU.Half>(2).Length);
        Assert.Throws<ArgumentException>(() => arena.View<float>(2));
        Assert.Throws<ArgumentOutOfRangeException>(() => arena.View<float>(3));
    }
}

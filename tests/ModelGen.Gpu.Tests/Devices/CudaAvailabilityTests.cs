using System;
using ModelGen.Gpu.Devices;
using ModelGen.Gpu.Memory;
using ModelGen.Gpu.Sessions;
using ModelGen.Gpu.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace ModelGen.Gpu.Tests.Devices;

/// <summary>
/// Without an NVIDIA driver (this repository's CI and most developer machines) asking for CUDA gives a clear "no CUDA
/// device" answer, never a crash; with MODELGEN_GPU_TESTS=cuda the same calls must find the device.
/// </summary>
public sealed class CudaAvailabilityTests
{
    private readonly ITestOutputHelper output;

    public CudaAvailabilityTests(ITestOutputHelper output) => this.output = output;

    [Fact]
    public void Finding_cuda_reports_the_machine_truthfully()
    {
        GpuDeviceChoice choice = GpuDevices.FindCuda();
        output.WriteLine(choice.Reason);
        try
        {
            if (GpuBackends.CudaRequested)
            {
                Assert.True(choice.IsAvailable, choice.Reason);
                Assert.Equal(GpuDeviceKind.Cuda, choice.Device!.Kind);
            }
            else
            {
                Assert.False(choice.IsAvailable, "This test expects a machine without a CUDA device unless MODELGEN_GPU_TESTS=cuda.");
                Assert.StartsWith("No CUDA device", choice.Reason, StringComparison.Ordinal);
                Assert.Contains("CPU class", choice.Reason, StringComparison.Ordinal);
            }
        }
        finally
        {
            choice.Device?.Dispose();
        }
    }

    [Fact]
    public void Creating_a_cuda_session_without_a_device_says_so()
    {
        if (GpuBackends.CudaRequested)
        {
            using GpuSession session = GpuSession.CreateCuda(ArenaPlan.Sequential(1024));
            Assert.Equal(GpuDeviceKind.Cuda, session.Device.Kind);
            return;
        }

        var error = Assert.Throws<GpuUnavailableException>(() => GpuSession.CreateCuda(ArenaPlan.Sequential(1024)));
        Assert.StartsWith("No CUDA device", error.Message, StringComparison.Ordinal);
        GpuSession? none = GpuSession.TryCreateCuda(ArenaPlan.Sequential(1024), out string reason);
        Assert.Null(none);
        Assert.Equal(error.Message, reason);
        output.WriteLine(reason);
    }
}

using System;
using System.Collections.Generic;

namespace ModelGen.Gpu.Tests.Support;

/// <summary>
/// The backends the numeric tests run on: always ILGPU's CPU accelerator, plus CUDA when MODELGEN_GPU_TESTS=cuda
/// (tests/Gpu/device-check.sh sets it on a machine with an NVIDIA GPU; without a device those runs fail, on purpose).
/// </summary>
public static class GpuBackends
{
    /// <summary>The simulator's name in test data.</summary>
    public const string Cpu = "cpu";

    /// <summary>The CUDA device's name in test data.</summary>
    public const string Cuda = "cuda";

    /// <summary>Whether this run was asked to use CUDA too.</summary>
    public static bool CudaRequested =>
        string.Equals(Environment.GetEnvironmentVariable("MODELGEN_GPU_TESTS"), Cuda, StringComparison.OrdinalIgnoreCase);

    /// <summary>Theory data: one row per backend.</summary>
    public static IEnumerable<object[]> All()
    {
        yield return [Cpu];
        if (CudaRequested)
        {
            yield return [Cuda];
        }
    }
}

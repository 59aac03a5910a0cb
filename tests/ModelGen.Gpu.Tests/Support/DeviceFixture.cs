using System;
using System.Collections.Generic;
using ModelGen.Gpu.Devices;
using ModelGen.Gpu.Kernels;
using Xunit;

namespace ModelGen.Gpu.Tests.Support;

/// <summary>
/// The devices of the numeric tests, opened once per run and shared by the collection (opening a context and
/// compiling kernels is the slow part; the launches on small shapes are milliseconds).
/// </summary>
/// <remarks>
/// The simulator is one multiprocessor with groups of up to 256 threads (4 × 64), so the library's real GEMM tiles
/// (up to 256 threads) run unchanged; a single multiprocessor keeps the number of OS threads at 256.
/// </remarks>
public sealed class DeviceFixture : IDisposable
{
    private readonly Dictionary<string, (GpuDevice Device, GpuKernels Kernels)> opened = [];

    /// <summary>The device and kernel library for a backend name from <see cref="GpuBackends"/>.</summary>
    public (GpuDevice Device, GpuKernels Kernels) Get(string backend)
    {
        lock (opened)
        {
            if (!opened.TryGetValue(backend, out var pair))
            {
                GpuDevice device = backend == GpuBackends.Cuda
                    ? GpuDevices.OpenCuda()
                    : GpuDevices.OpenCpuSimulator(threadsPerWarp: 4, warpsPerMultiprocessor: 64, multiprocessors: 1);
                pair = (device, new GpuKernels(device.Accelerator));
                opened.Add(backend, pair);
            }

            return pair;
        }
    }

    /// <summary>Closes every opened device.</summary>
    public void Dispose()
    {
        foreach (var pair in opened.Values)
        {
            pair.Device.Dispose();
        }
    }
}

/// <summary>The numeric tests share one set of devices and run one at a time (an accelerator runs one launch at a time).</summary>
[CollectionDefinition(Name)]
public sealed class GpuNumericsCollection : ICollectionFixture<DeviceFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "GPU numerics";
}

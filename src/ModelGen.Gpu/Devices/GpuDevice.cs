using System;
using ILGPU;
using ILGPU.Runtime;

namespace ModelGen.Gpu.Devices;

/// <summary>Which backend a <see cref="GpuDevice"/> runs on.</summary>
public enum GpuDeviceKind
{
    /// <summary>An NVIDIA GPU through ILGPU's CUDA backend.</summary>
    Cuda,

    /// <summary>ILGPU's CPU accelerator: a slow, exact simulator of the GPU programming model, for tests.</summary>
    CpuSimulator,
}

/// <summary>An ILGPU context and one accelerator in it, owned together and disposed together.</summary>
public sealed class GpuDevice : IDisposable
{
    internal GpuDevice(Context context, Accelerator accelerator, GpuDeviceKind kind)
    {
        Context = context;
        Accelerator = accelerator;
        Kind = kind;
    }

    /// <summary>The ILGPU context (owned).</summary>
    public Context Context { get; }

    /// <summary>The accelerator (owned).</summary>
    public Accelerator Accelerator { get; }

    /// <summary>The backend.</summary>
    public GpuDeviceKind Kind { get; }

    /// <summary>The device's name as ILGPU reports it.</summary>
    public string Name => Accelerator.Name;

    /// <summary>Disposes the accelerator, then the context.</summary>
    public void Dispose()
    {
        Accelerator.Dispose();
        Context.Dispose();
    }
}

using ILGPU;
using ILGPU.Runtime;
using ModelGen.Gpu.Kernels;

namespace ModelGen.Gpu.Tests.Support;

/// <summary>The base of the numeric tests: the shared devices, and upload/download by backend name.</summary>
public abstract class NumericTest
{
    private readonly DeviceFixture devices;

    protected NumericTest(DeviceFixture devices) => this.devices = devices;

    /// <summary>The kernel library of a backend.</summary>
    protected GpuKernels Kernels(string backend) => devices.Get(backend).Kernels;

    /// <summary>The accelerator of a backend.</summary>
    protected Accelerator Accelerator(string backend) => devices.Get(backend).Device.Accelerator;

    /// <summary>A device copy of the values.</summary>
    protected DeviceArray<T> Upload<T>(string backend, T[] values)
        where T : unmanaged => DeviceArrays.Upload(Accelerator(backend), values);

    /// <summary>A zeroed device buffer.</summary>
    protected DeviceArray<T> Zeros<T>(string backend, long length)
        where T : unmanaged => DeviceArrays.Zeros<T>(Accelerator(backend), length);

    /// <summary>Waits for the default stream and copies back.</summary>
    protected T[] Download<T>(string backend, ArrayView<T> view)
        where T : unmanaged => DeviceArrays.Download(Accelerator(backend), view);

    /// <summary>The default stream of a backend (the tests' launches go there).</summary>
    protected AcceleratorStream Stream(string backend) => Accelerator(backend).DefaultStream;
}

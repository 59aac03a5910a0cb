using System;
using ILGPU;
using ILGPU.Runtime;

namespace ModelGen.Gpu.Tests.Support;

/// <summary>A test's device buffer, exposed as the plain <see cref="ArrayView{T}"/> the launchers take.</summary>
public sealed class DeviceArray<T> : IDisposable
    where T : unmanaged
{
    private readonly MemoryBuffer1D<T, Stride1D.Dense> buffer;

    public DeviceArray(MemoryBuffer1D<T, Stride1D.Dense> buffer) => this.buffer = buffer;

    /// <summary>The whole buffer.</summary>
    public ArrayView<T> View => buffer.View.AsContiguous();

    public void Dispose() => buffer.Dispose();
}

/// <summary>Uploads and downloads for tests (the library's own path, arena and staging, has its own test).</summary>
public static class DeviceArrays
{
    /// <summary>A device copy of <paramref name="values"/>.</summary>
    public static DeviceArray<T> Upload<T>(Accelerator accelerator, T[] values)
        where T : unmanaged
    {
        var buffer = accelerator.Allocate1D<T>(values.Length);
        buffer.View.CopyFromCPU(values);
        return new DeviceArray<T>(buffer);
    }

    /// <summary>A zeroed device buffer.</summary>
    public static DeviceArray<T> Zeros<T>(Accelerator accelerator, long length)
        where T : unmanaged
    {
        var buffer = accelerator.Allocate1D<T>(length);
        buffer.MemSetToZero();
        return new DeviceArray<T>(buffer);
    }

    /// <summary>Synchronises the default stream and copies the view back.</summary>
    public static T[] Download<T>(Accelerator accelerator, ArrayView<T> view)
        where T : unmanaged
    {
        accelerator.DefaultStream.Synchronize();
        var values = new T[view.Length];
        view.CopyToCPU(values.AsSpan());
        return values;
    }

    /// <summary>Deterministic values in [-1, 1).</summary>
    public static float[] Random(int length, int seed)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (float)(random.NextDouble() * 2 - 1);
        }

        return values;
    }
}

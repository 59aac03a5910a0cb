using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using ILGPU.Runtime;
using ModelGen.Gpu.Devices;
using ModelGen.Gpu.Kernels;
using ModelGen.Gpu.Memory;

namespace ModelGen.Gpu.Sessions;

/// <summary>
/// What a generated GPU model runs on: a device (context and accelerator), one stream, the activation arena cut by
/// the build's memory plan, the kernel library (each kernel loaded once), and pinned staging buffers. A call copies
/// its inputs in, enqueues every kernel on <see cref="Stream"/>, copies its outputs out and calls
/// <see cref="Synchronize"/> once.
/// </summary>
/// <remarks>Generated sessions derive from this class or hold one. Not thread-safe: one call at a time per session.</remarks>
public class GpuSession : IDisposable
{
    private readonly List<IDisposable> owned = [];
    private bool disposed;

    /// <summary>A session on <paramref name="device"/>, which it takes ownership of, with an arena for <paramref name="activations"/>.</summary>
    [RequiresDynamicCode(GpuRequirements.DynamicCode)]
    [RequiresUnreferencedCode(GpuRequirements.UnreferencedCode)]
    public GpuSession(GpuDevice device, ArenaPlan activations)
    {
        Device = device ?? throw new ArgumentNullException(nameof(device));
        ArgumentNullException.ThrowIfNull(activations);
        Stream = device.Accelerator.CreateStream();
        Arena = new DeviceArena(device.Accelerator, activations);
        Kernels = new GpuKernels(device.Accelerator);
    }

    /// <summary>
    /// A session on the first CUDA device; throws <see cref="GpuUnavailableException"/> with the reason when there is
    /// none (see <see cref="TryCreateCuda"/> for the non-throwing form).
    /// </summary>
    [RequiresDynamicCode(GpuRequirements.DynamicCode)]
    [RequiresUnreferencedCode(GpuRequirements.UnreferencedCode)]
    public static GpuSession CreateCuda(ArenaPlan activations) => new(GpuDevices.OpenCuda(), activations);

    /// <summary>
    /// A session on the first CUDA device, or null with <paramref name="reason"/> saying why there is none, so the
    /// caller can use the model's CPU class instead.
    /// </summary>
    [RequiresDynamicCode(GpuRequirements.DynamicCode)]
    [RequiresUnreferencedCode(GpuRequirements.UnreferencedCode)]
    public static GpuSession? TryCreateCuda(ArenaPlan activations, out string reason)
    {
        GpuDeviceChoice choice = GpuDevices.FindCuda();
        reason = choice.Reason;
        return choice.IsAvailable ? new GpuSession(choice.Device, activations) : null;
    }

    /// <summary>The device (owned).</summary>
    public GpuDevice Device { get; }

    /// <summary>The accelerator kernels run on.</summary>
    public Accelerator Accelerator => Device.Accelerator;

    /// <summary>The one stream every copy and launch of a call is enqueued on.</summary>
    public AcceleratorStream Stream { get; }

    /// <summary>The activation arena.</summary>
    public DeviceArena Arena { get; }

    /// <summary>The kernel library of this session's accelerator.</summary>
    public GpuKernels Kernels { get; }

    /// <summary>Waits for everything enqueued on <see cref="Stream"/>: once per call, after the output copies.</summary>
    public void Synchronize() => Stream.Synchronize();

    /// <summary>A page-locked staging buffer for an input or output, freed with the session.</summary>
    [RequiresDynamicCode(GpuRequirements.DynamicCode)]
    [RequiresUnreferencedCode(GpuRequirements.UnreferencedCode)]
    public PinnedStaging<T> CreateStaging<T>(long length)
        where T : unmanaged
    {
        var staging = new PinnedStaging<T>(Accelerator, length);
        owned.Add(staging);
        return staging;
    }

    /// <summary>Uploads weights once (see <see cref="DeviceWeights.Upload"/>); they are freed with the session.</summary>
    [RequiresDynamicCode(GpuRequirements.DynamicCode)]
    [RequiresUnreferencedCode(GpuRequirements.UnreferencedCode)]
    public DeviceWeights UploadWeights(ArenaPlan plan, ReadOnlySpan<byte> source, IReadOnlyList<long> sourceOffsets)
    {
        DeviceWeights weights = DeviceWeights.Upload(Accelerator, plan, source, sourceOffsets);
        owned.Add(weights);
        return weights;
    }

    /// <summary>Frees the session's buffers, stream and device.</summary>
    public void Dispose()
    {
        Dispose(disposing: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Frees what the session owns; derived sessions free their own resources first, then call this.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposed || !disposing)
        {
            return;
        }

        disposed = true;
        for (int i = owned.Count - 1; i >= 0; i--)
        {
            owned[i].Dispose();
        }

        Arena.Dispose();
        Stream.Dispose();
        Device.Dispose();
    }
}

using System;
using System.Diagnostics.CodeAnalysis;
using ILGPU;
using ILGPU.Runtime;

namespace ModelGen.Gpu.Memory;

/// <summary>
/// A page-locked host buffer for a model's input or output: the caller's span is copied into it, and the device
/// copies from it asynchronously on the session's stream (a pageable source would make CUDA stage it again).
/// </summary>
public sealed class PinnedStaging<T> : IDisposable
    where T : unmanaged
{
    private readonly PageLockedArray1D<T> pinned;

    /// <summary>Allocates <paramref name="length"/> page-locked elements.</summary>
    [RequiresDynamicCode(GpuRequirements.DynamicCode)]
    [RequiresUnreferencedCode(GpuRequirements.UnreferencedCode)]
    public PinnedStaging(Accelerator accelerator, long length)
    {
        ArgumentNullException.ThrowIfNull(accelerator);
        if (length < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "A staging buffer holds at least one element.");
        }

        pinned = accelerator.AllocatePageLocked1D<T>(length);
    }

    /// <summary>The number of elements.</summary>
    public long Length => pinned.Length;

    /// <summary>The host memory.</summary>
    public Span<T> Span => pinned.Span;

    /// <summary>Enqueues host → device into <paramref name="target"/> (exactly <see cref="Length"/> elements).</summary>
    public void CopyToDevice(AcceleratorStream stream, ArrayView<T> target)
    {
        RequireLength(target.Length);
        target.CopyFromPageLockedAsync(stream, pinned);
    }

    /// <summary>Enqueues device → host from <paramref name="source"/>; the data is in <see cref="Span"/> after a synchronise.</summary>
    public void CopyFromDevice(AcceleratorStream stream, ArrayView<T> source)
    {
        RequireLength(source.Length);
        source.CopyToPageLockedAsync(stream, pinned);
    }

    /// <summary>Frees the pinned memory.</summary>
    public void Dispose() => pinned.Dispose();

    private void RequireLength(long viewLength)
    {
        if (viewLength != pinned.Length)
        {
            throw new ArgumentException($"The device view has {viewLength} elements; the staging buffer has {pinned.Length}.");
        }
    }
}

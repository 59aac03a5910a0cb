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

    /// <summary>
    /// Enqueues host → device into <paramref name="target"/>: the first <c>target.Length</c> elements (all of them for a
    /// buffer of a static shape; a prefix when a session sized for a larger batch runs a smaller one).
    /// </summary>
    public void CopyToDevice(AcceleratorStream stream, ArrayView<T> target)
    {
        RequireLength(target.Length);
        if (target.Length == pinned.Length)
        {
            target.CopyFromPageLockedAsync(stream, pinned);
        }
        else
        {
            target.CopyFrom(stream, pinned.ArrayView.SubView(0, target.Length));
        }
    }

    /// <summary>
    /// Enqueues device → host from <paramref name="source"/> into the first <c>source.Length</c> elements; the data is
    /// in <see cref="Span"/> after a synchronise.
    /// </summary>
    public void CopyFromDevice(AcceleratorStream stream, ArrayView<T> source)
    {
        RequireLength(source.Length);
        if (source.Length == pinned.Length)
        {
            source.CopyToPageLockedAsync(stream, pinned);
        }
        else
        {
            pinned.ArrayView.SubView(0, source.Length).CopyFrom(stream, source);
        }
    }

    /// <summary>Frees the pinned memory.</summary>
    public void Dispose() => pinned.Dispose();

    private void RequireLength(long viewLength)
    {
        if (viewLength < 1 || viewLength > pinned.Length)
        {
            throw new ArgumentException($"The device view has {viewLength} elements; the staging buffer has {pinned.Length}.");
        }
    }
}

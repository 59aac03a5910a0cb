using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using ILGPU;
using ILGPU.Runtime;

namespace ModelGen.Gpu.Memory;

/// <summary>
/// A model's weights on the device, uploaded once: each tensor's bytes are gathered from the host image (the
/// embedded .onnx, read at the byte offsets the build computed) into an aligned layout, and copied in one transfer.
/// </summary>
public sealed class DeviceWeights : IDisposable
{
    private readonly DeviceArena arena;

    private DeviceWeights(DeviceArena arena) => this.arena = arena;

    /// <summary>The device layout of the weights.</summary>
    public ArenaPlan Plan => arena.Plan;

    /// <summary>
    /// Uploads the weights: slot i of <paramref name="plan"/> receives <c>plan[i].ByteLength</c> bytes of
    /// <paramref name="source"/> starting at <paramref name="sourceOffsets"/>[i]. Blocks until the copy is done.
    /// </summary>
    [RequiresDynamicCode(GpuRequirements.DynamicCode)]
    [RequiresUnreferencedCode(GpuRequirements.UnreferencedCode)]
    public static DeviceWeights Upload(Accelerator accelerator, ArenaPlan plan, ReadOnlySpan<byte> source, IReadOnlyList<long> sourceOffsets)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(sourceOffsets);
        if (sourceOffsets.Count != plan.Count)
        {
            throw new ArgumentException($"{sourceOffsets.Count} source offsets for {plan.Count} weight slots.", nameof(sourceOffsets));
        }

        var arena = new DeviceArena(accelerator, plan);
        try
        {
            using var staging = new PinnedStaging<byte>(accelerator, plan.TotalBytes);
            Span<byte> packed = staging.Span;
            packed.Clear();
            for (int i = 0; i < plan.Count; i++)
            {
                ArenaSlot slot = plan[i];
                long from = sourceOffsets[i];
                if (from < 0 || from + slot.ByteLength > source.Length)
                {
                    throw new ArgumentException(
                        $"Weight {i} reads bytes {from}..{from + slot.ByteLength} of a {source.Length}-byte source.", nameof(sourceOffsets));
                }

                source.Slice((int)from, (int)slot.ByteLength).CopyTo(packed.Slice((int)slot.Offset, (int)slot.ByteLength));
            }

            staging.CopyToDevice(accelerator.DefaultStream, arena.Bytes);
            accelerator.DefaultStream.Synchronize();
            return new DeviceWeights(arena);
        }
        catch
        {
            arena.Dispose();
            throw;
        }
    }

    /// <summary>Weight <paramref name="slot"/> as a view of <typeparamref name="T"/>.</summary>
    public ArrayView<T> View<T>(int slot)
        where T : unmanaged => arena.View<T>(slot);

    /// <summary>Frees the device memory.</summary>
    public void Dispose() => arena.Dispose();
}

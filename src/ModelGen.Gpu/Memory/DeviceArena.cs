using System;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using ILGPU;
using ILGPU.Runtime;

namespace ModelGen.Gpu.Memory;

/// <summary>
/// One device allocation cut into the slots of an <see cref="ArenaPlan"/>: every activation of a model lives in a
/// sub-view of it, so a session allocates device memory once and tensors never live together share bytes.
/// </summary>
public sealed class DeviceArena : IDisposable
{
    private readonly MemoryBuffer1D<byte, Stride1D.Dense> buffer;

    /// <summary>Allocates <see cref="ArenaPlan.TotalBytes"/> on <paramref name="accelerator"/>.</summary>
    [RequiresDynamicCode(GpuRequirements.DynamicCode)]
    [RequiresUnreferencedCode(GpuRequirements.UnreferencedCode)]
    public DeviceArena(Accelerator accelerator, ArenaPlan plan)
    {
        ArgumentNullException.ThrowIfNull(accelerator);
        Plan = plan ?? throw new ArgumentNullException(nameof(plan));
        buffer = accelerator.Allocate1D<byte>(plan.TotalBytes);
    }

    /// <summary>The plan the arena was cut by.</summary>
    public ArenaPlan Plan { get; }

    /// <summary>The whole allocation as bytes.</summary>
    public ArrayView<byte> Bytes => buffer.View;

    /// <summary>Slot <paramref name="slot"/> as a view of <typeparamref name="T"/> (float, ILGPU.Half, int, long...).</summary>
    public ArrayView<T> View<T>(int slot)
        where T : unmanaged
    {
        if ((uint)slot >= (uint)Plan.Count)
        {
            throw new ArgumentOutOfRangeException(nameof(slot), slot, $"The plan has {Plan.Count} slots.");
        }

        ArenaSlot place = Plan[slot];
        int size = Unsafe.SizeOf<T>();
        if (place.ByteLength % size != 0)
        {
            throw new ArgumentException(
                $"Slot {slot} holds {place.ByteLength} bytes, not a whole number of {typeof(T).Name} ({size} bytes).", nameof(slot));
        }

        return Bytes.SubView(place.Offset, place.ByteLength).Cast<T>();
    }

    /// <summary>Frees the device memory.</summary>
    public void Dispose() => buffer.Dispose();
}

using System;
using System.Collections.Generic;

namespace ModelGen.Gpu.Memory;

/// <summary>One tensor's place in an arena: a byte offset and a byte length.</summary>
public readonly record struct ArenaSlot(long Offset, long ByteLength);

/// <summary>
/// Where every tensor lives in one device allocation: the same memory plan the CPU arena uses, with offsets
/// aligned to <see cref="Alignment"/> bytes, so sub-views cast to any element type and loads coalesce.
/// </summary>
public sealed class ArenaPlan
{
    /// <summary>The alignment of every slot (CUDA allocations are 256-byte aligned; so are our sub-views).</summary>
    public const int Alignment = 256;

    private readonly ArenaSlot[] slots;

    /// <summary>A plan from (offset, byteLength) pairs computed elsewhere (the build's memory planner).</summary>
    public ArenaPlan(IReadOnlyList<ArenaSlot> slots)
    {
        ArgumentNullException.ThrowIfNull(slots);
        this.slots = new ArenaSlot[slots.Count];
        long end = 0;
        for (int i = 0; i < slots.Count; i++)
        {
            ArenaSlot slot = slots[i];
            if (slot.Offset < 0 || slot.ByteLength < 0 || slot.Offset % Alignment != 0)
            {
                throw new ArgumentException(
                    $"Slot {i} at offset {slot.Offset} with {slot.ByteLength} bytes: offsets must be non-negative multiples of {Alignment}.",
                    nameof(slots));
            }

            this.slots[i] = slot;
            end = Math.Max(end, slot.Offset + slot.ByteLength);
        }

        TotalBytes = Math.Max(Alignment, AlignUp(end));
    }

    /// <summary>The arena's size in bytes, a multiple of <see cref="Alignment"/> (at least one block, so it is never empty).</summary>
    public long TotalBytes { get; }

    /// <summary>The number of slots.</summary>
    public int Count => slots.Length;

    /// <summary>Slot <paramref name="index"/>.</summary>
    public ArenaSlot this[int index] => slots[index];

    /// <summary>A plan that lays the given byte lengths out one after another, each aligned (no sharing between slots).</summary>
    public static ArenaPlan Sequential(params long[] byteLengths)
    {
        var laid = new ArenaSlot[byteLengths.Length];
        long offset = 0;
        for (int i = 0; i < byteLengths.Length; i++)
        {
            laid[i] = new ArenaSlot(offset, byteLengths[i]);
            offset = AlignUp(offset + byteLengths[i]);
        }

        return new ArenaPlan(laid);
    }

    private static long AlignUp(long bytes) => (bytes + Alignment - 1) / Alignment * Alignment;
}

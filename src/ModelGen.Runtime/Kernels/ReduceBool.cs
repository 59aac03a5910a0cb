using System;
using System.Runtime.InteropServices;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

public static partial class Reduce
{
    // ReduceMax and ReduceMin over bool (ONNX revision 20): a bool is one byte holding 0 or 1, so the byte
    // maximum is "any" and the byte minimum is "all"; an empty Max is false and an empty Min is true.

    /// <summary>ReduceMax over bool: true when any element is.</summary>
    public static void Any(ReadOnlySpan<bool> x, Span<bool> y, ReadOnlySpan<int> dims, ReadOnlySpan<int> reduced) =>
        Max(MemoryMarshal.Cast<bool, byte>(x), MemoryMarshal.Cast<bool, byte>(y), dims, reduced);

    /// <summary>ReduceMin over bool: true when every element is.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void All(ReadOnlySpan<bool> x, Span<bool> y, ReadOnlySpan<int> dims, ReadOnlySpan<int> reduced)
    {
        Span<byte> bytes = MemoryMarshal.Cast<bool, byte>(y);
        Min(MemoryMarshal.Cast<bool, byte>(x), bytes, dims, reduced);
        // The byte minimum over no elements saturates to 255; as a bool that must read as exactly 1.
        for (int i = 0; i < bytes.Length; i++) if (bytes[i] > 1) bytes[i] = 1;
    }

    /// <summary>ReduceMax over bool with run-time axes.</summary>
    public static void Any(ReadOnlySpan<bool> x, Span<bool> y, ReadOnlySpan<int> dims, ReadOnlySpan<long> axes) => Any(x, y, dims, Flags(dims, axes, stackalloc int[MaxRank]));

    /// <summary>ReduceMin over bool with run-time axes.</summary>
    public static void All(ReadOnlySpan<bool> x, Span<bool> y, ReadOnlySpan<int> dims, ReadOnlySpan<long> axes) => All(x, y, dims, Flags(dims, axes, stackalloc int[MaxRank]));
}

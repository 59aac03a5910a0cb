using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// Rows of the zero-padded plane copies that the direct, shifted and Winograd convolutions read, moved with vectors
/// in line (the row through <see cref="Simd.CopyShort"/>): Span's Clear and CopyTo cost a call each (memset, memmove) per row. On a depthwise 3×3 over 32×112×112
/// (Zen 4, hot caches) the convolution went from 0.175 to 0.169 ms with this alone.
/// </summary>
internal static unsafe class PaddedRow
{
    /// <summary>dst = [lead zeros, src[0, width), trail zeros].</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Copy(float* src, int width, float* dst, int lead, int trail)
    {
        Zero(dst, lead);
        // The row itself: Simd's inline copy, for any width (no memmove call).
        Simd.CopyShort(src, dst + lead, width);
        Zero(dst + lead + width, trail);
    }

    /// <summary>dst[0, n) = 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Zero(float* dst, int n)
    {
        int j = 0;
        if (Vector256.IsHardwareAccelerated)
            for (; j + 8 <= n; j += 8) Vector256<float>.Zero.Store(dst + j);
        for (; j < n; j++) dst[j] = 0f;
    }
}

using System;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>ONNX Concat, one input at a time.</summary>
public static class Concat
{
    /// <summary>
    /// Copies one input into its place in the output: for o in [0, outer), src[o*srcBlock .. +srcBlock] goes to
    /// dst[o*dstBlock + dstOffset ..]. (srcBlock = input's axis length × inner; dstBlock = output's.)
    /// </summary>
    /// <param name="src">The input being placed.</param>
    /// <param name="dst">The concatenated output.</param>
    /// <param name="outer">Product of the dimensions before the concat axis.</param>
    /// <param name="srcBlock">Elements of src per outer index.</param>
    /// <param name="dstBlock">Elements of dst per outer index.</param>
    /// <param name="dstOffset">Where this input starts inside each dst block.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void CopyBlock<T>(ReadOnlySpan<T> src, Span<T> dst, int outer, int srcBlock, int dstBlock, int dstOffset) where T : unmanaged
    {
        if (outer < 0 || srcBlock < 0 || dstBlock < 0 || dstOffset < 0 || dstOffset + (long)srcBlock > dstBlock)
            throw new ArgumentException("Concat block arguments are inconsistent.");
        if (outer == 0 || srcBlock == 0) return;
        Simd.Need(src.Length, (long)outer * srcBlock, nameof(src));
        Simd.Need(dst.Length, (long)(outer - 1) * dstBlock + dstOffset + srcBlock, nameof(dst));
        if (srcBlock == dstBlock)
        {
            src.Slice(0, outer * srcBlock).CopyTo(dst); // only input: one straight copy
            return;
        }
        for (int o = 0; o < outer; o++)
            src.Slice(o * srcBlock, srcBlock).CopyTo(dst.Slice(o * dstBlock + dstOffset, srcBlock));
    }
}

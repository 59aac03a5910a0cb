using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>ONNX RotaryEmbedding: rotates the first rotaryDim elements of every head's row by per-position angles.</summary>
public static class RotaryEmbedding
{
    /// <summary>
    /// For each row x of one head at sequence position s of batch b, with c = cos[p], n = sin[p] (p = positionIds[b, s],
    /// or the row (b, s) of [batch, seq, rotaryDim/2] caches without position ids), pairs (x1, x2) of the first
    /// rotaryDim elements become (c·x1 − n·x2, n·x1 + c·x2); the rest are copied. Pairs are (t, t + rotaryDim/2),
    /// or (2t, 2t + 1) when <paramref name="interleaved"/>. Float16 computes in float.
    /// </summary>
    /// <param name="x">Input: [batch, heads, seq, headSize], or [batch, seq, heads·headSize] when <paramref name="packed"/>.</param>
    /// <param name="cos">Cosines: [cacheRows, rotaryDim/2] with position ids, else [batch, seq, rotaryDim/2].</param>
    /// <param name="sin">Sines, shaped as <paramref name="cos"/>.</param>
    /// <param name="positionIds">Positions [batch, seq] (negative ones count from the end of the cache), or empty for none.</param>
    /// <param name="y">Output, x's shape.</param>
    /// <param name="batch">Batch size.</param>
    /// <param name="heads">Heads.</param>
    /// <param name="seq">Sequence length.</param>
    /// <param name="headSize">Elements per head.</param>
    /// <param name="rotaryDim">Rotated elements per head (even, at most headSize).</param>
    /// <param name="cacheRows">Rows of the caches with position ids (ignored without).</param>
    /// <param name="interleaved">Pairs are adjacent elements rather than the two halves.</param>
    /// <param name="packed">x is 3-D, heads packed in the last dim.</param>
    public static void Run<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> cos, ReadOnlySpan<T> sin, ReadOnlySpan<long> positionIds, Span<T> y,
        int batch, int heads, int seq, int headSize, int rotaryDim, int cacheRows, bool interleaved, bool packed)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (batch < 0 || heads < 0 || seq < 0 || headSize < 0 || cacheRows < 0) throw new ArgumentException("Negative RotaryEmbedding dimension.");
        if (rotaryDim < 0 || rotaryDim > headSize || rotaryDim % 2 != 0) throw new ArgumentException("rotaryDim must be even and at most headSize.", nameof(rotaryDim));
        long total = (long)batch * heads * seq * headSize;
        Simd.Need(x.Length, total, nameof(x));
        Simd.Need(y.Length, total, nameof(y));
        int half = rotaryDim / 2;
        bool hasPositions = !positionIds.IsEmpty;
        long cacheElements = hasPositions ? (long)cacheRows * half : (long)batch * seq * half;
        Simd.Need(cos.Length, cacheElements, nameof(cos));
        Simd.Need(sin.Length, cacheElements, nameof(sin));
        if (hasPositions) Simd.Need(positionIds.Length, (long)batch * seq, nameof(positionIds));
        if (typeof(T) == typeof(Half)) Core<T, float>(x, cos, sin, positionIds, y, batch, heads, seq, headSize, half, cacheRows, interleaved, packed);
        else Core<T, T>(x, cos, sin, positionIds, y, batch, heads, seq, headSize, half, cacheRows, interleaved, packed);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Core<T, TC>(ReadOnlySpan<T> x, ReadOnlySpan<T> cos, ReadOnlySpan<T> sin, ReadOnlySpan<long> positionIds, Span<T> y,
        int batch, int heads, int seq, int headSize, int half, int cacheRows, bool interleaved, bool packed)
        where T : unmanaged, IFloatingPointIeee754<T> where TC : unmanaged, IFloatingPointIeee754<TC>
    {
        int rotaryDim = 2 * half;
        for (int b = 0; b < batch; b++)
            for (int s = 0; s < seq; s++)
            {
                int cacheRow = positionIds.IsEmpty ? b * seq + s : Position(positionIds[b * seq + s], cacheRows);
                var c = cos.Slice(cacheRow * half, half);
                var n = sin.Slice(cacheRow * half, half);
                for (int h = 0; h < heads; h++)
                {
                    int at = (packed ? (b * seq + s) * heads + h : (b * heads + h) * seq + s) * headSize;
                    var xr = x.Slice(at, headSize);
                    var yr = y.Slice(at, headSize);
                    for (int t = 0; t < half; t++)
                    {
                        int i1 = interleaved ? 2 * t : t, i2 = interleaved ? 2 * t + 1 : t + half;
                        TC x1 = TC.CreateTruncating(xr[i1]), x2 = TC.CreateTruncating(xr[i2]);
                        TC ct = TC.CreateTruncating(c[t]), st = TC.CreateTruncating(n[t]);
                        yr[i1] = T.CreateTruncating(ct * x1 - st * x2);
                        yr[i2] = T.CreateTruncating(st * x1 + ct * x2);
                    }
                    xr.Slice(rotaryDim).CopyTo(yr.Slice(rotaryDim));
                }
            }
    }

    private static int Position(long id, int cacheRows)
    {
        long p = id < 0 ? id + cacheRows : id;
        if ((ulong)p >= (ulong)cacheRows)
            throw new IndexOutOfRangeException($"RotaryEmbedding position id {id} is out of range [{-(long)cacheRows}, {cacheRows}).");
        return (int)p;
    }
}

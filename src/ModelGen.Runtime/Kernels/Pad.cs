using System;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// ONNX Pad. Each output index i along an axis reads input index i - begin when that lies inside the input; outside,
/// the mode decides: 0 constant (the value), 1 reflect (mirrored about the edge elements, which are not repeated),
/// 2 edge (the nearest edge element), 3 wrap (periodic). Negative pads crop. The last axis is copied in runs.
/// </summary>
public static class Pad
{
    private const int MaxRank = 16;

    /// <summary>Pads given at build time, with the constant from the 'value' attribute (revisions before 11).</summary>
    /// <param name="x">Input.</param>
    /// <param name="y">Output.</param>
    /// <param name="inDims">Input dims.</param>
    /// <param name="begin">Leading pad per axis (negative crops).</param>
    /// <param name="outDims">Output dims.</param>
    /// <param name="mode">0 constant, 1 reflect, 2 edge, 3 wrap.</param>
    /// <param name="value">The constant.</param>
    public static void Run<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<int> inDims, ReadOnlySpan<int> begin, ReadOnlySpan<int> outDims, int mode, T value) where T : unmanaged =>
        Core(x, y, inDims, begin, outDims, mode, value);

    /// <summary>Pads given at build time, with the constant as an optional scalar tensor (empty: zero).</summary>
    /// <param name="x">Input.</param>
    /// <param name="y">Output.</param>
    /// <param name="inDims">Input dims.</param>
    /// <param name="begin">Leading pad per axis (negative crops).</param>
    /// <param name="outDims">Output dims.</param>
    /// <param name="mode">0 constant, 1 reflect, 2 edge, 3 wrap.</param>
    /// <param name="value">The constant, or empty for zero.</param>
    public static void Run<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<int> inDims, ReadOnlySpan<int> begin, ReadOnlySpan<int> outDims, int mode, ReadOnlySpan<T> value) where T : unmanaged =>
        Core(x, y, inDims, begin, outDims, mode, value.IsEmpty ? default : value[0]);

    /// <summary>The output dims for pads (and axes) read at run time.</summary>
    /// <param name="pads">Begin pads then end pads, one of each per listed axis.</param>
    /// <param name="axes">The padded axes, or empty for all of them.</param>
    /// <param name="inDims">Input dims.</param>
    /// <param name="dims">The output dims.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void OutputDims(ReadOnlySpan<long> pads, ReadOnlySpan<long> axes, ReadOnlySpan<int> inDims, Span<int> dims)
    {
        Span<int> begin = stackalloc int[MaxRank], end = stackalloc int[MaxRank];
        Resolve(pads, axes, inDims.Length, begin, end);
        for (int i = 0; i < inDims.Length; i++)
        {
            long d = (long)inDims[i] + begin[i] + end[i];
            if (d < 0 || d > int.MaxValue) throw new ArgumentException($"Pads {begin[i]} and {end[i]} give axis {i} of size {inDims[i]} the size {d}.");
            dims[i] = (int)d;
        }
    }

    /// <summary>Pads (and axes) read at run time; the output dims are the ones <see cref="OutputDims"/> set.</summary>
    /// <param name="x">Input.</param>
    /// <param name="y">Output.</param>
    /// <param name="inDims">Input dims.</param>
    /// <param name="pads">Begin pads then end pads, one of each per listed axis.</param>
    /// <param name="axes">The padded axes, or empty for all of them.</param>
    /// <param name="mode">0 constant, 1 reflect, 2 edge, 3 wrap.</param>
    /// <param name="value">The constant, or empty for zero.</param>
    public static void Run<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<int> inDims, ReadOnlySpan<long> pads, ReadOnlySpan<long> axes, int mode, ReadOnlySpan<T> value) where T : unmanaged
    {
        int rank = inDims.Length;
        Span<int> begin = stackalloc int[MaxRank], end = stackalloc int[MaxRank], outDims = stackalloc int[MaxRank];
        Resolve(pads, axes, rank, begin, end);
        OutputDims(pads, axes, inDims, outDims);
        Core(x, y, inDims, begin.Slice(0, rank), outDims.Slice(0, rank), mode, value.IsEmpty ? default : value[0]);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Resolve(ReadOnlySpan<long> pads, ReadOnlySpan<long> axes, int rank, Span<int> begin, Span<int> end)
    {
        if (rank > MaxRank) throw new ArgumentException($"Pad supports up to {MaxRank} dims.");
        int count = axes.IsEmpty ? rank : axes.Length;
        if (pads.Length != 2 * count) throw new ArgumentException($"{pads.Length} pads do not give a begin and an end for each of {count} axes.");
        begin.Slice(0, rank).Clear();
        end.Slice(0, rank).Clear();
        for (int k = 0; k < count; k++)
        {
            long axis = axes.IsEmpty ? k : axes[k] < 0 ? axes[k] + rank : axes[k];
            if (axis < 0 || axis >= rank) throw new ArgumentException($"Pad axis {(axes.IsEmpty ? k : axes[k])} is out of range for rank {rank}.");
            begin[(int)axis] = checked((int)pads[k]);
            end[(int)axis] = checked((int)pads[count + k]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Core<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<int> inDims, ReadOnlySpan<int> begin, ReadOnlySpan<int> outDims, int mode, T value) where T : unmanaged
    {
        int rank = inDims.Length;
        if (rank > MaxRank || begin.Length != rank || outDims.Length != rank || mode < 0 || mode > 3) throw new ArgumentException("Pad needs dims, begin pads and output dims of one rank, and a mode of 0..3.");
        long inTotal = 1, outTotal = 1;
        for (int i = 0; i < rank; i++) { inTotal *= inDims[i]; outTotal *= outDims[i]; }
        Simd.Need(x.Length, inTotal, nameof(x));
        Simd.Need(y.Length, outTotal, nameof(y));
        if (outTotal == 0) return;
        if (rank == 0) { y[0] = x[0]; return; }
        if (inTotal == 0 && mode != 0) throw new ArgumentException("Only constant padding can pad an empty input.");
        Span<long> inStride = stackalloc long[MaxRank];
        for (int i = rank - 1, s = 1; i >= 0; s *= inDims[i], i--) inStride[i] = s;
        Span<int> index = stackalloc int[MaxRank];
        index.Clear();
        int last = rank - 1, outL = outDims[last], inL = inDims[last], b = begin[last];
        // The output positions along the last axis that read the input directly: [lo, hi).
        int lo = Math.Clamp(b, 0, outL), hi = Math.Clamp(b + inL, lo, outL);
        long rows = outTotal / outL;
        for (long r = 0, yRow = 0; r < rows; r++, yRow += outL)
        {
            Span<T> dst = y.Slice((int)yRow, outL);
            long offset = 0;
            bool inside = true;
            for (int d = 0; d < last && inside; d++)
            {
                int src = Source(index[d] - begin[d], inDims[d], mode);
                if (src < 0) inside = false; else offset += src * inStride[d];
            }
            if (!inside) dst.Fill(value);
            else
            {
                x.Slice((int)offset + lo - b, hi - lo).CopyTo(dst.Slice(lo, hi - lo));
                for (int j = 0; j < lo; j++) dst[j] = Element(x, offset, j - b, inL, mode, value);
                for (int j = hi; j < outL; j++) dst[j] = Element(x, offset, j - b, inL, mode, value);
            }
            for (int d = last - 1; d >= 0; d--)
            {
                if (++index[d] < outDims[d]) break;
                index[d] = 0;
            }
        }
    }

    private static T Element<T>(ReadOnlySpan<T> x, long rowOffset, int i, int n, int mode, T value) where T : unmanaged
    {
        int src = Source(i, n, mode);
        return src < 0 ? value : x[(int)(rowOffset + src)];
    }

    /// <summary>The input index an out-of-range index <paramref name="i"/> reads along an axis of <paramref name="n"/>, or -1 for the constant.</summary>
    private static int Source(int i, int n, int mode)
    {
        if ((uint)i < (uint)n) return i;
        switch (mode)
        {
            case 1:
                if (n == 1) return 0;
                int period = 2 * (n - 1);
                int m = ((i % period) + period) % period;
                return m < n ? m : period - m;
            case 2:
                return i < 0 ? 0 : n - 1;
            case 3:
                return ((i % n) + n) % n;
            default:
                return -1;
        }
    }
}

using System;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>ONNX Slice, with starts/steps already normalised by the compiler.</summary>
public static class Slice
{
    /// <summary>
    /// Slice with starts and ends known only at run time: clamps them as the ONNX spec says (negative values count
    /// from the end, out-of-range values clamp, negative steps walk backwards), writes y, and sets
    /// <paramref name="dims"/> to the sliced axes' lengths, in <paramref name="axes"/> order.
    /// </summary>
    /// <param name="x">Input, dense with shape <paramref name="inShape"/>.</param>
    /// <param name="y">Output region (large enough for the input's element count).</param>
    /// <param name="inShape">x's shape (rank 0..8).</param>
    /// <param name="starts">Start per sliced axis.</param>
    /// <param name="ends">End (exclusive) per sliced axis.</param>
    /// <param name="axes">The sliced axes, normalised.</param>
    /// <param name="steps">Step per sliced axis (non-zero).</param>
    /// <param name="dims">Set to the length of each sliced axis.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Dynamic<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<int> inShape, ReadOnlySpan<long> starts, ReadOnlySpan<long> ends,
        ReadOnlySpan<int> axes, ReadOnlySpan<int> steps, Span<int> dims) where T : unmanaged
    {
        int rank = inShape.Length;
        if (rank > 8 || starts.Length != axes.Length || ends.Length != axes.Length || steps.Length != axes.Length)
            throw new ArgumentException("starts, ends, axes and steps must have the same length.");
        Span<int> first = stackalloc int[8], step = stackalloc int[8], outShape = stackalloc int[8];
        for (int d = 0; d < rank; d++) { first[d] = 0; step[d] = 1; outShape[d] = inShape[d]; }
        for (int i = 0; i < axes.Length; i++)
        {
            int a = axes[i];
            if ((uint)a >= (uint)rank) throw new ArgumentException($"Slice axis {a} is out of range.");
            Normalize(starts[i], ends[i], steps[i], inShape[a], out long f, out long length);
            first[a] = (int)f;
            step[a] = steps[i];
            outShape[a] = (int)length;
            dims[i] = (int)length;
        }
        // Axes of length 0 read nothing: any start is fine, so keep it in range for Run's checks.
        for (int d = 0; d < rank; d++) if (outShape[d] == 0) first[d] = 0;
        Run(x, y, inShape, first.Slice(0, rank), step.Slice(0, rank), outShape.Slice(0, rank));
    }

    /// <summary>Slice.Dynamic with int32 starts and ends.</summary>
    /// <param name="x">Input.</param>
    /// <param name="y">Output region.</param>
    /// <param name="inShape">x's shape.</param>
    /// <param name="starts">Start per sliced axis.</param>
    /// <param name="ends">End per sliced axis.</param>
    /// <param name="axes">The sliced axes.</param>
    /// <param name="steps">Step per sliced axis.</param>
    /// <param name="dims">Set to the length of each sliced axis.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Dynamic<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<int> inShape, ReadOnlySpan<int> starts, ReadOnlySpan<int> ends,
        ReadOnlySpan<int> axes, ReadOnlySpan<int> steps, Span<int> dims) where T : unmanaged
    {
        Span<long> s = stackalloc long[starts.Length], e = stackalloc long[ends.Length];
        for (int i = 0; i < starts.Length; i++) s[i] = starts[i];
        for (int i = 0; i < ends.Length; i++) e[i] = ends[i];
        Dynamic(x, y, inShape, s, e, axes, steps, dims);
    }

    /// <summary>
    /// Slice with axes and steps known only at run time too: <paramref name="axes"/> empty means 0..n-1 and
    /// <paramref name="steps"/> empty means all 1. Sets <paramref name="dims"/> to every output dim.
    /// </summary>
    /// <param name="x">Input, dense with shape <paramref name="inShape"/>.</param>
    /// <param name="y">Output region (large enough for the input's element count).</param>
    /// <param name="inShape">x's shape (rank 0..8).</param>
    /// <param name="starts">Start per sliced axis.</param>
    /// <param name="ends">End (exclusive) per sliced axis.</param>
    /// <param name="axes">The sliced axes (negative from the end), or empty.</param>
    /// <param name="steps">Step per sliced axis (non-zero), or empty.</param>
    /// <param name="dims">Set to the output's dims (inShape.Length of them).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void DynamicAxes<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<int> inShape, ReadOnlySpan<long> starts, ReadOnlySpan<long> ends,
        ReadOnlySpan<long> axes, ReadOnlySpan<long> steps, Span<int> dims) where T : unmanaged
    {
        int rank = inShape.Length, n = starts.Length;
        if ((!axes.IsEmpty && axes.Length != n) || (!steps.IsEmpty && steps.Length != n) || n > 8)
            throw new ArgumentException("starts, ends, axes and steps must have the same length.");
        Span<int> a = stackalloc int[8], st = stackalloc int[8], sliced = stackalloc int[8];
        Span<bool> seen = stackalloc bool[8];
        for (int i = 0; i < n; i++)
        {
            long axis = axes.IsEmpty ? i : axes[i] < 0 ? axes[i] + rank : axes[i];
            if (axis < 0 || axis >= rank || seen[(int)axis]) throw new ArgumentException($"Slice axis {(axes.IsEmpty ? i : axes[i])} is out of range or repeated.");
            seen[(int)axis] = true;
            a[i] = (int)axis;
            long step = steps.IsEmpty ? 1 : steps[i];
            if (step == 0) throw new ArgumentException("A Slice step of 0 is not allowed.");
            st[i] = (int)Math.Clamp(step, -int.MaxValue, int.MaxValue);
        }
        Dynamic(x, y, inShape, starts, ends, a.Slice(0, n), st.Slice(0, n), sliced.Slice(0, n));
        for (int d = 0; d < rank; d++) dims[d] = inShape[d];
        for (int i = 0; i < n; i++) dims[a[i]] = sliced[i];
    }

    /// <summary>Slice.DynamicAxes with int32 starts, ends, axes and steps.</summary>
    /// <param name="x">Input.</param>
    /// <param name="y">Output region.</param>
    /// <param name="inShape">x's shape.</param>
    /// <param name="starts">Start per sliced axis.</param>
    /// <param name="ends">End per sliced axis.</param>
    /// <param name="axes">The sliced axes, or empty.</param>
    /// <param name="steps">Step per sliced axis, or empty.</param>
    /// <param name="dims">Set to the output's dims.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void DynamicAxes<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<int> inShape, ReadOnlySpan<int> starts, ReadOnlySpan<int> ends,
        ReadOnlySpan<int> axes, ReadOnlySpan<int> steps, Span<int> dims) where T : unmanaged
    {
        Span<long> s = stackalloc long[starts.Length], e = stackalloc long[ends.Length], a = stackalloc long[axes.Length], p = stackalloc long[steps.Length];
        for (int i = 0; i < starts.Length; i++) s[i] = starts[i];
        for (int i = 0; i < ends.Length; i++) e[i] = ends[i];
        for (int i = 0; i < axes.Length; i++) a[i] = axes[i];
        for (int i = 0; i < steps.Length; i++) p[i] = steps[i];
        DynamicAxes(x, y, inShape, s, e, a, p, dims);
    }

    /// <summary>ONNX's clamping: start into [0,n] ([0,n-1] for negative steps), end into [0,n] ([-1,n-1]); length rounds up.</summary>
    private static void Normalize(long start, long end, long step, long n, out long first, out long length)
    {
        static long Clamp(long v, long lo, long hi) => v < lo ? lo : v > hi ? hi : v;
        start = start < 0 ? Clamp(start, -n, 0) + n : start;
        end = end < 0 ? Clamp(end, -n - 1, 0) + n : end;
        if (step > 0)
        {
            first = Clamp(start, 0, n);
            long last = Clamp(end, 0, n);
            length = last > first ? (last - first - 1) / step + 1 : 0;
        }
        else
        {
            first = Clamp(start, 0, n - 1);
            long last = Clamp(end, -1, n - 1);
            length = first > last ? (first - last - 1) / -step + 1 : 0;
        }
    }

    /// <summary>
    /// For every axis, output index j reads input index starts[axis] + j*steps[axis] (steps may be negative;
    /// every index read must be inside inShape). <paramref name="outShape"/> is y's shape.
    /// </summary>
    /// <param name="x">Input, dense with shape <paramref name="inShape"/>.</param>
    /// <param name="y">Output, dense with shape <paramref name="outShape"/>.</param>
    /// <param name="inShape">x's shape (rank 0..8).</param>
    /// <param name="starts">First input index per axis.</param>
    /// <param name="steps">Input step per output step, per axis (non-zero).</param>
    /// <param name="outShape">y's shape.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<int> inShape, ReadOnlySpan<int> starts,
        ReadOnlySpan<int> steps, ReadOnlySpan<int> outShape) where T : unmanaged
    {
        int rank = inShape.Length;
        if (rank > 8 || starts.Length != rank || steps.Length != rank || outShape.Length != rank)
            throw new ArgumentException("inShape, starts, steps and outShape must have the same length (at most 8).");
        int inTotal = Simd.Product(inShape, nameof(inShape));
        int outTotal = Simd.Product(outShape, nameof(outShape));
        Simd.Need(x.Length, inTotal, nameof(x));
        Simd.Need(y.Length, outTotal, nameof(y));
        if (outTotal == 0) return;

        // Per output axis: the input stride it moves by (step × input stride). Size-1 axes only contribute to
        // the base offset; neighbours whose combined walk is one arithmetic run are merged.
        Span<int> shape = stackalloc int[8], st = stackalloc int[8];
        int r = 0, baseOff = 0, inStride = 1;
        for (int d = rank - 1; d >= 0; d--)
        {
            int n = outShape[d], s = starts[d], step = steps[d];
            long last = s + (long)(n - 1) * step;
            if (s < 0 || s >= inShape[d] || last < 0 || last >= inShape[d])
                throw new ArgumentException($"Slice axis {d} reads outside [0, {inShape[d]}).");
            baseOff += s * inStride;
            int stride = step * inStride;
            inStride *= inShape[d];
            if (n == 1) continue;
            // Walking from the inner end: merge this (outer) axis into the previous (inner) one when contiguous.
            if (r > 0 && stride == (long)st[r - 1] * shape[r - 1])
            {
                shape[r - 1] *= n;
            }
            else
            {
                shape[r] = n; st[r] = stride; r++;
            }
        }
        // Axes were collected innermost-first: index 0 is the innermost.
        if (r == 0) { y[0] = x[baseOff]; return; }
        int inner = shape[0], innerStride = st[0];
        int rows = outTotal / inner;
        Span<int> idx = stackalloc int[8];
        idx.Clear();
        int off = baseOff;
        for (int row = 0, yOff = 0; row < rows; row++, yOff += inner)
        {
            if (innerStride == 1) x.Slice(off, inner).CopyTo(y.Slice(yOff, inner));
            else
            {
                Span<T> dst = y.Slice(yOff, inner);
                for (int j = 0, xi = off; j < inner; j++, xi += innerStride) dst[j] = x[xi];
            }
            for (int d = 1; d < r; d++)
            {
                off += st[d];
                if (++idx[d] < shape[d]) break;
                off -= st[d] * shape[d];
                idx[d] = 0;
            }
        }
    }
}

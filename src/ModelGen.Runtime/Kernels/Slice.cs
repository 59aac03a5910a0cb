using System;

namespace ModelGen.Runtime.Kernels;

/// <summary>ONNX Slice, with starts/steps already normalised by the compiler.</summary>
public static class Slice
{
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

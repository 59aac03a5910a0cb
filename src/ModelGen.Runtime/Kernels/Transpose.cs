using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>ONNX Transpose.</summary>
public static class Transpose
{
    // Tile edge for the two-axis blocked copy: a 16×16 float tile touches 16 cache lines on each side.
    private const int Tile = 16;

    /// <summary>y = x permuted: y's axis i is x's axis perm[i] (rank 0..8).</summary>
    /// <param name="x">Input, dense with shape <paramref name="inShape"/>.</param>
    /// <param name="y">Output, dense with the permuted shape.</param>
    /// <param name="inShape">x's shape.</param>
    /// <param name="perm">The permutation.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<int> inShape, ReadOnlySpan<int> perm) where T : unmanaged
    {
        int rank = inShape.Length;
        if (rank > 8 || perm.Length != rank) throw new ArgumentException("perm must have inShape's length (at most 8).");
        int seen = 0;
        foreach (int axis in perm)
        {
            if ((uint)axis >= (uint)rank || (seen & (1 << axis)) != 0) throw new ArgumentException("perm is not a permutation.", nameof(perm));
            seen |= 1 << axis;
        }
        int total = Simd.Product(inShape, nameof(inShape));
        Simd.Need(x.Length, total, nameof(x));
        Simd.Need(y.Length, total, nameof(y));
        if (total == 0) return;

        Span<int> inStride = stackalloc int[8];
        for (int d = rank - 1, s = 1; d >= 0; s *= inShape[d], d--) inStride[d] = s;

        // Output axes with their input strides; drop size-1 axes and merge output neighbours that are
        // also neighbours (in order) in x, so e.g. "last axis kept" becomes long contiguous rows.
        Span<int> shape = stackalloc int[8], xs = stackalloc int[8];
        int r = 0;
        for (int i = 0; i < rank; i++)
        {
            int n = inShape[perm[i]], s = inStride[perm[i]];
            if (n == 1) continue;
            if (r > 0 && xs[r - 1] == s * n) { shape[r - 1] *= n; xs[r - 1] = s; }
            else { shape[r] = n; xs[r] = s; r++; }
        }
        if (r <= 1) { x.Slice(0, total).CopyTo(y); return; } // pure reshape
        Span<int> ys = stackalloc int[8];
        for (int d = r - 1, s = 1; d >= 0; s *= shape[d], d--) ys[d] = s;

        int p = r - 1; // y's innermost axis (contiguous in y)
        if (xs[p] == 1) { CopyRows(x, y, shape, xs, r, total); return; }
        int q = 0;     // the axis contiguous in x (x's innermost non-trivial axis survives with stride 1)
        while (xs[q] != 1) q++;
        Blocked(x, y, shape, xs, ys, r, p, q);
    }

    /// <summary>Innermost axis kept: copy contiguous runs, odometer over the other axes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void CopyRows<T>(ReadOnlySpan<T> x, Span<T> y, Span<int> shape, Span<int> xs, int r, int total) where T : unmanaged
    {
        int inner = shape[r - 1];
        Span<int> idx = stackalloc int[8];
        idx.Clear();
        int xOff = 0;
        for (int yOff = 0; yOff < total; yOff += inner)
        {
            x.Slice(xOff, inner).CopyTo(y.Slice(yOff, inner));
            for (int d = r - 2; d >= 0; d--)
            {
                xOff += xs[d];
                if (++idx[d] < shape[d]) break;
                xOff -= xs[d] * shape[d];
                idx[d] = 0;
            }
        }
    }

    /// <summary>
    /// General case: tile the plane of axes p (contiguous in y) and q (contiguous in x) so both sides touch
    /// whole cache lines; odometer over every other axis. Covers 2-D transposes and the pixel shuffle.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Blocked<T>(ReadOnlySpan<T> x, Span<T> y, Span<int> shape, Span<int> xs, Span<int> ys, int r, int p, int q) where T : unmanaged
    {
        int np = shape[p], nq = shape[q], xsp = xs[p], ysq = ys[q];
        // Every offset below is < total (checked by the caller), so the element moves skip bounds checks.
        ref T x0 = ref MemoryMarshal.GetReference(x);
        ref T y0 = ref MemoryMarshal.GetReference(y);
        Span<int> idx = stackalloc int[8];
        idx.Clear();
        int xOff = 0, yOff = 0;
        while (true)
        {
            for (int q0 = 0; q0 < nq; q0 += Tile)
            {
                int q1 = Math.Min(nq, q0 + Tile);
                for (int p0 = 0; p0 < np; p0 += Tile)
                {
                    int p1 = Math.Min(np, p0 + Tile);
                    if (p1 - p0 >= q1 - q0)
                    {
                        // Inner loop along p: y contiguous, x strided.
                        for (int iq = q0; iq < q1; iq++)
                        {
                            int xb = xOff + iq + p0 * xsp, yb = yOff + iq * ysq + p0;
                            for (int ip = p0; ip < p1; ip++, xb += xsp, yb++) Unsafe.Add(ref y0, yb) = Unsafe.Add(ref x0, xb);
                        }
                    }
                    else
                    {
                        // Short p (e.g. the pixel-shuffle factor): inner loop along q, x contiguous.
                        for (int ip = p0; ip < p1; ip++)
                        {
                            int xb = xOff + q0 + ip * xsp, yb = yOff + q0 * ysq + ip;
                            for (int iq = q0; iq < q1; iq++, xb++, yb += ysq) Unsafe.Add(ref y0, yb) = Unsafe.Add(ref x0, xb);
                        }
                    }
                }
            }
            int d = r - 1;
            for (; d >= 0; d--)
            {
                if (d == p || d == q) continue;
                xOff += xs[d];
                yOff += ys[d];
                if (++idx[d] < shape[d]) break;
                xOff -= xs[d] * shape[d];
                yOff -= ys[d] * shape[d];
                idx[d] = 0;
            }
            if (d < 0) return;
        }
    }
}

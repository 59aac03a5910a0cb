using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>ONNX GridSample: x sampled at the normalised points of a grid, per batch and channel.</summary>
public static class GridSample
{
    /// <summary>Mode codes shared with the compiler.</summary>
    public const int Nearest = 0, Linear = 1, Cubic = 2;

    /// <summary>Padding codes shared with the compiler.</summary>
    public const int Zeros = 0, Border = 1, Reflection = 2;

    private const int MaxSpatial = 6;

    /// <summary>
    /// y[n, c, o...] = x[n, c] interpolated at grid[n, o...] (its last axis holds the coordinates innermost spatial axis
    /// first, each in [-1, 1]). Computed in double.
    /// </summary>
    /// <param name="x">Input, [N, C, D1..Dr].</param>
    /// <param name="grid">Sampling points, [N, O1..Or, r].</param>
    /// <param name="y">Output, [N, C, O1..Or].</param>
    /// <param name="xShape">x's dims.</param>
    /// <param name="outSpatial">O1..Or.</param>
    /// <param name="mode">Nearest, Linear or Cubic.</param>
    /// <param name="padding">Zeros, Border or Reflection.</param>
    /// <param name="alignCorners">Whether -1 and 1 are the corner pixels' centres (else their outer edges).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T, TGrid>(ReadOnlySpan<T> x, ReadOnlySpan<TGrid> grid, Span<T> y, ReadOnlySpan<int> xShape, ReadOnlySpan<int> outSpatial,
        int mode, int padding, bool alignCorners)
        where T : unmanaged, INumberBase<T> where TGrid : unmanaged, INumberBase<TGrid>
    {
        int r = xShape.Length - 2;
        if (r < 1 || r > MaxSpatial || outSpatial.Length != r) throw new ArgumentException("GridSample needs 1 to 6 spatial axes in x and the grid.");
        int n = xShape[0], ch = xShape[1];
        int inPlane = Simd.Product(xShape.Slice(2), nameof(xShape));
        int points = Simd.Product(outSpatial, nameof(outSpatial));
        Simd.Need(x.Length, (long)n * ch * inPlane, nameof(x));
        Simd.Need(grid.Length, (long)n * points * r, nameof(grid));
        Simd.Need(y.Length, (long)n * ch * points, nameof(y));
        int taps = mode == Nearest ? 1 : mode == Linear ? 2 : 4;
        Span<int> index = stackalloc int[MaxSpatial * 4];
        Span<double> weight = stackalloc double[MaxSpatial * 4];
        Span<int> stride = stackalloc int[MaxSpatial];
        Span<int> pick = stackalloc int[MaxSpatial];
        for (int d = r - 1, s = 1; d >= 0; d--) { stride[d] = s; s *= xShape[2 + d]; }
        for (int b = 0; b < n; b++)
            for (int p = 0; p < points; p++)
            {
                var g = grid.Slice((b * points + p) * r, r);
                for (int d = 0; d < r; d++)
                    Taps(double.CreateTruncating(g[r - 1 - d]), xShape[2 + d], mode, padding, alignCorners, index.Slice(d * 4, 4), weight.Slice(d * 4, 4));
                for (int c = 0; c < ch; c++)
                {
                    var plane = x.Slice((b * ch + c) * inPlane, inPlane);
                    double sum = 0;
                    pick.Clear();
                    while (true)
                    {
                        double w = 1;
                        int offset = 0;
                        for (int d = 0; d < r && w != 0; d++)
                        {
                            int i = index[d * 4 + pick[d]];
                            if (i < 0) w = 0;
                            else { w *= weight[d * 4 + pick[d]]; offset += i * stride[d]; }
                        }
                        if (w != 0) sum += w * double.CreateTruncating(plane[offset]);
                        int k = r - 1;
                        while (k >= 0 && ++pick[k] == taps) pick[k--] = 0;
                        if (k < 0) break;
                    }
                    y[(b * ch + c) * points + p] = T.CreateTruncating(sum);
                }
            }
    }

    /// <summary>One axis's taps: pixel indices (-1 for a zero-padded one) and weights.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Taps(double normalised, int length, int mode, int padding, bool alignCorners, Span<int> index, Span<double> weight)
    {
        double v = alignCorners ? (normalised + 1) / 2 * (length - 1) : ((normalised + 1) * length - 1) / 2;
        double lo = alignCorners ? 0 : -0.5, hi = alignCorners ? length - 1 : length - 0.5;
        if (mode == Nearest) v = Math.Round(v, MidpointRounding.ToEven);
        if (v < lo || v > hi)
        {
            if (padding == Border) v = Math.Clamp(v, 0, length - 1);
            else if (padding == Reflection) v = Reflect(v, lo, hi);
        }
        if (mode == Nearest)
        {
            index[0] = Pixel((int)v, length, padding, lo, hi);
            weight[0] = 1;
            return;
        }
        double f = Math.Floor(v), t = v - f;
        int i0 = (int)f;
        if (mode == Linear)
        {
            index[0] = Pixel(i0, length, padding, lo, hi);
            index[1] = Pixel(i0 + 1, length, padding, lo, hi);
            weight[0] = 1 - t;
            weight[1] = t;
            return;
        }
        // Keys' cubic convolution with a = -0.75, the weights of the taps at i0-1 .. i0+2.
        const double a = -0.75;
        double t1 = t + 1, u = 1 - t, u1 = 2 - t;
        weight[0] = ((a * t1 - 5 * a) * t1 + 8 * a) * t1 - 4 * a;
        weight[1] = ((a + 2) * t - (a + 3)) * t * t + 1;
        weight[2] = ((a + 2) * u - (a + 3)) * u * u + 1;
        weight[3] = ((a * u1 - 5 * a) * u1 + 8 * a) * u1 - 4 * a;
        for (int k = 0; k < 4; k++) index[k] = Pixel(i0 - 1 + k, length, padding, lo, hi);
    }

    /// <summary>A tap's pixel under the padding mode; -1 when it lies outside and reads as zero.</summary>
    private static int Pixel(int i, int length, int padding, double lo, double hi)
    {
        if (padding == Zeros) return i >= 0 && i < length ? i : -1;
        if (padding == Border) return Math.Clamp(i, 0, length - 1);
        return Math.Clamp((int)Reflect(i, lo, hi), 0, length - 1);
    }

    /// <summary>Folds v back into [lo, hi] by reflecting at the nearer border as often as needed.</summary>
    private static double Reflect(double v, double lo, double hi)
    {
        double range = hi - lo;
        if (range <= 0) return lo;
        if (v < lo)
        {
            double dx = lo - v;
            long k = (long)(dx / range);
            double rest = dx - k * range;
            return k % 2 == 0 ? lo + rest : hi - rest;
        }
        if (v > hi)
        {
            double dx = v - hi;
            long k = (long)(dx / range);
            double rest = dx - k * range;
            return k % 2 == 0 ? hi - rest : lo + rest;
        }
        return v;
    }
}

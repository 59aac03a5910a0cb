using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>ONNX LpNormalization, MeanVarianceNormalization and GlobalLpPool: per-group statistics in double.</summary>
public static class AxisNormalization
{
    /// <summary>y = x / (Σ|x|^p)^(1/p) along the middle axis of [outer, axisLength, inner]; a zero norm gives 0.</summary>
    /// <param name="x">Input [outer, axisLength, inner].</param>
    /// <param name="y">Output, same shape.</param>
    /// <param name="outer">Product of the dims before the axis.</param>
    /// <param name="axisLength">Length of the axis.</param>
    /// <param name="inner">Product of the dims after the axis.</param>
    /// <param name="p">The norm's order (1 or 2).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Lp<T>(ReadOnlySpan<T> x, Span<T> y, int outer, int axisLength, int inner, int p) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (outer < 0 || axisLength < 0 || inner < 0) throw new ArgumentException("LpNormalization: negative dims.");
        long total = (long)outer * axisLength * inner;
        Simd.Need(x.Length, total, nameof(x));
        Simd.Need(y.Length, total, nameof(y));
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                int start = o * axisLength * inner + i;
                double sum = 0;
                for (int a = 0; a < axisLength; a++)
                {
                    double v = double.CreateTruncating(x[start + a * inner]);
                    sum += p == 1 ? Math.Abs(v) : v * v;
                }
                double norm = p == 1 ? sum : Math.Sqrt(sum);
                for (int a = 0; a < axisLength; a++)
                {
                    int at = start + a * inner;
                    y[at] = norm == 0 ? T.Zero : T.CreateTruncating(double.CreateTruncating(x[at]) / norm);
                }
            }
    }

    /// <summary>Each plane's (Σ|x|^p)^(1/p): x [planes, size] → y [planes].</summary>
    /// <param name="x">Input [planes, size].</param>
    /// <param name="y">Output [planes].</param>
    /// <param name="planes">Batch × channels.</param>
    /// <param name="size">Product of the spatial dims.</param>
    /// <param name="p">The norm's order.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void GlobalLp<T>(ReadOnlySpan<T> x, Span<T> y, int planes, int size, long p) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (planes < 0 || size < 0) throw new ArgumentException("GlobalLpPool: negative dims.");
        Simd.Need(x.Length, (long)planes * size, nameof(x));
        Simd.Need(y.Length, planes, nameof(y));
        for (int n = 0; n < planes; n++)
        {
            double sum = 0;
            for (int s = 0; s < size; s++) sum += Math.Pow(Math.Abs(double.CreateTruncating(x[n * size + s])), p);
            y[n] = T.CreateTruncating(Math.Pow(sum, 1.0 / p));
        }
    }

    /// <summary>
    /// y = (x - mean) / (sqrt(variance) + 1e-9), mean and (population) variance taken over the axes flagged in
    /// <paramref name="reduced"/> for each index of the others (ONNX's function body, computed in double).
    /// </summary>
    /// <param name="x">Input of shape <paramref name="shape"/>.</param>
    /// <param name="y">Output, same shape.</param>
    /// <param name="shape">The input's dims (rank at most 8).</param>
    /// <param name="reduced">1 for each axis the statistics run over, else 0.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void MeanVariance<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<int> shape, ReadOnlySpan<int> reduced) where T : unmanaged, IFloatingPointIeee754<T>
    {
        int rank = shape.Length;
        if (rank > 8 || reduced.Length != rank) throw new ArgumentException("MeanVarianceNormalization: rank above 8 or a bad axes mask.");
        Span<int> strides = stackalloc int[8], keptDims = stackalloc int[8], keptStrides = stackalloc int[8], redDims = stackalloc int[8], redStrides = stackalloc int[8];
        long total = 1;
        for (int d = rank - 1; d >= 0; d--) { strides[d] = (int)total; total *= shape[d]; }
        Simd.Need(x.Length, total, nameof(x));
        Simd.Need(y.Length, total, nameof(y));
        if (total == 0) return;
        int nk = 0, nr = 0;
        long keptCount = 1, redCount = 1;
        for (int d = 0; d < rank; d++)
            if (reduced[d] != 0) { redDims[nr] = shape[d]; redStrides[nr++] = strides[d]; redCount *= shape[d]; }
            else { keptDims[nk] = shape[d]; keptStrides[nk++] = strides[d]; keptCount *= shape[d]; }
        Span<int> ki = stackalloc int[8], ri = stackalloc int[8];
        ki.Clear();
        for (long g = 0; g < keptCount; g++)
        {
            int baseOffset = 0;
            for (int d = 0; d < nk; d++) baseOffset += ki[d] * keptStrides[d];
            double sum = 0, sumSq = 0;
            ri.Clear();
            for (long r = 0; r < redCount; r++)
            {
                double v = double.CreateTruncating(x[Offset(baseOffset, ri, redStrides, nr)]);
                sum += v; sumSq += v * v;
                Next(ri, redDims, nr);
            }
            double mean = sum / redCount;
            double std = Math.Sqrt(Math.Max(0, sumSq / redCount - mean * mean));
            ri.Clear();
            for (long r = 0; r < redCount; r++)
            {
                int at = Offset(baseOffset, ri, redStrides, nr);
                y[at] = T.CreateTruncating((double.CreateTruncating(x[at]) - mean) / (std + 1e-9));
                Next(ri, redDims, nr);
            }
            Next(ki, keptDims, nk);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Offset(int start, ReadOnlySpan<int> index, ReadOnlySpan<int> strides, int n)
    {
        for (int d = 0; d < n; d++) start += index[d] * strides[d];
        return start;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Next(Span<int> index, ReadOnlySpan<int> dims, int n)
    {
        for (int d = n - 1; d >= 0; d--)
        {
            if (++index[d] < dims[d]) return;
            index[d] = 0;
        }
    }
}

/// <summary>ONNX GroupNormalization and Det: small double-precision kernels.</summary>
public static class GroupStatistics
{
    /// <summary>
    /// x [n, groups·channelsPerGroup, spatial]: each (batch, group)'s mean and variance over its channels and
    /// positions, then y = scale·(x - mean)/sqrt(var + epsilon) + bias, scale and bias per channel or, with
    /// <paramref name="perChannel"/> false (revision 18), per group. Computed in double.
    /// </summary>
    /// <param name="x">Input.</param>
    /// <param name="scale">Per-channel (or per-group) scale.</param>
    /// <param name="bias">Per-channel (or per-group) bias.</param>
    /// <param name="y">Output, x's shape.</param>
    /// <param name="n">Batch size.</param>
    /// <param name="groups">num_groups.</param>
    /// <param name="channelsPerGroup">C / num_groups.</param>
    /// <param name="spatial">Product of the spatial dims.</param>
    /// <param name="epsilon">Added to the variance.</param>
    /// <param name="perChannel">Scale and bias have one entry per channel (else per group).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void GroupNormalize<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> scale, ReadOnlySpan<T> bias, Span<T> y, int n, int groups, int channelsPerGroup, int spatial, float epsilon, bool perChannel)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (n < 0 || groups < 0 || channelsPerGroup < 0 || spatial < 0) throw new ArgumentException("GroupNormalization: negative dims.");
        int groupSize = channelsPerGroup * spatial;
        long total = (long)n * groups * groupSize;
        Simd.Need(x.Length, total, nameof(x));
        Simd.Need(y.Length, total, nameof(y));
        int affine = perChannel ? groups * channelsPerGroup : groups;
        Simd.Need(scale.Length, affine, nameof(scale));
        Simd.Need(bias.Length, affine, nameof(bias));
        for (int b = 0; b < n; b++)
            for (int g = 0; g < groups; g++)
            {
                int start = (b * groups + g) * groupSize;
                double sum = 0, sumSq = 0;
                for (int e = 0; e < groupSize; e++) { double v = double.CreateTruncating(x[start + e]); sum += v; sumSq += v * v; }
                double mean = groupSize == 0 ? 0 : sum / groupSize;
                double variance = groupSize == 0 ? 0 : Math.Max(0, sumSq / groupSize - mean * mean);
                double inv = 1.0 / Math.Sqrt(variance + epsilon);
                for (int ch = 0; ch < channelsPerGroup; ch++)
                {
                    int a = perChannel ? g * channelsPerGroup + ch : g;
                    double s = double.CreateTruncating(scale[a]), o = double.CreateTruncating(bias[a]);
                    for (int e = 0, at = start + ch * spatial; e < spatial; e++, at++)
                        y[at] = T.CreateTruncating((double.CreateTruncating(x[at]) - mean) * inv * s + o);
                }
            }
    }

    /// <summary>The determinant of each [size, size] matrix of x, by Gaussian elimination with partial pivoting in double.</summary>
    /// <param name="x">Input [batch, size, size].</param>
    /// <param name="y">Output [batch].</param>
    /// <param name="work">Scratch, size·size doubles.</param>
    /// <param name="batch">Number of matrices.</param>
    /// <param name="size">Rows (= columns) of each matrix.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Determinant<T>(ReadOnlySpan<T> x, Span<T> y, Span<double> work, int batch, int size) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (batch < 0 || size < 0) throw new ArgumentException("Det: negative dims.");
        int m = size * size;
        Simd.Need(x.Length, (long)batch * m, nameof(x));
        Simd.Need(y.Length, batch, nameof(y));
        Simd.Need(work.Length, m, nameof(work));
        for (int b = 0; b < batch; b++)
        {
            for (int e = 0; e < m; e++) work[e] = double.CreateTruncating(x[b * m + e]);
            double det = 1;
            for (int col = 0; col < size && det != 0; col++)
            {
                int pivot = col;
                for (int r = col + 1; r < size; r++)
                    if (Math.Abs(work[r * size + col]) > Math.Abs(work[pivot * size + col])) pivot = r;
                if (work[pivot * size + col] == 0) { det = 0; break; }
                if (pivot != col)
                {
                    for (int k = 0; k < size; k++) (work[col * size + k], work[pivot * size + k]) = (work[pivot * size + k], work[col * size + k]);
                    det = -det;
                }
                double d = work[col * size + col];
                det *= d;
                for (int r = col + 1; r < size; r++)
                {
                    double f = work[r * size + col] / d;
                    for (int k = col; k < size; k++) work[r * size + k] -= f * work[col * size + k];
                }
            }
            y[b] = T.CreateTruncating(det);
        }
    }
}

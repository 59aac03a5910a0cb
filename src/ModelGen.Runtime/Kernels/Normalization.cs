using System;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// The statistics-then-affine normalisations: LayerNormalization, RMSNormalization and InstanceNormalization.
/// x is viewed as [rows, cols]; each row is standardised with its own statistics, then scaled and shifted by
/// tensors broadcast against x's full shape.
/// </summary>
public static class Normalization
{
    /// <summary>
    /// Per row r of x [rows, cols]: mean m (0 when <paramref name="rms"/>), variance v = mean((x − m)²) (the mean
    /// square when <paramref name="rms"/>), inverse deviation s = 1/√(v + ε); then y = (x − m)·s·scale + bias.
    /// The statistics are computed in double (sums in float chunks and double, never in Half) and stored as float
    /// in <paramref name="mean"/> and <paramref name="invStdDev"/>; the affine step runs in float or double.
    /// </summary>
    /// <param name="x">Input, dense, of <paramref name="shape"/>.</param>
    /// <param name="scale">Scale, read at <paramref name="scaleStrides"/> over <paramref name="shape"/> (0 where it broadcasts).</param>
    /// <param name="bias">Bias read at <paramref name="biasStrides"/>, or empty for none.</param>
    /// <param name="y">Output, dense, same shape as x.</param>
    /// <param name="mean">Per-row means (rows elements), or empty when <paramref name="rms"/>.</param>
    /// <param name="invStdDev">Per-row inverse deviations (rows elements).</param>
    /// <param name="rows">Product of the dims before the normalised axes.</param>
    /// <param name="cols">Product of the normalised dims.</param>
    /// <param name="epsilon">Added to the variance.</param>
    /// <param name="rms">Root-mean-square form: no centring.</param>
    /// <param name="shape">x's shape.</param>
    /// <param name="scaleStrides">scale's element stride along each axis of x.</param>
    /// <param name="biasStrides">bias's element strides (ignored without bias).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TX, TY>(ReadOnlySpan<TX> x, ReadOnlySpan<TY> scale, ReadOnlySpan<TY> bias, Span<TY> y, Span<float> mean, Span<float> invStdDev,
        int rows, int cols, float epsilon, bool rms, ReadOnlySpan<int> shape, ReadOnlySpan<int> scaleStrides, ReadOnlySpan<int> biasStrides)
        where TX : unmanaged, IFloatingPointIeee754<TX> where TY : unmanaged, IFloatingPointIeee754<TY>
    {
        if (rows < 0 || cols < 0) throw new ArgumentException("Negative normalization dimension.");
        bool hasBias = !bias.IsEmpty;
        var walk = new StridedWalk(shape, scaleStrides, hasBias ? biasStrides : scaleStrides, default);
        long total = (long)rows * cols;
        if (walk.Total != total) throw new ArgumentException("rows × cols must equal the shape's element count.", nameof(shape));
        walk.Check(y.Length, scale.Length, hasBias ? bias.Length : int.MaxValue, int.MaxValue);
        Simd.Need(x.Length, total, nameof(x));
        Simd.Need(invStdDev.Length, rows, nameof(invStdDev));
        if (!rms) Simd.Need(mean.Length, rows, nameof(mean));
        if (total == 0) return;

        for (int r = 0; r < rows; r++)
        {
            var row = x.Slice(r * cols, cols);
            double m = 0, v;
            if (rms) v = FloatSums.SumOfSquares(row) / cols;
            else
            {
                // Two passes (mean, then squared deviations) as the spec writes it: no cancellation in E[x²] − m².
                m = FloatSums.Sum(row) / cols;
                v = FloatSums.SumOfSquaredDeviations(row, m) / cols;
                mean[r] = (float)m;
            }
            invStdDev[r] = (float)(1.0 / Math.Sqrt(v + epsilon));
        }

        // The affine step over x's shape: the walk's rows are runs along which scale and bias step uniformly; a run
        // may cover several normalisation rows (scale as large as x), so it is cut where a normalisation row ends.
        long k = 0;
        for (long w = 0; w < walk.Rows; w++, walk.Next())
        {
            int n = walk.Inner, s0 = walk.Inner0, s1 = walk.Inner1;
            int so = (int)walk.Offset0, bo = (int)walk.Offset1;
            for (int i = 0; i < n;)
            {
                int r = (int)(k / cols), len = Math.Min(n - i, cols - (int)(k % cols));
                float m = rms ? 0f : mean[r], s = invStdDev[r];
                Affine(x.Slice((int)k, len), scale, bias, y.Slice((int)k, len), so + i * s0, s0, bo + i * s1, s1, hasBias, m, s);
                i += len;
                k += len;
            }
        }
    }

    /// <summary>y[i] = (x[i] − m)·s·scale[so + i·s0] + bias[bo + i·s1] over one run.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Affine<TX, TY>(ReadOnlySpan<TX> x, ReadOnlySpan<TY> scale, ReadOnlySpan<TY> bias, Span<TY> y,
        int so, int s0, int bo, int s1, bool hasBias, float m, float s)
        where TX : unmanaged, IFloatingPointIeee754<TX> where TY : unmanaged, IFloatingPointIeee754<TY>
    {
        int n = x.Length;
        if (typeof(TX) == typeof(float) && typeof(TY) == typeof(float) && s0 == 1 && (!hasBias || s1 == 1))
        {
            // Contiguous float scale and bias: whole-run vector passes (TensorPrimitives has its own scalar twin).
            var xf = MemoryMarshal.Cast<TX, float>(x);
            var yf = MemoryMarshal.Cast<TY, float>(y);
            TensorPrimitives.Subtract(xf, m, yf);
            TensorPrimitives.Multiply(yf, s, yf);
            var sf = MemoryMarshal.Cast<TY, float>(scale).Slice(so, n);
            if (hasBias) TensorPrimitives.MultiplyAdd(yf, sf, MemoryMarshal.Cast<TY, float>(bias).Slice(bo, n), yf);
            else TensorPrimitives.Multiply(yf, sf, yf);
            return;
        }
        if (typeof(TY) == typeof(double))
        {
            for (int i = 0; i < n; i++)
            {
                double v = (double.CreateTruncating(x[i]) - m) * s * double.CreateTruncating(scale[so + i * s0]);
                if (hasBias) v += double.CreateTruncating(bias[bo + i * s1]);
                y[i] = TY.CreateTruncating(v);
            }
            return;
        }
        for (int i = 0; i < n; i++)
        {
            float v = (float.CreateTruncating(x[i]) - m) * s * float.CreateTruncating(scale[so + i * s0]);
            if (hasBias) v += float.CreateTruncating(bias[bo + i * s1]);
            y[i] = TY.CreateTruncating(v);
        }
    }
}

using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>ONNX AffineGrid: the normalised sampling grid of a batch of affine transforms.</summary>
public static class AffineGrid
{
    /// <summary>The output's spatial dims read from 'size' ([N, C, D1..Dr]) when the model runs.</summary>
    /// <param name="size">The int64 size tensor.</param>
    /// <param name="dims">Receives D1..Dr.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void OutputDims(ReadOnlySpan<long> size, Span<int> dims)
    {
        if (size.Length != dims.Length + 2) throw new ArgumentException($"AffineGrid's size must hold {dims.Length + 2} values.");
        for (int i = 0; i < dims.Length; i++)
        {
            long v = size[2 + i];
            if (v < 0 || v > int.MaxValue) throw new ArgumentException("AffineGrid's size holds a negative or too large dim.");
            dims[i] = (int)v;
        }
    }

    /// <summary>
    /// grid[n, p, k] = Σ_j theta[n, k, j] · h_p[j], h_p = (x, y[, z], 1) the point's normalised coordinates, innermost
    /// spatial axis first. Computed in double.
    /// </summary>
    /// <param name="theta">Transforms, [N, r, r + 1].</param>
    /// <param name="grid">Output, [N, D1..Dr, r].</param>
    /// <param name="batch">N.</param>
    /// <param name="spatial">D1..Dr (r is 2 or 3).</param>
    /// <param name="alignCorners">Whether -1 and 1 are the corner pixels' centres (else their outer edges).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(ReadOnlySpan<T> theta, Span<T> grid, int batch, ReadOnlySpan<int> spatial, bool alignCorners) where T : unmanaged, INumberBase<T>
    {
        int r = spatial.Length;
        if (r < 2 || r > 3) throw new ArgumentException("AffineGrid takes 2 or 3 spatial dims.");
        int points = Simd.Product(spatial, nameof(spatial));
        Simd.Need(theta.Length, (long)batch * r * (r + 1), nameof(theta));
        Simd.Need(grid.Length, (long)batch * points * r, nameof(grid));
        Span<double> h = stackalloc double[4];
        Span<int> at = stackalloc int[3];
        for (int b = 0; b < batch; b++)
        {
            var t = theta.Slice(b * r * (r + 1), r * (r + 1));
            for (int p = 0; p < points; p++)
            {
                for (int d = r - 1, rest = p; d >= 0; d--) { at[d] = rest % spatial[d]; rest /= spatial[d]; }
                // h[0] is the innermost axis's coordinate (x), h[r - 1] the outermost's, h[r] = 1.
                for (int k = 0; k < r; k++) h[k] = Coordinate(at[r - 1 - k], spatial[r - 1 - k], alignCorners);
                h[r] = 1;
                for (int k = 0; k < r; k++)
                {
                    double s = 0;
                    for (int j = 0; j <= r; j++) s += double.CreateTruncating(t[k * (r + 1) + j]) * h[j];
                    grid[(b * points + p) * r + k] = T.CreateTruncating(s);
                }
            }
        }
    }

    private static double Coordinate(int i, int length, bool alignCorners) =>
        alignCorners ? (length > 1 ? -1 + 2.0 * i / (length - 1) : -1) : -1 + (2.0 * i + 1) / length;
}

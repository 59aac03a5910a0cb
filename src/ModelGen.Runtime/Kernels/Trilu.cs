using System;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>ONNX Trilu: one triangle of each matrix kept, the rest zeroed.</summary>
public static class Trilu
{
    /// <summary>
    /// For each [rows, cols] matrix of x: upper keeps the elements with column ≥ row + k, lower those with
    /// column ≤ row + k; the others become 0 (default(T)).
    /// </summary>
    /// <param name="x">Input, [batch, rows, cols].</param>
    /// <param name="y">Output, same shape.</param>
    /// <param name="batch">Product of the dims before the last two.</param>
    /// <param name="rows">The second-to-last dim.</param>
    /// <param name="cols">The last dim.</param>
    /// <param name="k">Diagonal offset: positive above the main diagonal, negative below.</param>
    /// <param name="upper">Keep the upper triangle (else the lower).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(ReadOnlySpan<T> x, Span<T> y, int batch, int rows, int cols, long k, bool upper) where T : unmanaged
    {
        if (batch < 0 || rows < 0 || cols < 0) throw new ArgumentException("Negative Trilu dimension.");
        long total = (long)batch * rows * cols;
        Simd.Need(x.Length, total, nameof(x));
        Simd.Need(y.Length, total, nameof(y));
        for (int b = 0, off = 0; b < batch; b++)
            for (int r = 0; r < rows; r++, off += cols)
            {
                // Columns [0, split) are the row's lower part, [split, cols) its upper part.
                long edge = upper ? r + k : r + k + 1;
                int split = (int)Math.Clamp(edge, 0, cols);
                ReadOnlySpan<T> src = x.Slice(off, cols);
                Span<T> dst = y.Slice(off, cols);
                if (upper)
                {
                    dst.Slice(0, split).Clear();
                    src.Slice(split).CopyTo(dst.Slice(split));
                }
                else
                {
                    src.Slice(0, split).CopyTo(dst.Slice(0, split));
                    dst.Slice(split).Clear();
                }
            }
    }

    /// <summary>Trilu with k read when the model runs (a one-element int64 tensor).</summary>
    /// <param name="x">Input, [batch, rows, cols].</param>
    /// <param name="y">Output, same shape.</param>
    /// <param name="batch">Product of the dims before the last two.</param>
    /// <param name="rows">The second-to-last dim.</param>
    /// <param name="cols">The last dim.</param>
    /// <param name="k">The diagonal offset, one element.</param>
    /// <param name="upper">Keep the upper triangle (else the lower).</param>
    public static void Dynamic<T>(ReadOnlySpan<T> x, Span<T> y, int batch, int rows, int cols, ReadOnlySpan<long> k, bool upper) where T : unmanaged
    {
        if (k.Length != 1) throw new ArgumentException("Trilu's k must hold one value.");
        Run(x, y, batch, rows, cols, k[0], upper);
    }
}

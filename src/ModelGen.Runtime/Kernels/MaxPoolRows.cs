using System;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

public static partial class MaxPool
{
    /// <summary>Longest input row <see cref="FloatPlaneByRows{TOps, TV}"/> takes: its two row buffers live on the stack.</summary>
    private const int MaxRowFloats = 2048;

    /// <summary>
    /// One float plane of <see cref="Plain2D"/> by rows, for any column stride: each output row's input rows are first
    /// reduced to one row (the column maxima), then that row to the maxima of every kW-wide window in it, and the
    /// outputs are picked from those at the stride. kH + kW vector maxima per vector of the row, where a window at a
    /// time takes kH·kW scalar ones per output: mnist-8's 3×3 pool at stride 3 (14×14 to 4×4) was all scalar.
    /// Windows that reach into the padding are clipped to the row, as the scalar loop of <see cref="Plain2D"/> clips them; max gives the same
    /// value in any order (NaN wins, +0 is above −0), so this agrees with the other paths bit for bit.
    /// </summary>
    /// <param name="src">The input plane.</param>
    /// <param name="dst">The output plane.</param>
    /// <param name="g">The plane's geometry (no dilation).</param>
    /// <param name="column">InW floats of scratch: the column maxima of one output row.</param>
    /// <param name="windows">InW floats of scratch: the maxima of the windows that start at each column.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void FloatPlaneByRows<TOps, TV>(float* src, float* dst, in PlaneGeometry g, float* column, float* windows)
        where TOps : struct, IFloatVec<TV> where TV : struct
    {
        int inW = g.InW, inside = inW - g.KW + 1; // windows wholly inside the row start at 0 .. inside-1
        for (int oh = 0; oh < g.OutH; oh++)
        {
            int h0 = oh * g.SH - g.PH, h1 = Math.Min(h0 + g.KH, g.InH);
            h0 = Math.Max(h0, 0);
            ColumnMaxima<TOps, TV>(src + (nint)h0 * inW, h1 - h0, inW, column);
            if (inside > 0) WindowMaxima<TOps, TV>(column, inside, g.KW, windows);
            float* row = dst + (nint)oh * g.OutW;
            for (int ow = 0; ow < g.OutW; ow++)
            {
                int w0 = ow * g.SW - g.PW;
                if ((uint)w0 < (uint)inside) { row[ow] = windows[w0]; continue; }
                // A window past either end of the row: the maximum of its part inside (−∞ when none is).
                float best = float.NegativeInfinity;
                for (int w = Math.Max(w0, 0), end = Math.Min(w0 + g.KW, inW); w < end; w++) best = Math.Max(best, column[w]);
                row[ow] = best;
            }
        }
    }

    /// <summary>column[j] = the maximum of rows[r·width + j] over r below <paramref name="rows"/> (−∞ for no rows).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void ColumnMaxima<TOps, TV>(float* rows, int count, int width, float* column)
        where TOps : struct, IFloatVec<TV> where TV : struct
    {
        if (count <= 0)
        {
            new Span<float>(column, width).Fill(float.NegativeInfinity);
            return;
        }
        int w = TOps.Count, j = 0;
        if (width >= w)
        {
            // The last vector overlaps the one before it rather than leaving a scalar tail: it writes the same values again.
            for (; ; j += w)
            {
                if (j > width - w) j = width - w;
                TV best = TOps.Load(rows + j);
                for (int r = 1; r < count; r++) best = TOps.Max(best, TOps.Load(rows + (nint)r * width + j));
                TOps.Store(best, column + j);
                if (j == width - w) return;
            }
        }
        for (; j < width; j++)
        {
            float best = rows[j];
            for (int r = 1; r < count; r++) best = Math.Max(best, rows[(nint)r * width + j]);
            column[j] = best;
        }
    }

    /// <summary>windows[i] = the maximum of column[i .. i + kw) for i below <paramref name="starts"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void WindowMaxima<TOps, TV>(float* column, int starts, int kw, float* windows)
        where TOps : struct, IFloatVec<TV> where TV : struct
    {
        int w = TOps.Count, i = 0;
        if (starts >= w)
        {
            for (; ; i += w)
            {
                if (i > starts - w) i = starts - w;
                TV best = TOps.Load(column + i);
                for (int k = 1; k < kw; k++) best = TOps.Max(best, TOps.Load(column + i + k));
                TOps.Store(best, windows + i);
                if (i == starts - w) return;
            }
        }
        for (; i < starts; i++)
        {
            float best = column[i];
            for (int k = 1; k < kw; k++) best = Math.Max(best, column[i + k]);
            windows[i] = best;
        }
    }
}

using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// The three transforms of Winograd F(4×4, 3×3) (Lavin and Gray, "Fast Algorithms for Convolutional Neural Networks",
/// 2016), with the interpolation points 0, ±1, ±2 and ∞: a 6×6 input tile d becomes Bᵀ·d·B, a 3×3 filter g becomes
/// G·g·Gᵀ, and the 6×6 elementwise product m becomes the 4×4 output tile Aᵀ·m·A. Each 2-D transform is its 1-D form
/// applied down the columns, then along the rows. The input and output forms run over lanes of tiles side by side
/// (one vector holds the same point of Count tiles), so they need no shuffles; the filter form runs once, at load.
/// </summary>
public static partial class Conv
{
    /// <summary>Points of one transformed tile: the 6×6 products per pair of input and output channels (144 for the direct 4×4 tile).</summary>
    public const int WinogradPoints = 36;

    /// <summary>
    /// Filters [outChannels, inChannels, 3, 3] → u [36, outChannels, inChannels]: u[ξ, k, c] = (G·w[k, c]·Gᵀ)[ξ], point ξ
    /// = 6·row + column, computed in double. The weights of <see cref="Winograd{T, TEpilogue}"/>; its input is a weight,
    /// so the load-time stage runs it once per process.
    /// </summary>
    /// <param name="w">Filters [outChannels, inChannels, 3, 3].</param>
    /// <param name="u">Transformed filters [36, outChannels, inChannels].</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="inChannels">Input channels.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void WinogradWeights<T>(ReadOnlySpan<T> w, Span<T> u, int outChannels, int inChannels) where T : unmanaged, INumber<T>
    {
        if (typeof(T) != typeof(float)) throw new NotSupportedException("Winograd weights are float only.");
        long pairs = (long)outChannels * inChannels;
        Simd.Need(w.Length, pairs * 9, nameof(w));
        Simd.Need(u.Length, pairs * WinogradPoints, nameof(u));
        Span<double> g = stackalloc double[9];
        Span<double> column = stackalloc double[18];
        for (int k = 0; k < outChannels; k++)
            for (int c = 0; c < inChannels; c++)
            {
                int pair = k * inChannels + c;
                for (int i = 0; i < 9; i++) g[i] = double.CreateTruncating(w[pair * 9 + i]);
                // G·g: six rows of three, one per point down the filter's columns.
                for (int col = 0; col < 3; col++)
                {
                    FilterPoints(g[col], g[3 + col], g[6 + col], out double r0, out double r1, out double r2, out double r3, out double r4, out double r5);
                    column[col] = r0; column[3 + col] = r1; column[6 + col] = r2; column[9 + col] = r3; column[12 + col] = r4; column[15 + col] = r5;
                }
                // (G·g)·Gᵀ: each of the six rows through the same 1-D form.
                for (int row = 0; row < 6; row++)
                {
                    FilterPoints(column[3 * row], column[3 * row + 1], column[3 * row + 2], out double p0, out double p1, out double p2, out double p3, out double p4, out double p5);
                    int xi = 6 * row;
                    u[(xi * outChannels + k) * inChannels + c] = T.CreateTruncating((float)p0);
                    u[((xi + 1) * outChannels + k) * inChannels + c] = T.CreateTruncating((float)p1);
                    u[((xi + 2) * outChannels + k) * inChannels + c] = T.CreateTruncating((float)p2);
                    u[((xi + 3) * outChannels + k) * inChannels + c] = T.CreateTruncating((float)p3);
                    u[((xi + 4) * outChannels + k) * inChannels + c] = T.CreateTruncating((float)p4);
                    u[((xi + 5) * outChannels + k) * inChannels + c] = T.CreateTruncating((float)p5);
                }
            }
    }

    /// <summary>G·(g0, g1, g2): the filter's values at the points 0, −1, 1, −2 (halved), 2 (halved) and ∞.</summary>
    private static void FilterPoints(double g0, double g1, double g2, out double p0, out double p1, out double p2, out double p3, out double p4, out double p5)
    {
        p0 = g0 / 4;
        p1 = -(g0 + g1 + g2) / 6;
        p2 = -(g0 - g1 + g2) / 6;
        p3 = g0 / 24 + g1 / 12 + g2 / 6;
        p4 = g0 / 24 - g1 / 12 + g2 / 6;
        p5 = g2;
    }

    /// <summary>Bᵀ·(d0 … d5), lane by lane: one column or row of an input tile at the six points.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void InputPoints<TOps, TV>(TV d0, TV d1, TV d2, TV d3, TV d4, TV d5, out TV o0, out TV o1, out TV o2, out TV o3, out TV o4, out TV o5)
        where TOps : struct, IFloatVec<TV> where TV : struct
    {
        TV four = TOps.Splat(4f), minusFour = TOps.Splat(-4f), minusFive = TOps.Splat(-5f), two = TOps.Splat(2f), minusTwo = TOps.Splat(-2f);
        TV d4MinusD2 = TOps.Sub(d4, d2), d3MinusD1 = TOps.Sub(d3, d1);
        o0 = TOps.MulAdd(four, d0, TOps.MulAdd(minusFive, d2, d4));
        o1 = TOps.MulAdd(minusFour, TOps.Add(d1, d2), TOps.Add(d3, d4));
        o2 = TOps.MulAdd(four, TOps.Sub(d1, d2), TOps.Sub(d4, d3));
        o3 = TOps.MulAdd(two, d3MinusD1, d4MinusD2);
        o4 = TOps.MulAdd(minusTwo, d3MinusD1, d4MinusD2);
        o5 = TOps.MulAdd(four, d1, TOps.MulAdd(minusFive, d3, d5));
    }

    /// <summary>Aᵀ·(m0 … m5), lane by lane: one column or row of a product tile back to four outputs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void OutputPoints<TOps, TV>(TV m0, TV m1, TV m2, TV m3, TV m4, TV m5, out TV y0, out TV y1, out TV y2, out TV y3)
        where TOps : struct, IFloatVec<TV> where TV : struct
    {
        TV sum12 = TOps.Add(m1, m2), diff12 = TOps.Sub(m1, m2), sum34 = TOps.Add(m3, m4), diff34 = TOps.Sub(m3, m4);
        y0 = TOps.Add(TOps.Add(m0, sum12), sum34);
        y1 = TOps.MulAdd(TOps.Splat(2f), diff34, diff12);
        y2 = TOps.MulAdd(TOps.Splat(4f), sum34, sum12);
        y3 = TOps.Add(TOps.MulAdd(TOps.Splat(8f), diff34, diff12), m5);
    }

    /// <summary>
    /// One input channel's tiles of a block, transformed: d[(6·r + m)·lanes + t] is the tile t's input at row r, column
    /// m; v[ξ·vStride + t] receives point ξ of Bᵀ·d·B. Columns first (into rows, each six points), then down each point
    /// column; <paramref name="rows"/> holds the middle stage (36·lanes floats).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void InputTiles<TOps, TV>(float* d, float* rows, float* v, nint vStride, int lanes) where TOps : struct, IFloatVec<TV> where TV : struct
    {
        int w = TOps.Count;
        for (int r = 0; r < 6; r++)
        {
            float* src = d + 6 * r * (nint)lanes, dst = rows + 6 * r * (nint)lanes;
            for (int t = 0; t < lanes; t += w)
            {
                InputPoints<TOps, TV>(TOps.Load(src + t), TOps.Load(src + lanes + t), TOps.Load(src + 2 * lanes + t),
                    TOps.Load(src + 3 * lanes + t), TOps.Load(src + 4 * lanes + t), TOps.Load(src + 5 * lanes + t),
                    out TV o0, out TV o1, out TV o2, out TV o3, out TV o4, out TV o5);
                TOps.Store(o0, dst + t); TOps.Store(o1, dst + lanes + t); TOps.Store(o2, dst + 2 * lanes + t);
                TOps.Store(o3, dst + 3 * lanes + t); TOps.Store(o4, dst + 4 * lanes + t); TOps.Store(o5, dst + 5 * lanes + t);
            }
        }
        nint rowStep = 6 * (nint)lanes;
        for (int n = 0; n < 6; n++)
        {
            float* src = rows + n * (nint)lanes;
            for (int t = 0; t < lanes; t += w)
            {
                InputPoints<TOps, TV>(TOps.Load(src + t), TOps.Load(src + rowStep + t), TOps.Load(src + 2 * rowStep + t),
                    TOps.Load(src + 3 * rowStep + t), TOps.Load(src + 4 * rowStep + t), TOps.Load(src + 5 * rowStep + t),
                    out TV o0, out TV o1, out TV o2, out TV o3, out TV o4, out TV o5);
                float* dst = v + n * vStride + t;
                TOps.Store(o0, dst); TOps.Store(o1, dst + 6 * vStride); TOps.Store(o2, dst + 12 * vStride);
                TOps.Store(o3, dst + 18 * vStride); TOps.Store(o4, dst + 24 * vStride); TOps.Store(o5, dst + 30 * vStride);
            }
        }
    }

    /// <summary>
    /// One output channel's tiles of a block, transformed back: m[ξ·mStride + t] is point ξ of tile t's product;
    /// o[(4·a + b)·lanes + t] receives the output at row a, column b, plus <paramref name="bias"/>. Down each point
    /// column first (into <paramref name="rows"/>, 24·lanes floats), then along the four rows.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void OutputTiles<TOps, TV>(float* m, nint mStride, float* rows, float* o, float bias, int lanes) where TOps : struct, IFloatVec<TV> where TV : struct
    {
        int w = TOps.Count;
        for (int n = 0; n < 6; n++)
        {
            float* src = m + n * mStride, dst = rows + n * (nint)lanes;
            for (int t = 0; t < lanes; t += w)
            {
                OutputPoints<TOps, TV>(TOps.Load(src + t), TOps.Load(src + 6 * mStride + t), TOps.Load(src + 12 * mStride + t),
                    TOps.Load(src + 18 * mStride + t), TOps.Load(src + 24 * mStride + t), TOps.Load(src + 30 * mStride + t),
                    out TV y0, out TV y1, out TV y2, out TV y3);
                TOps.Store(y0, dst + t); TOps.Store(y1, dst + 6 * lanes + t); TOps.Store(y2, dst + 12 * lanes + t); TOps.Store(y3, dst + 18 * lanes + t);
            }
        }
        TV vb = TOps.Splat(bias);
        for (int a = 0; a < 4; a++)
        {
            float* src = rows + 6 * a * (nint)lanes, dst = o + 4 * a * (nint)lanes;
            for (int t = 0; t < lanes; t += w)
            {
                OutputPoints<TOps, TV>(TOps.Load(src + t), TOps.Load(src + lanes + t), TOps.Load(src + 2 * lanes + t),
                    TOps.Load(src + 3 * lanes + t), TOps.Load(src + 4 * lanes + t), TOps.Load(src + 5 * lanes + t),
                    out TV y0, out TV y1, out TV y2, out TV y3);
                TOps.Store(TOps.Add(y0, vb), dst + t); TOps.Store(TOps.Add(y1, vb), dst + lanes + t);
                TOps.Store(TOps.Add(y2, vb), dst + 2 * lanes + t); TOps.Store(TOps.Add(y3, vb), dst + 3 * lanes + t);
            }
        }
    }
}

using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>ONNX LpPool, N-D.</summary>
public static class LpPool
{
    /// <summary>
    /// x [batch, channels, inSpatial...] → y [batch, channels, outSpatial...]: y = (Σ |x|^p)^(1/p) over each
    /// window's taps inside the input (padding contributes 0), kept in double; p = 2 takes the square-root path.
    /// </summary>
    /// <param name="x">Input.</param>
    /// <param name="y">Output.</param>
    /// <param name="batch">Batch size.</param>
    /// <param name="channels">Channel count.</param>
    /// <param name="inSpatial">Input spatial dims.</param>
    /// <param name="kernel">Window size per spatial axis.</param>
    /// <param name="outSpatial">Output spatial dims.</param>
    /// <param name="strides">Stride per spatial axis.</param>
    /// <param name="dilations">Dilation per spatial axis.</param>
    /// <param name="padsBegin">Leading padding per spatial axis.</param>
    /// <param name="p">The norm's exponent (positive).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(ReadOnlySpan<T> x, Span<T> y, int batch, int channels,
        ReadOnlySpan<int> inSpatial, ReadOnlySpan<int> kernel, ReadOnlySpan<int> outSpatial, ReadOnlySpan<int> strides,
        ReadOnlySpan<int> dilations, ReadOnlySpan<int> padsBegin, float p)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (batch < 0 || channels < 0) throw new ArgumentException("Negative LpPool dimension.");
        if (!(p > 0) || float.IsInfinity(p)) throw new ArgumentException("p must be positive and finite.", nameof(p));
        Span<int> state = stackalloc int[PoolWindow.StateLength];
        var w = new PoolWindow(state, inSpatial, kernel, outSpatial, strides, dilations, padsBegin, default);
        long planes = (long)batch * channels;
        Simd.Need(x.Length, planes * w.InSize, nameof(x));
        Simd.Need(y.Length, planes * w.OutSize, nameof(y));
        bool square = p == 2;
        double pd = p, inverse = 1.0 / pd;

        for (long plane = 0; plane < planes; plane++)
        {
            int xBase = (int)(plane * w.InSize), yBase = (int)(plane * w.OutSize);
            w.StartPlane();
            for (int rowIdx = 0; rowIdx < w.Rows; rowIdx++)
            {
                w.StartRow();
                int yRow = yBase + rowIdx * w.RowLength;
                for (int j = 0; j < w.RowLength; j++)
                {
                    double sum = 0;
                    if (w.StartColumn(j))
                    {
                        int n = w.RunLength, step = w.Step, run = w.FirstRun();
                        do
                        {
                            for (int t = 0, off = xBase + run; t < n; t++, off += step)
                            {
                                double v = double.CreateTruncating(x[off]);
                                sum += square ? v * v : Math.Pow(Math.Abs(v), pd);
                            }
                        }
                        while (w.NextRun(out run));
                    }
                    y[yRow + j] = T.CreateTruncating(square ? Math.Sqrt(sum) : Math.Pow(sum, inverse));
                }
                w.EndRow();
            }
        }
    }
}

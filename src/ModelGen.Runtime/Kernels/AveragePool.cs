using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>ONNX AveragePool, N-D.</summary>
public static class AveragePool
{
    /// <summary>
    /// x [batch, channels, inSpatial...] → y [batch, channels, outSpatial...]: each output is the sum of its window's
    /// taps inside the input divided by their count, or with <paramref name="countIncludePad"/> by the count of taps
    /// inside the padded extent [−padsBegin, in + padsEnd) (taps a ceil_mode window has beyond it are never counted).
    /// Sums are kept in double. A window with nothing to count yields NaN.
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
    /// <param name="padsEnd">Trailing padding per spatial axis.</param>
    /// <param name="countIncludePad">Divide by the taps inside the padded extent rather than those inside the input.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(ReadOnlySpan<T> x, Span<T> y, int batch, int channels,
        ReadOnlySpan<int> inSpatial, ReadOnlySpan<int> kernel, ReadOnlySpan<int> outSpatial, ReadOnlySpan<int> strides,
        ReadOnlySpan<int> dilations, ReadOnlySpan<int> padsBegin, ReadOnlySpan<int> padsEnd, bool countIncludePad)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (batch < 0 || channels < 0) throw new ArgumentException("Negative AveragePool dimension.");
        if (padsEnd.Length != inSpatial.Length) throw new ArgumentException("padsEnd must have the input's spatial rank.", nameof(padsEnd));
        Span<int> state = stackalloc int[PoolWindow.StateLength];
        var w = new PoolWindow(state, inSpatial, kernel, outSpatial, strides, dilations, padsBegin, padsEnd);
        long planes = (long)batch * channels;
        Simd.Need(x.Length, planes * w.InSize, nameof(x));
        Simd.Need(y.Length, planes * w.OutSize, nameof(y));

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
                            for (int t = 0, off = xBase + run; t < n; t++, off += step) sum += double.CreateTruncating(x[off]);
                        }
                        while (w.NextRun(out run));
                    }
                    int count = countIncludePad ? w.PaddedTaps : w.ValidTaps;
                    y[yRow + j] = T.CreateTruncating(count == 0 ? double.NaN : sum / count);
                }
                w.EndRow();
            }
        }
    }
}

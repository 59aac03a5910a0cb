using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>ONNX RoiAlign: bilinear pooling of regions of interest.</summary>
public static class RoiAlign
{
    /// <summary>
    /// y[r, c] = region r (rois[r] = x1, y1, x2, y2, times spatialScale, less 0.5 when halfPixel) of
    /// x[batchIndices[r], c] pooled to [outHeight, outWidth] bins of gridH × gridW bilinear samples each
    /// (samplingRatio per axis, or ceil(bin size) when 0). Avg averages the samples; max takes, as ONNX's
    /// reference and ONNX Runtime do, the largest of each sample's four weighted corner terms. Samples more than
    /// one pixel outside x count as 0. Without halfPixel a region is at least 1 × 1. Computed in double.
    /// </summary>
    /// <param name="x">Input [N, C, H, W].</param>
    /// <param name="rois">[numRois, 4].</param>
    /// <param name="batchIndices">[numRois], each in [0, N).</param>
    /// <param name="y">Output [numRois, C, outHeight, outWidth].</param>
    /// <param name="xShape">x's dims.</param>
    /// <param name="numRois">Number of regions.</param>
    /// <param name="outHeight">Bins per column.</param>
    /// <param name="outWidth">Bins per row.</param>
    /// <param name="samplingRatio">Samples per bin and axis; 0 for adaptive.</param>
    /// <param name="spatialScale">Scale from roi coordinates to x's pixels.</param>
    /// <param name="halfPixel">Whether to shift the scaled coordinates by -0.5.</param>
    /// <param name="max">Max mode (else avg).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> rois, ReadOnlySpan<long> batchIndices, Span<T> y, ReadOnlySpan<int> xShape, int numRois,
        int outHeight, int outWidth, int samplingRatio, float spatialScale, bool halfPixel, bool max)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (xShape.Length != 4 || numRois < 0 || outHeight < 1 || outWidth < 1 || samplingRatio < 0) throw new ArgumentException("RoiAlign: bad dims or attributes.");
        int n = xShape[0], channels = xShape[1], height = xShape[2], width = xShape[3];
        int plane = height * width, bins = outHeight * outWidth;
        Simd.Need(x.Length, (long)n * channels * plane, nameof(x));
        Simd.Need(rois.Length, 4L * numRois, nameof(rois));
        Simd.Need(batchIndices.Length, numRois, nameof(batchIndices));
        Simd.Need(y.Length, (long)numRois * channels * bins, nameof(y));
        double shift = halfPixel ? 0.5 : 0;
        for (int r = 0; r < numRois; r++)
        {
            long b = batchIndices[r];
            if (b < 0 || b >= n) throw new ArgumentOutOfRangeException(nameof(batchIndices), "RoiAlign: batch index " + b + " is outside [0, " + n + ").");
            double startW = double.CreateTruncating(rois[r * 4]) * spatialScale - shift;
            double startH = double.CreateTruncating(rois[r * 4 + 1]) * spatialScale - shift;
            double roiW = double.CreateTruncating(rois[r * 4 + 2]) * spatialScale - shift - startW;
            double roiH = double.CreateTruncating(rois[r * 4 + 3]) * spatialScale - shift - startH;
            if (!halfPixel) { roiW = Math.Max(roiW, 1.0); roiH = Math.Max(roiH, 1.0); }
            double binH = roiH / outHeight, binW = roiW / outWidth;
            int gridH = samplingRatio > 0 ? samplingRatio : (int)Math.Ceiling(roiH / outHeight);
            int gridW = samplingRatio > 0 ? samplingRatio : (int)Math.Ceiling(roiW / outWidth);
            int samples = Math.Max(gridH * gridW, 1);
            for (int c = 0; c < channels; c++)
            {
                var src = x.Slice((int)((b * channels + c) * plane), plane);
                var dst = y.Slice((r * channels + c) * bins, bins);
                for (int ph = 0; ph < outHeight; ph++)
                    for (int pw = 0; pw < outWidth; pw++)
                    {
                        double acc = 0;
                        bool first = true;
                        for (int iy = 0; iy < gridH; iy++)
                        {
                            double sy = startH + ph * binH + (iy + 0.5) * binH / gridH;
                            for (int ix = 0; ix < gridW; ix++)
                            {
                                double sx = startW + pw * binW + (ix + 0.5) * binW / gridW;
                                double v = Sample(src, height, width, sy, sx, max);
                                if (!max) acc += v;
                                else if (first || v > acc) acc = v;
                                first = false;
                            }
                        }
                        dst[ph * outWidth + pw] = T.CreateTruncating(max ? acc : acc / samples);
                    }
            }
        }
    }

    /// <summary>The bilinear value at (sy, sx), or in max mode the largest weighted corner term; 0 when more than a pixel outside.</summary>
    private static double Sample<T>(ReadOnlySpan<T> src, int height, int width, double sy, double sx, bool max) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (sy < -1.0 || sy > height || sx < -1.0 || sx > width) return 0;
        sy = Math.Max(sy, 0);
        sx = Math.Max(sx, 0);
        int y0 = (int)sy, x0 = (int)sx, y1, x1;
        if (y0 >= height - 1) { y0 = y1 = height - 1; sy = y0; } else y1 = y0 + 1;
        if (x0 >= width - 1) { x0 = x1 = width - 1; sx = x0; } else x1 = x0 + 1;
        double ly = sy - y0, lx = sx - x0, hy = 1 - ly, hx = 1 - lx;
        double a = hy * hx * double.CreateTruncating(src[y0 * width + x0]);
        double b = hy * lx * double.CreateTruncating(src[y0 * width + x1]);
        double c = ly * hx * double.CreateTruncating(src[y1 * width + x0]);
        double d = ly * lx * double.CreateTruncating(src[y1 * width + x1]);
        return max ? Math.Max(Math.Max(a, b), Math.Max(c, d)) : a + b + c + d;
    }
}

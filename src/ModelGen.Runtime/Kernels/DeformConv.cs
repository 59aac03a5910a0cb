using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>ONNX DeformConv: convolution with offset (and optionally masked) kernel taps, 2-D.</summary>
public static class DeformConv
{
    /// <summary>
    /// y[n, o, i, j] = bias[o] + Σ over the group's input channels c and taps (a, b) of
    /// w[o, c, a, b] · mask[n, g·K + t, i, j] · x[n, c] bilinearly read (zero outside) at
    /// (i·strideH − padH + a·dilationH + dy, j·strideW − padW + b·dilationW + dx), where g = c / (C / offsetGroup),
    /// t = a·kW + b and (dy, dx) = offset[n, (g·K + t)·2 + (0, 1), i, j]. Computed in double.
    /// </summary>
    /// <param name="x">Input [N, C, H, W].</param>
    /// <param name="w">Weights [outChannels, C / group, kH, kW].</param>
    /// <param name="offset">[N, offsetGroup · kH · kW · 2, oH, oW].</param>
    /// <param name="bias">[outChannels], or empty for none.</param>
    /// <param name="mask">[N, offsetGroup · kH · kW, oH, oW], or empty for ones.</param>
    /// <param name="y">Output [N, outChannels, oH, oW].</param>
    /// <param name="batch">N.</param>
    /// <param name="inChannels">C.</param>
    /// <param name="outChannels">Output channels.</param>
    /// <param name="group">Channel groups.</param>
    /// <param name="offsetGroup">Offset groups.</param>
    /// <param name="inSpatial">H, W.</param>
    /// <param name="kernel">kH, kW.</param>
    /// <param name="outSpatial">oH, oW.</param>
    /// <param name="strides">Strides.</param>
    /// <param name="dilations">Dilations.</param>
    /// <param name="padsBegin">Begin pads.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(ReadOnlySpan<T> x, ReadOnlySpan<T> w, ReadOnlySpan<T> offset, ReadOnlySpan<T> bias, ReadOnlySpan<T> mask, Span<T> y,
        int batch, int inChannels, int outChannels, int group, int offsetGroup,
        ReadOnlySpan<int> inSpatial, ReadOnlySpan<int> kernel, ReadOnlySpan<int> outSpatial, ReadOnlySpan<int> strides, ReadOnlySpan<int> dilations, ReadOnlySpan<int> padsBegin)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (inSpatial.Length != 2 || kernel.Length != 2 || outSpatial.Length != 2 || strides.Length != 2 || dilations.Length != 2 || padsBegin.Length != 2)
            throw new ArgumentException("DeformConv: 2-D windows only.");
        if (batch < 0 || group < 1 || offsetGroup < 1 || inChannels % group != 0 || outChannels % group != 0 || inChannels % offsetGroup != 0)
            throw new ArgumentException("DeformConv: channels do not fit the groups.");
        int h = inSpatial[0], wd = inSpatial[1], kh = kernel[0], kw = kernel[1], oh = outSpatial[0], ow = outSpatial[1];
        int taps = kh * kw, plane = h * wd, outPlane = oh * ow;
        int inPerGroup = inChannels / group, outPerGroup = outChannels / group, inPerOffsetGroup = inChannels / offsetGroup;
        Simd.Need(x.Length, (long)batch * inChannels * plane, nameof(x));
        Simd.Need(w.Length, (long)outChannels * inPerGroup * taps, nameof(w));
        Simd.Need(offset.Length, (long)batch * offsetGroup * taps * 2 * outPlane, nameof(offset));
        if (bias.Length != 0) Simd.Need(bias.Length, outChannels, nameof(bias));
        if (mask.Length != 0) Simd.Need(mask.Length, (long)batch * offsetGroup * taps * outPlane, nameof(mask));
        Simd.Need(y.Length, (long)batch * outChannels * outPlane, nameof(y));
        for (int n = 0; n < batch; n++)
            for (int o = 0; o < outChannels; o++)
            {
                int g = o / outPerGroup;
                double b0 = bias.Length != 0 ? double.CreateTruncating(bias[o]) : 0;
                for (int i = 0; i < oh; i++)
                    for (int j = 0; j < ow; j++)
                    {
                        double sum = b0;
                        int at = i * ow + j;
                        for (int ci = 0; ci < inPerGroup; ci++)
                        {
                            int c = g * inPerGroup + ci;
                            int og = c / inPerOffsetGroup;
                            var src = x.Slice((n * inChannels + c) * plane, plane);
                            for (int a = 0; a < kh; a++)
                                for (int bb = 0; bb < kw; bb++)
                                {
                                    int t = og * taps + a * kw + bb;
                                    double dy = double.CreateTruncating(offset[((n * offsetGroup * taps + t) * 2) * outPlane + at]);
                                    double dx = double.CreateTruncating(offset[((n * offsetGroup * taps + t) * 2 + 1) * outPlane + at]);
                                    double sy = i * strides[0] - padsBegin[0] + a * dilations[0] + dy;
                                    double sx = j * strides[1] - padsBegin[1] + bb * dilations[1] + dx;
                                    double m = mask.Length != 0 ? double.CreateTruncating(mask[(n * offsetGroup * taps + t) * outPlane + at]) : 1;
                                    double weight = double.CreateTruncating(w[((o * inPerGroup + ci) * kh + a) * kw + bb]);
                                    sum += weight * m * Bilinear(src, h, wd, sy, sx);
                                }
                        }
                        y[(n * outChannels + o) * outPlane + at] = T.CreateTruncating(sum);
                    }
            }
    }

    /// <summary>The plane bilinearly read at (sy, sx), corners outside it counting as zero.</summary>
    private static double Bilinear<T>(ReadOnlySpan<T> src, int h, int w, double sy, double sx) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double fy = Math.Floor(sy), fx = Math.Floor(sx);
        if (double.IsNaN(fy) || double.IsNaN(fx) || fy < -1 || fx < -1 || fy > h || fx > w) return 0;
        int y0 = (int)fy, x0 = (int)fx;
        double ly = sy - fy, lx = sx - fx;
        return (1 - ly) * ((1 - lx) * At(src, h, w, y0, x0) + lx * At(src, h, w, y0, x0 + 1))
             + ly * ((1 - lx) * At(src, h, w, y0 + 1, x0) + lx * At(src, h, w, y0 + 1, x0 + 1));
    }

    private static double At<T>(ReadOnlySpan<T> src, int h, int w, int r, int c) where T : unmanaged, IFloatingPointIeee754<T> =>
        r < 0 || c < 0 || r >= h || c >= w ? 0 : double.CreateTruncating(src[r * w + c]);
}

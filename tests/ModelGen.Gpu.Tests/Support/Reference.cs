using System;

namespace ModelGen.Gpu.Tests.Support;

/// <summary>Plain double-precision C# versions of the kernels' ONNX semantics, written for clarity, not speed.</summary>
public static class Reference
{
    /// <summary>act(alpha·op(A)·op(B) + beta·bias[m·sM + n·sN]) for dense row-major A and B.</summary>
    public static double[] Gemm(
        float[] a, float[] b, int m, int n, int k, bool transA, bool transB, float alpha,
        float[]? bias = null, float beta = 0f, int biasStrideM = 0, int biasStrideN = 0, Func<double, double>? act = null)
    {
        var c = new double[m * n];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++)
                {
                    double left = transA ? a[p * m + i] : a[i * k + p];
                    double right = transB ? b[j * k + p] : b[p * n + j];
                    sum += left * right;
                }

                double value = alpha * sum + (bias is null ? 0 : beta * (double)bias[i * biasStrideM + j * biasStrideN]);
                c[i * n + j] = act is null ? value : act(value);
            }
        }

        return c;
    }

    /// <summary>ONNX Conv 2-D NCHW; pads [top, left, bottom, right].</summary>
    public static double[] Conv(
        float[] x, float[] w, float[]? bias, int n, int c, int h, int wd, int m, int kh, int kw,
        int[] strides, int[] pads, int[] dilations, int groups, out int outH, out int outW, Func<double, double>? act = null)
    {
        outH = (h + pads[0] + pads[2] - (dilations[0] * (kh - 1) + 1)) / strides[0] + 1;
        outW = (wd + pads[1] + pads[3] - (dilations[1] * (kw - 1) + 1)) / strides[1] + 1;
        int groupC = c / groups;
        int groupM = m / groups;
        var y = new double[n * m * outH * outW];
        for (int b = 0; b < n; b++)
        {
            for (int oc = 0; oc < m; oc++)
            {
                int g = oc / groupM;
                for (int oh = 0; oh < outH; oh++)
                {
                    for (int ow = 0; ow < outW; ow++)
                    {
                        double sum = bias is null ? 0 : bias[oc];
                        for (int cg = 0; cg < groupC; cg++)
                        {
                            for (int i = 0; i < kh; i++)
                            {
                                for (int j = 0; j < kw; j++)
                                {
                                    int ih = oh * strides[0] - pads[0] + i * dilations[0];
                                    int iw = ow * strides[1] - pads[1] + j * dilations[1];
                                    if (ih >= 0 && ih < h && iw >= 0 && iw < wd)
                                    {
                                        sum += (double)x[((b * c + g * groupC + cg) * h + ih) * wd + iw] * w[((oc * groupC + cg) * kh + i) * kw + j];
                                    }
                                }
                            }
                        }

                        y[((b * m + oc) * outH + oh) * outW + ow] = act is null ? sum : act(sum);
                    }
                }
            }
        }

        return y;
    }

    /// <summary>ONNX MaxPool / AveragePool 2-D NCHW; pads [top, left, bottom, right].</summary>
    public static double[] Pool(
        float[] x, int n, int c, int h, int w, int kh, int kw, int[] strides, int[] pads, int[] dilations, bool max,
        bool countIncludePad, out int outH, out int outW)
    {
        outH = (h + pads[0] + pads[2] - (dilations[0] * (kh - 1) + 1)) / strides[0] + 1;
        outW = (w + pads[1] + pads[3] - (dilations[1] * (kw - 1) + 1)) / strides[1] + 1;
        var y = new double[n * c * outH * outW];
        for (int plane = 0; plane < n * c; plane++)
        {
            for (int oh = 0; oh < outH; oh++)
            {
                for (int ow = 0; ow < outW; ow++)
                {
                    double acc = max ? double.NegativeInfinity : 0;
                    int valid = 0;
                    int padded = 0;
                    for (int i = 0; i < kh; i++)
                    {
                        for (int j = 0; j < kw; j++)
                        {
                            int ih = oh * strides[0] - pads[0] + i * dilations[0];
                            int iw = ow * strides[1] - pads[1] + j * dilations[1];
                            if (ih < h + pads[2] && iw < w + pads[3])
                            {
                                padded++;
                            }

                            if (ih >= 0 && ih < h && iw >= 0 && iw < w)
                            {
                                double v = x[(plane * h + ih) * w + iw];
                                acc = max ? Math.Max(acc, v) : acc + v;
                                valid++;
                            }
                        }
                    }

                    y[(plane * outH + oh) * outW + ow] = max ? acc : acc / (countIncludePad ? padded : valid);
                }
            }
        }

        return y;
    }

    /// <summary>Softmax or LogSoftmax of each row.</summary>
    public static double[] Softmax(float[] x, int rows, int cols, bool log)
    {
        var y = new double[rows * cols];
        for (int r = 0; r < rows; r++)
        {
            double max = double.NegativeInfinity;
            for (int j = 0; j < cols; j++)
            {
                max = Math.Max(max, x[r * cols + j]);
            }

            double sum = 0;
            for (int j = 0; j < cols; j++)
            {
                sum += Math.Exp(x[r * cols + j] - max);
            }

            for (int j = 0; j < cols; j++)
            {
                double shifted = x[r * cols + j] - max;
                y[r * cols + j] = log ? shifted - Math.Log(sum) : Math.Exp(shifted) / sum;
            }
        }

        return y;
    }

    /// <summary>LayerNormalization over each row.</summary>
    public static double[] LayerNorm(float[] x, float[] scale, float[]? bias, int rows, int cols, double epsilon)
    {
        var y = new double[rows * cols];
        for (int r = 0; r < rows; r++)
        {
            double mean = 0;
            for (int j = 0; j < cols; j++)
            {
                mean += x[r * cols + j];
            }

            mean /= cols;
            double variance = 0;
            for (int j = 0; j < cols; j++)
            {
                variance += (x[r * cols + j] - mean) * (x[r * cols + j] - mean);
            }

            variance /= cols;
            for (int j = 0; j < cols; j++)
            {
                y[r * cols + j] = (x[r * cols + j] - mean) / Math.Sqrt(variance + epsilon) * scale[j] + (bias is null ? 0 : bias[j]);
            }
        }

        return y;
    }

    /// <summary>The values as doubles (for exact-result kernels compared with <see cref="Close.All"/>).</summary>
    public static double[] Widen(float[] values) => Array.ConvertAll(values, v => (double)v);
}

using ILGPU;
using ModelGen.Gpu.Kernels.Elementwise;

namespace ModelGen.Gpu.Kernels.Conv;

/// <summary>The NCHW convolution kernels: direct, depthwise with a constant window, and im2col for the GEMM path.</summary>
internal static class ConvKernels
{
    /// <summary>
    /// A direct convolution, one output element per grid-stride step: any groups, strides, pads and dilations, then
    /// the bias and the fused activation. The fallback for shapes the specialised paths do not take.
    /// </summary>
    public static void Direct<TAct>(ConvArgs p, ArrayView<float> x, ArrayView<float> w, ArrayView<float> bias, ArrayView<float> y, TAct act)
        where TAct : struct, IUnaryOp
    {
        int groupC = p.C / p.Groups;
        int groupM = p.M / p.Groups;
        for (long i = GridStride.Start; i < y.Length; i += GridStride.Step)
        {
            NchwIndex at = NchwIndex.Of(i, p.M, p.OutH, p.OutW);
            (int n, int m, int oh, int ow) = (at.N, at.C, at.H, at.W);
            int firstC = m / groupM * groupC;
            float sum = p.HasBias != 0 ? bias[m] : 0f;
            for (int cg = 0; cg < groupC; cg++)
            {
                long xPlane = ((long)n * p.C + firstC + cg) * p.H * p.W;
                long wPlane = ((long)m * groupC + cg) * p.KH * p.KW;
                for (int kh = 0; kh < p.KH; kh++)
                {
                    int ih = oh * p.StrideH - p.PadTop + kh * p.DilationH;
                    if (ih < 0 || ih >= p.H)
                    {
                        continue;
                    }

                    for (int kw = 0; kw < p.KW; kw++)
                    {
                        int iw = ow * p.StrideW - p.PadLeft + kw * p.DilationW;
                        if (iw >= 0 && iw < p.W)
                        {
                            sum += x[xPlane + (long)ih * p.W + iw] * w[wPlane + kh * p.KW + kw];
                        }
                    }
                }
            }

            y[i] = act.Apply(sum);
        }
    }

    /// <summary>
    /// A depthwise convolution (Groups = C, M = C·multiplier) with a TSize×TSize window known at compile time, so
    /// the window loops unroll: the 3×3 and 5×5 layers of mobile networks.
    /// </summary>
    public static void Depthwise<TSize, TAct>(
        ConvArgs p, ArrayView<float> x, ArrayView<float> w, ArrayView<float> bias, ArrayView<float> y, TAct act)
        where TSize : struct, IConstant
        where TAct : struct, IUnaryOp
    {
        int size = default(TSize).Value;
        int multiplier = p.M / p.C;
        for (long i = GridStride.Start; i < y.Length; i += GridStride.Step)
        {
            NchwIndex at = NchwIndex.Of(i, p.M, p.OutH, p.OutW);
            (int n, int m, int oh, int ow) = (at.N, at.C, at.H, at.W);
            long xPlane = ((long)n * p.C + m / multiplier) * p.H * p.W;
            long wPlane = (long)m * size * size;
            float sum = p.HasBias != 0 ? bias[m] : 0f;
            for (int kh = 0; kh < size; kh++)
            {
                int ih = oh * p.StrideH - p.PadTop + kh * p.DilationH;
                for (int kw = 0; kw < size; kw++)
                {
                    int iw = ow * p.StrideW - p.PadLeft + kw * p.DilationW;
                    if (ih >= 0 && ih < p.H && iw >= 0 && iw < p.W)
                    {
                        sum += x[xPlane + (long)ih * p.W + iw] * w[wPlane + kh * size + kw];
                    }
                }
            }

            y[i] = act.Apply(sum);
        }
    }

    /// <summary>
    /// Unfolds every image's windows into col[n][c·KH·KW + kh·KW + kw][oh·OutW + ow] (zeros where a window reads
    /// padding), so the convolution becomes one batched GEMM: weights [M/G][C/G·KH·KW] × col per (image, group).
    /// </summary>
    public static void Im2Col(ConvArgs p, ArrayView<float> x, ArrayView<float> col)
    {
        for (long i = GridStride.Start; i < col.Length; i += GridStride.Step)
        {
            int ow = (int)(i % p.OutW);
            long rest = i / p.OutW;
            int oh = (int)(rest % p.OutH);
            rest /= p.OutH;
            int kw = (int)(rest % p.KW);
            rest /= p.KW;
            int kh = (int)(rest % p.KH);
            rest /= p.KH;
            int c = (int)(rest % p.C);
            int n = (int)(rest / p.C);
            int ih = oh * p.StrideH - p.PadTop + kh * p.DilationH;
            int iw = ow * p.StrideW - p.PadLeft + kw * p.DilationW;
            float value = 0f;
            if (ih >= 0 && ih < p.H && iw >= 0 && iw < p.W)
            {
                value = x[(((long)n * p.C + c) * p.H + ih) * p.W + iw];
            }

            col[i] = value;
        }
    }
}

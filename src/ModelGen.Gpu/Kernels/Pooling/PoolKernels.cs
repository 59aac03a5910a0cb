using ILGPU;

namespace ModelGen.Gpu.Kernels.Pooling;

/// <summary>2-D NCHW pooling, one output per grid-stride step.</summary>
internal static class PoolKernels
{
    /// <summary>
    /// y[n, c, oh, ow] = finish(combine over the window): MaxPool or AveragePool. The divisor counts the inputs inside
    /// the image, or with count_include_pad the window positions inside the padded image (ONNX's rule: a window that
    /// runs past the trailing pad does not count those positions).
    /// </summary>
    public static void Pool2D<TPool>(PoolArgs p, ArrayView<float> x, ArrayView<float> y)
        where TPool : struct, IPoolOp
    {
        TPool pool = default;
        for (long i = GridStride.Start; i < y.Length; i += GridStride.Step)
        {
            NchwIndex at = NchwIndex.Of(i, p.C, p.OutH, p.OutW);
            (int oh, int ow) = (at.H, at.W);
            long plane = ((long)at.N * p.C + at.C) * p.H * p.W;
            float acc = pool.Identity;
            int valid = 0;
            int padded = 0;
            for (int kh = 0; kh < p.KH; kh++)
            {
                int ih = oh * p.StrideH - p.PadTop + kh * p.DilationH;
                for (int kw = 0; kw < p.KW; kw++)
                {
                    int iw = ow * p.StrideW - p.PadLeft + kw * p.DilationW;
                    if (ih < p.H + p.PadBottom && iw < p.W + p.PadRight)
                    {
                        padded++;
                    }

                    if (ih >= 0 && ih < p.H && iw >= 0 && iw < p.W)
                    {
                        acc = pool.Combine(acc, x[plane + (long)ih * p.W + iw]);
                        valid++;
                    }
                }
            }

            y[i] = pool.Finish(acc, p.CountIncludePad != 0 ? padded : valid);
        }
    }
}

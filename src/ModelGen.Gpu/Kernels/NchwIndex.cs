namespace ModelGen.Gpu.Kernels;

/// <summary>The (n, c, h, w) coordinates of a linear index into a contiguous NCHW tensor.</summary>
internal readonly struct NchwIndex
{
    /// <summary>Batch, channel, row and column.</summary>
    public readonly int N, C, H, W;

    private NchwIndex(int n, int c, int h, int w) => (N, C, H, W) = (n, c, h, w);

    /// <summary>Decomposes <paramref name="linear"/> for a tensor of <paramref name="channels"/> × <paramref name="height"/> × <paramref name="width"/> per image.</summary>
    public static NchwIndex Of(long linear, int channels, int height, int width)
    {
        int w = (int)(linear % width);
        long rest = linear / width;
        int h = (int)(rest % height);
        rest /= height;
        return new NchwIndex((int)(rest / channels), (int)(rest % channels), h, w);
    }
}

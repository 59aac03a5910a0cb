using System;

namespace ModelGen.Gpu.Kernels;

/// <summary>The output-size rule that ONNX Conv and the pooling ops share (floor mode).</summary>
internal static class Window
{
    /// <summary>floor((size + padBegin + padEnd − dilation·(kernel − 1) − 1) / stride) + 1, checked to be ≥ 1.</summary>
    public static int OutputSize(int size, int kernel, int stride, int padBegin, int padEnd, int dilation)
    {
        int span = dilation * (kernel - 1) + 1;
        int padded = size + padBegin + padEnd;
        if (padded < span)
        {
            throw new ArgumentException(
                $"A window of {span} (kernel {kernel}, dilation {dilation}) does not fit an input of {size} padded to {padded}.");
        }

        return (padded - span) / stride + 1;
    }
}

using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>ONNX CausalConvWithState: a stateful causal depthwise 1-D convolution (Mamba, Gated DeltaNet).</summary>
public static class CausalConvWithState
{
    /// <summary>
    /// For every (batch, channel) row, with the padded row p = pastState's k − 1 values (zeros without it) followed
    /// by the input's length values: output[t] = bias + Σⱼ weight[j]·p[t + j] over the k taps, then x·sigmoid(x)
    /// when <paramref name="silu"/>; presentState is p's last k − 1 values. Computes in <typeparamref name="T"/>
    /// (float or double; float16 reaches it widened to float).
    /// </summary>
    /// <param name="input">Input, [batch, channels, length].</param>
    /// <param name="weight">Taps, [channels, 1, kernel].</param>
    /// <param name="bias">Per-channel bias [channels], or empty for none.</param>
    /// <param name="pastState">The carry [batch, channels, kernel − 1], or empty for zeros.</param>
    /// <param name="output">Output, [batch, channels, length].</param>
    /// <param name="presentState">The new carry [batch, channels, kernel − 1], or empty when not wanted.</param>
    /// <param name="batch">Batch size.</param>
    /// <param name="channels">Channels.</param>
    /// <param name="length">Positions of the input.</param>
    /// <param name="kernel">Taps per channel (at least 1).</param>
    /// <param name="silu">Applies SiLU to the convolution's result.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(ReadOnlySpan<T> input, ReadOnlySpan<T> weight, ReadOnlySpan<T> bias, ReadOnlySpan<T> pastState,
        Span<T> output, Span<T> presentState, int batch, int channels, int length, int kernel, bool silu)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (batch < 0 || channels < 0 || length < 0) throw new ArgumentException("Negative CausalConvWithState dimension.");
        if (kernel < 1) throw new ArgumentException("The kernel size must be at least 1.", nameof(kernel));
        int carry = kernel - 1;
        long rows = (long)batch * channels;
        Simd.Need(input.Length, rows * length, nameof(input));
        Simd.Need(output.Length, rows * length, nameof(output));
        Simd.Need(weight.Length, (long)channels * kernel, nameof(weight));
        if (!bias.IsEmpty) Simd.Need(bias.Length, channels, nameof(bias));
        if (!pastState.IsEmpty) Simd.Need(pastState.Length, rows * carry, nameof(pastState));
        if (!presentState.IsEmpty) Simd.Need(presentState.Length, rows * carry, nameof(presentState));
        for (int b = 0; b < batch; b++)
            for (int ch = 0; ch < channels; ch++)
            {
                long row = (long)b * channels + ch;
                var x = input.Slice((int)(row * length), length);
                var past = pastState.IsEmpty ? ReadOnlySpan<T>.Empty : pastState.Slice((int)(row * carry), carry);
                var w = weight.Slice(ch * kernel, kernel);
                var y = output.Slice((int)(row * length), length);
                T b0 = bias.IsEmpty ? T.Zero : bias[ch];
                for (int t = 0; t < length; t++)
                {
                    T sum = T.Zero;
                    // Tap j reads padded position t + j: the carry below k − 1, the input from there on.
                    for (int j = 0; j < kernel; j++)
                    {
                        int p = t + j - carry;
                        T v = p >= 0 ? x[p] : past.IsEmpty ? T.Zero : past[carry + p];
                        sum += w[j] * v;
                    }
                    sum += b0;
                    y[t] = silu ? sum / (T.One + T.Exp(-sum)) : sum;
                }
                if (presentState.IsEmpty) continue;
                var present = presentState.Slice((int)(row * carry), carry);
                // The padded row has carry + length values; keep its last carry of them.
                for (int i = 0; i < carry; i++)
                {
                    int p = length + i - carry;
                    present[i] = p >= 0 ? x[p] : past.IsEmpty ? T.Zero : past[carry + p];
                }
            }
    }
}

using System;
using System.Collections.Generic;

namespace ModelGen.Gpu.Kernels.Pooling;

/// <summary>The geometry of one 2-D NCHW MaxPool or AveragePool, built and checked on the host by <see cref="Create"/>.</summary>
public struct PoolArgs
{
    /// <summary>Batch, channels, input height and width.</summary>
    public int N, C, H, W;

    /// <summary>Output height and width.</summary>
    public int OutH, OutW;

    /// <summary>Window, strides, leading and trailing pads, dilations.</summary>
    public int KH, KW, StrideH, StrideW, PadTop, PadLeft, PadBottom, PadRight, DilationH, DilationW;

    /// <summary>AveragePool's count_include_pad: 1 divides by the window's size within the padded input.</summary>
    public int CountIncludePad;

    /// <summary>
    /// The same pooling over a batch of <paramref name="n"/> images: a generated session builds the geometry once, at
    /// batch 1, and sets the batch of each call here (by value, so a call allocates nothing).
    /// </summary>
    public readonly PoolArgs WithBatch(int n)
    {
        if (n < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "The batch must be at least 1.");
        }

        var copy = this;
        copy.N = n;
        return copy;
    }

    /// <summary>Elements of the output, N·C·OutH·OutW.</summary>
    public readonly long OutputLength => (long)N * C * OutH * OutW;

    /// <summary>Checks a pooling op's attributes (ONNX pads [top, left, bottom, right]) and derives the output size.</summary>
    public static PoolArgs Create(
        int n, int c, int h, int w, int kh, int kw,
        IReadOnlyList<int>? strides = null, IReadOnlyList<int>? pads = null, IReadOnlyList<int>? dilations = null,
        bool countIncludePad = false)
    {
        if (n < 1 || c < 1 || h < 1 || w < 1 || kh < 1 || kw < 1)
        {
            throw new ArgumentException($"Pool dims must be at least 1 (N={n}, C={c}, H={h}, W={w}, window {kh}×{kw}).");
        }

        int[] s = strides is null ? [1, 1] : [.. strides];
        int[] d = dilations is null ? [1, 1] : [.. dilations];
        int[] p = pads is null ? new int[4] : [.. pads];
        if (s.Length != 2 || d.Length != 2 || p.Length != 4 || s[0] < 1 || s[1] < 1 || d[0] < 1 || d[1] < 1 || Array.Exists(p, x => x < 0))
        {
            throw new ArgumentException("Pooling needs two strides and two dilations of at least 1 and four non-negative pads.");
        }

        if (p[0] >= kh || p[2] >= kh || p[1] >= kw || p[3] >= kw)
        {
            // ONNX requires pads smaller than the window, so no window lies wholly in padding (an empty max).
            throw new ArgumentException($"Pads [{string.Join(", ", p)}] must be smaller than the window {kh}×{kw}.", nameof(pads));
        }

        return new PoolArgs
        {
            N = n, C = c, H = h, W = w, KH = kh, KW = kw,
            OutH = Window.OutputSize(h, kh, s[0], p[0], p[2], d[0]),
            OutW = Window.OutputSize(w, kw, s[1], p[1], p[3], d[1]),
            StrideH = s[0], StrideW = s[1], PadTop = p[0], PadLeft = p[1], PadBottom = p[2], PadRight = p[3],
            DilationH = d[0], DilationW = d[1], CountIncludePad = countIncludePad ? 1 : 0,
        };
    }
}

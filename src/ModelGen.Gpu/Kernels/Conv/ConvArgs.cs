using System;
using System.Collections.Generic;

namespace ModelGen.Gpu.Kernels.Conv;

/// <summary>
/// The geometry of one 2-D NCHW convolution (ONNX Conv), passed to the convolution kernels by value. Built and
/// checked on the host by <see cref="Create"/>; the kernels trust it.
/// </summary>
public struct ConvArgs
{
    /// <summary>Batch, input channels, input height and width.</summary>
    public int N, C, H, W;

    /// <summary>Output channels, output height and width.</summary>
    public int M, OutH, OutW;

    /// <summary>Kernel height and width.</summary>
    public int KH, KW;

    /// <summary>Strides.</summary>
    public int StrideH, StrideW;

    /// <summary>Leading pads (the trailing pads only shape OutH and OutW).</summary>
    public int PadTop, PadLeft;

    /// <summary>Dilations.</summary>
    public int DilationH, DilationW;

    /// <summary>Channel groups (C for a depthwise convolution).</summary>
    public int Groups;

    /// <summary>1 when a per-output-channel bias is added.</summary>
    public int HasBias;

    /// <summary>Input channels per group.</summary>
    public readonly int GroupC => C / Groups;

    /// <summary>Output channels per group.</summary>
    public readonly int GroupM => M / Groups;

    /// <summary>
    /// The same convolution over a batch of <paramref name="n"/> images: a generated session builds the geometry once, at
    /// batch 1, and sets the batch of each call here (by value, so a call allocates nothing).
    /// </summary>
    public readonly ConvArgs WithBatch(int n)
    {
        if (n < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(n), n, "The batch must be at least 1.");
        }

        var copy = this;
        copy.N = n;
        return copy;
    }

    /// <summary>Elements of the output, N·M·OutH·OutW.</summary>
    public readonly long OutputLength => (long)N * M * OutH * OutW;

    /// <summary>
    /// Checks an ONNX Conv's attributes against its input and weight shapes and derives the output size.
    /// <paramref name="pads"/> is ONNX's [top, left, bottom, right].
    /// </summary>
    public static ConvArgs Create(
        int n, int c, int h, int w, int m, int kh, int kw,
        IReadOnlyList<int>? strides = null, IReadOnlyList<int>? pads = null, IReadOnlyList<int>? dilations = null,
        int groups = 1, bool hasBias = false)
    {
        int[] s = Pair(strides, nameof(strides));
        int[] d = Pair(dilations, nameof(dilations));
        int[] p = pads is null ? new int[4] : [.. pads];
        if (p.Length != 4 || Array.Exists(p, x => x < 0))
        {
            throw new ArgumentException("Pads must be four non-negative values [top, left, bottom, right].", nameof(pads));
        }

        if (n < 1 || c < 1 || h < 1 || w < 1 || m < 1 || kh < 1 || kw < 1)
        {
            throw new ArgumentException($"Conv dims must be at least 1 (N={n}, C={c}, H={h}, W={w}, M={m}, kernel {kh}×{kw}).");
        }

        if (groups < 1 || c % groups != 0 || m % groups != 0)
        {
            throw new ArgumentException($"Groups {groups} must divide the input channels {c} and output channels {m}.", nameof(groups));
        }

        int outH = Window.OutputSize(h, kh, s[0], p[0], p[2], d[0]);
        int outW = Window.OutputSize(w, kw, s[1], p[1], p[3], d[1]);
        return new ConvArgs
        {
            N = n, C = c, H = h, W = w, M = m, OutH = outH, OutW = outW, KH = kh, KW = kw,
            StrideH = s[0], StrideW = s[1], PadTop = p[0], PadLeft = p[1], DilationH = d[0], DilationW = d[1],
            Groups = groups, HasBias = hasBias ? 1 : 0,
        };
    }

    private static int[] Pair(IReadOnlyList<int>? values, string parameter)
    {
        int[] pair = values is null ? [1, 1] : [.. values];
        if (pair.Length != 2 || pair[0] < 1 || pair[1] < 1)
        {
            throw new ArgumentException($"{parameter} must be two values of at least 1.", parameter);
        }

        return pair;
    }
}

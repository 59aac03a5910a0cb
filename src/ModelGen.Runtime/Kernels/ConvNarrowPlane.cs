using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using ModelGen.Runtime.Threading;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// The shifted convolution over planes at most one vector wide (mnist-8's second convolution: 8 → 16 channels, 5×5,
/// on 14×14): one output row is one 16-lane vector, 16 output channels are 16 accumulators, and each tap's padded input
/// row is loaded once for all of them. The general path computes the padded width (18 columns per 14-wide row) in
/// panels of 48 columns, so it ran 288 columns where 196 are wanted, and then copied each tile out; here the lanes past
/// the row (2 of 16) are the only waste, and the rows are stored in place with a mask. Each output adds its taps in the
/// general path's order from zero and then its bias, as the GEMM's micro-kernel does in its one 256-deep block, so the
/// bits are the same. AVX-512 only.
/// </summary>
public static partial class Conv
{
    /// <summary>Output channels <see cref="NarrowRow"/> computes together: 16 accumulators.</summary>
    private const int NarrowChannels = 16;

    /// <summary>
    /// Whether the narrow-plane kernel computes this shifted convolution: AVX-512, output channels a multiple of 16,
    /// output rows 12 to 16 wide (a vector, mostly used), dilation 1 across, and a reduction in one 256-deep block.
    /// </summary>
    private static bool IsNarrowPlane(in ShiftedGeometry g) =>
        Avx512F.IsSupported && Vector512.IsHardwareAccelerated && g.OutChannels % NarrowChannels == 0
        && g.OutW >= 12 && g.OutW <= Vector512<float>.Count && g.DW == 1 && g.Depth <= 256;

    /// <summary>One image's output rows, items numbered (channel block)·outH + row, each the 16 channels of one row.</summary>
    private unsafe struct NarrowJob<T, TEpilogue> : IRangeJob where T : unmanaged where TEpilogue : struct, IEpilogue<T>
    {
        public ShiftedGeometry Geometry;
        public int* Offsets;
        public float* W, Bias, Padded, Y, Residual;
        public int ResidualOffset, YLength, ResidualLength;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public readonly void Execute(int start, int end, int part)
        {
            ShiftedGeometry g = Geometry;
            int outSize = g.OutH * g.OutW;
            // Lanes [0, outW) of a row.
            var mask = Vector512.LessThan(Vector512.Create(0f, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), Vector512.Create((float)g.OutW));
            for (int item = start; item < end;)
            {
                int block = item / g.OutH, oc0 = block * NarrowChannels;
                // The rows of this channel block in [start, end): computed, then the epilogue on each channel's run of them.
                int first = item % g.OutH, last = Math.Min(g.OutH, first + (end - item));
                for (int oh = first; oh < last; oh++)
                    NarrowRow(Padded + (nint)oh * g.Wp, Offsets, g.Depth, W + (nint)oc0 * g.Depth, Bias == null ? null : Bias + oc0,
                        Y + (nint)oc0 * outSize + (nint)oh * g.OutW, outSize, mask);
                if (!TEpilogue.IsIdentity)
                {
                    var y = new Span<T>(Y - ResidualOffset, YLength);
                    var residual = new ReadOnlySpan<T>(Residual, ResidualLength);
                    for (int c = 0; c < NarrowChannels; c++)
                        TEpilogue.Apply(y, residual, ResidualOffset + (oc0 + c) * outSize + first * g.OutW, (last - first) * g.OutW);
                }
                item += last - first;
            }
        }
    }

    /// <summary>
    /// One output row of 16 channels: y[c·outSize + j] for the lanes j the mask keeps = bias[c] + Σ_p w[c·depth + p] ·
    /// b[offsets[p] + j], b the padded planes at the row's first position. A vector load may run a few floats past the
    /// padded row (into the next row, or the planes' slack); those lanes are masked off.
    /// </summary>
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void NarrowRow(float* b, int* offsets, int depth, float* w, float* bias, float* y, int outSize, Vector512<float> mask)
    {
        Vector512<float> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default, c6 = default, c7 = default, c8 = default, c9 = default, c10 = default, c11 = default, c12 = default, c13 = default, c14 = default, c15 = default;
        nint d1 = depth, d2 = 2 * (nint)depth, d3 = 3 * (nint)depth;
        float* w0 = w, w4 = w + 4 * d1, w8 = w + 8 * d1, w12 = w + 12 * d1;
        for (int p = 0; p < depth; p++)
        {
            var v = Vector512.Load(b + offsets[p]);
            c0 = F512.MulAdd(Vector512.Create(w0[p]), v, c0);
            c1 = F512.MulAdd(Vector512.Create(w0[p + d1]), v, c1);
            c2 = F512.MulAdd(Vector512.Create(w0[p + d2]), v, c2);
            c3 = F512.MulAdd(Vector512.Create(w0[p + d3]), v, c3);
            c4 = F512.MulAdd(Vector512.Create(w4[p]), v, c4);
            c5 = F512.MulAdd(Vector512.Create(w4[p + d1]), v, c5);
            c6 = F512.MulAdd(Vector512.Create(w4[p + d2]), v, c6);
            c7 = F512.MulAdd(Vector512.Create(w4[p + d3]), v, c7);
            c8 = F512.MulAdd(Vector512.Create(w8[p]), v, c8);
            c9 = F512.MulAdd(Vector512.Create(w8[p + d1]), v, c9);
            c10 = F512.MulAdd(Vector512.Create(w8[p + d2]), v, c10);
            c11 = F512.MulAdd(Vector512.Create(w8[p + d3]), v, c11);
            c12 = F512.MulAdd(Vector512.Create(w12[p]), v, c12);
            c13 = F512.MulAdd(Vector512.Create(w12[p + d1]), v, c13);
            c14 = F512.MulAdd(Vector512.Create(w12[p + d2]), v, c14);
            c15 = F512.MulAdd(Vector512.Create(w12[p + d3]), v, c15);
        }
        Avx512F.MaskStore(y + 0 * (nint)outSize, mask, bias == null ? c0 : c0 + Vector512.Create(bias[0]));
        Avx512F.MaskStore(y + 1 * (nint)outSize, mask, bias == null ? c1 : c1 + Vector512.Create(bias[1]));
        Avx512F.MaskStore(y + 2 * (nint)outSize, mask, bias == null ? c2 : c2 + Vector512.Create(bias[2]));
        Avx512F.MaskStore(y + 3 * (nint)outSize, mask, bias == null ? c3 : c3 + Vector512.Create(bias[3]));
        Avx512F.MaskStore(y + 4 * (nint)outSize, mask, bias == null ? c4 : c4 + Vector512.Create(bias[4]));
        Avx512F.MaskStore(y + 5 * (nint)outSize, mask, bias == null ? c5 : c5 + Vector512.Create(bias[5]));
        Avx512F.MaskStore(y + 6 * (nint)outSize, mask, bias == null ? c6 : c6 + Vector512.Create(bias[6]));
        Avx512F.MaskStore(y + 7 * (nint)outSize, mask, bias == null ? c7 : c7 + Vector512.Create(bias[7]));
        Avx512F.MaskStore(y + 8 * (nint)outSize, mask, bias == null ? c8 : c8 + Vector512.Create(bias[8]));
        Avx512F.MaskStore(y + 9 * (nint)outSize, mask, bias == null ? c9 : c9 + Vector512.Create(bias[9]));
        Avx512F.MaskStore(y + 10 * (nint)outSize, mask, bias == null ? c10 : c10 + Vector512.Create(bias[10]));
        Avx512F.MaskStore(y + 11 * (nint)outSize, mask, bias == null ? c11 : c11 + Vector512.Create(bias[11]));
        Avx512F.MaskStore(y + 12 * (nint)outSize, mask, bias == null ? c12 : c12 + Vector512.Create(bias[12]));
        Avx512F.MaskStore(y + 13 * (nint)outSize, mask, bias == null ? c13 : c13 + Vector512.Create(bias[13]));
        Avx512F.MaskStore(y + 14 * (nint)outSize, mask, bias == null ? c14 : c14 + Vector512.Create(bias[14]));
        Avx512F.MaskStore(y + 15 * (nint)outSize, mask, bias == null ? c15 : c15 + Vector512.Create(bias[15]));
    }
}

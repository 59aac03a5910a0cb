using System;
using System.Collections.Generic;
using System.Linq;
using System.Numerics;
using ModelGen.Runtime.Kernels;
using Xunit;
using static ModelGen.Tests.Runtime.Kernels.KernelTestUtil;

namespace ModelGen.Tests.Runtime.Kernels;

public class ConvTests
{
    /// <summary>One Conv configuration; end pads are given so the output size follows the ONNX formula.</summary>
    public sealed record Case(int Batch, int InC, int OutC, int Group, int[] In, int[] Kernel, int[] Strides, int[] Dilations,
        int[] PadsBegin, int[] PadsEnd, bool Bias = true)
    {
        public int[] Out
        {
            get
            {
                var o = new int[In.Length];
                for (int d = 0; d < In.Length; d++)
                    o[d] = (In[d] + PadsBegin[d] + PadsEnd[d] - ((Kernel[d] - 1) * Dilations[d] + 1)) / Strides[d] + 1;
                return o;
            }
        }

        public override string ToString() =>
            $"N{Batch} C{InC}->{OutC} g{Group} in[{string.Join(",", In)}] k[{string.Join(",", Kernel)}] s[{string.Join(",", Strides)}] d[{string.Join(",", Dilations)}] p[{string.Join(",", PadsBegin)}|{string.Join(",", PadsEnd)}] bias={Bias}";
    }

    /// <summary>Naive N-D convolution straight from the definition.</summary>
    internal static double[] Reference(Case c, double[] x, double[] w, double[] bias)
    {
        int[] outS = c.Out;
        int inSize = Product(c.In), outSize = Product(outS), kSize = Product(c.Kernel);
        int cinG = c.InC / c.Group, coutG = c.OutC / c.Group;
        var y = new double[c.Batch * c.OutC * outSize];
        for (int b = 0; b < c.Batch; b++)
            for (int oc = 0; oc < c.OutC; oc++)
            {
                int g = oc / coutG;
                for (int op = 0; op < outSize; op++)
                {
                    int[] o = Unravel(op, outS);
                    double s = c.Bias ? bias[oc] : 0;
                    for (int icg = 0; icg < cinG; icg++)
                        for (int t = 0; t < kSize; t++)
                        {
                            int[] kk = Unravel(t, c.Kernel);
                            int xo = 0;
                            bool inside = true;
                            for (int d = 0; d < c.In.Length; d++)
                            {
                                int i = o[d] * c.Strides[d] - c.PadsBegin[d] + kk[d] * c.Dilations[d];
                                if (i < 0 || i >= c.In[d]) { inside = false; break; }
                                xo = xo * c.In[d] + i;
                            }
                            if (!inside) continue;
                            int ic = g * cinG + icg;
                            s += x[(b * c.InC + ic) * inSize + xo] * w[(oc * cinG + icg) * kSize + t];
                        }
                    y[(b * c.OutC + oc) * outSize + op] = s;
                }
            }
        return y;
    }

    public static TheoryData<Case> Cases => new()
    {
        // 1-D: groups, stride, dilation, asymmetric pads
        new Case(2, 4, 6, 2, new[] { 17 }, new[] { 3 }, new[] { 2 }, new[] { 2 }, new[] { 1 }, new[] { 2 }),
        new Case(1, 3, 5, 1, new[] { 65 }, new[] { 7 }, new[] { 1 }, new[] { 1 }, new[] { 3 }, new[] { 3 }, Bias: false),
        // 2-D
        new Case(1, 3, 8, 1, new[] { 17, 13 }, new[] { 3, 3 }, new[] { 1, 2 }, new[] { 1, 1 }, new[] { 1, 0 }, new[] { 2, 1 }),
        new Case(2, 5, 7, 1, new[] { 33, 20 }, new[] { 3, 3 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 1, 1 }), // several column tiles
        new Case(1, 6, 9, 3, new[] { 11, 9 }, new[] { 3, 2 }, new[] { 2, 1 }, new[] { 2, 1 }, new[] { 2, 0 }, new[] { 0, 1 }),
        new Case(1, 2, 3, 1, new[] { 7, 7 }, new[] { 7, 7 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 0, 0 }, new[] { 0, 0 }),   // one output
        new Case(1, 4, 33, 1, new[] { 5, 5 }, new[] { 2, 2 }, new[] { 3, 3 }, new[] { 1, 1 }, new[] { 4, 4 }, new[] { 4, 4 }),  // windows fully in padding
        // Depthwise 3×3 on a plane of 100×110 (its padded copy, 11,200 floats, is past the old 8,192 limit).
        new Case(1, 3, 3, 3, new[] { 100, 110 }, new[] { 3, 3 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 1, 1 }),
        // 3-D
        new Case(1, 4, 6, 2, new[] { 7, 6, 5 }, new[] { 3, 2, 3 }, new[] { 2, 1, 1 }, new[] { 1, 2, 1 }, new[] { 1, 0, 2 }, new[] { 0, 1, 1 }),
        new Case(2, 3, 4, 1, new[] { 5, 5, 5 }, new[] { 3, 3, 3 }, new[] { 1, 1, 1 }, new[] { 1, 1, 1 }, new[] { 1, 1, 1 }, new[] { 1, 1, 1 }, Bias: false),
        // depthwise (group == inChannels == outChannels), including channel multiplier and stride-1 SIMD rows
        new Case(2, 7, 7, 7, new[] { 17, 33 }, new[] { 3, 3 }, new[] { 2, 2 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 1, 1 }),
        new Case(1, 5, 5, 5, new[] { 17, 65 }, new[] { 3, 5 }, new[] { 1, 1 }, new[] { 2, 1 }, new[] { 2, 2 }, new[] { 2, 1 }),
        new Case(1, 3, 6, 3, new[] { 9, 9 }, new[] { 3, 3 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 0, 1 }, new[] { 1, 0 }),
        new Case(1, 4, 4, 4, new[] { 33 }, new[] { 5 }, new[] { 1 }, new[] { 3 }, new[] { 6 }, new[] { 6 }, Bias: false),
        new Case(1, 2, 2, 2, new[] { 4, 5, 6 }, new[] { 3, 3, 3 }, new[] { 1, 2, 1 }, new[] { 1, 1, 2 }, new[] { 1, 1, 2 }, new[] { 1, 0, 2 }),
        new Case(1, 3, 3, 3, new[] { 4, 70 }, new[] { 2, 9 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 0, 4 }, new[] { 1, 4 }), // long SIMD interior
        new Case(1, 2, 2, 2, new[] { 3, 4 }, new[] { 3, 5 }, new[] { 1, 1 }, new[] { 1, 2 }, new[] { 1, 5 }, new[] { 1, 5 }),  // no interior at all
        new Case(1, 3, 3, 3, new[] { 9, 20 }, new[] { 3, 3 }, new[] { 2, 3 }, new[] { 1, 2 }, new[] { 1, 2 }, new[] { 0, 1 }), // strided interior
        // 3×3 stride-1 depthwise planes (Conv.SquarePlane): interiors of 38 (two 16-wide vectors and an overlapping third),
        // 18 unpadded, 7 (a 4-wide vector and an overlapping one), 1 (scalar only); a multiplier of 2; no bias
        new Case(2, 3, 3, 3, new[] { 5, 40 }, new[] { 3, 3 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 1, 1 }),
        new Case(1, 2, 4, 2, new[] { 6, 20 }, new[] { 3, 3 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 0, 0 }, new[] { 0, 0 }),
        new Case(1, 4, 4, 4, new[] { 12, 7 }, new[] { 3, 3 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 1, 1 }, Bias: false),
        new Case(1, 2, 2, 2, new[] { 3, 3 }, new[] { 3, 3 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 1, 1 }),
        // the same planes read in place, their padding column made in registers (ConvSquarePlaneEdges): 17 wide (a left
        // and a right 16-wide vector, overlapping), 32 (two vectors, none between), 16 and 9 (8-wide vectors), a multiplier
        // of 2, odd row counts (a last single row) and two batches
        new Case(1, 2, 2, 2, new[] { 7, 17 }, new[] { 3, 3 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 1, 1 }),
        new Case(1, 3, 3, 3, new[] { 6, 32 }, new[] { 3, 3 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 1, 1 }, Bias: false),
        new Case(2, 2, 2, 2, new[] { 3, 16 }, new[] { 3, 3 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 1, 1 }),
        new Case(1, 2, 4, 2, new[] { 5, 9 }, new[] { 3, 3 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 1, 1 }),
        // other square kernels through the same planes (the tap loop): 5×5 with an interior of 2 (scalar only) and of 20, 7×7 asymmetric pads
        new Case(1, 2, 2, 2, new[] { 9, 6 }, new[] { 5, 5 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 2, 2 }, new[] { 2, 2 }),
        new Case(1, 1, 3, 1, new[] { 8, 24 }, new[] { 5, 5 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 2, 2 }, new[] { 2, 2 }),
        new Case(1, 2, 2, 2, new[] { 10, 30 }, new[] { 7, 7 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 3, 1 }, new[] { 2, 3 }, Bias: false),
        // stride-2 planes (even-element loads, Stride2): ultraface's 3×3 downsampling at 160 columns (16-wide vectors, an
        // overlapping last one, the scalar right edge where a vector load would pass the row), an odd 37-wide row, no
        // padding at all, 5×5 and 7×7 with asymmetric pads, and a multiplier of 2
        new Case(1, 3, 3, 3, new[] { 8, 160 }, new[] { 3, 3 }, new[] { 2, 2 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 1, 1 }),
        new Case(2, 4, 4, 4, new[] { 9, 37 }, new[] { 3, 3 }, new[] { 2, 2 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 0, 1 }),
        // ... read in place with the padding column in a register (Row3x3Stride2Edges on AVX-512): 16 outputs (one vector,
        // both edges) over two images with a multiplier of 2, and 40 (a last vector moved back), no bottom padding
        new Case(2, 2, 4, 2, new[] { 7, 32 }, new[] { 3, 3 }, new[] { 2, 2 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 1, 1 }),
        new Case(1, 3, 3, 3, new[] { 10, 80 }, new[] { 3, 3 }, new[] { 2, 2 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 0, 1 }, Bias: false),
        new Case(1, 2, 2, 2, new[] { 11, 41 }, new[] { 3, 3 }, new[] { 2, 2 }, new[] { 1, 1 }, new[] { 0, 0 }, new[] { 0, 0 }, Bias: false),
        new Case(1, 2, 4, 2, new[] { 12, 50 }, new[] { 5, 5 }, new[] { 2, 2 }, new[] { 1, 1 }, new[] { 2, 2 }, new[] { 1, 2 }),
        new Case(1, 2, 2, 2, new[] { 9, 45 }, new[] { 7, 7 }, new[] { 2, 2 }, new[] { 1, 1 }, new[] { 3, 2 }, new[] { 2, 3 }),
        // stride-2 rows outside the planes (DirectRow's vector interior): a 3×5 kernel, and 1-D with dilation 2
        new Case(1, 3, 3, 3, new[] { 7, 90 }, new[] { 3, 5 }, new[] { 2, 2 }, new[] { 1, 1 }, new[] { 1, 2 }, new[] { 1, 2 }),
        new Case(1, 2, 2, 2, new[] { 81 }, new[] { 3 }, new[] { 2 }, new[] { 2 }, new[] { 2 }, new[] { 1 }),
        // one input channel, ungrouped (direct path too)
        new Case(2, 1, 5, 1, new[] { 13, 11 }, new[] { 5, 5 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 2, 2 }, new[] { 2, 2 }),
        // mnist-8's two convolutions: 28-wide rows (an interior of 16 + 8 vectors), then 8 -> 16 channels through im2col
        new Case(1, 1, 8, 1, new[] { 28, 28 }, new[] { 5, 5 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 2, 2 }, new[] { 2, 2 }),
        new Case(1, 8, 16, 1, new[] { 14, 14 }, new[] { 5, 5 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 2, 2 }, new[] { 2, 2 }),
        // dilated stride-1 convolutions with one group (ultraface's RFB branches; im2col and the shifted-input GEMM),
        // a 3×5 kernel dilated (1, 2) with asymmetric pads, and end padding larger than the begin padding
        new Case(1, 4, 5, 1, new[] { 12, 20 }, new[] { 3, 3 }, new[] { 1, 1 }, new[] { 2, 3 }, new[] { 2, 3 }, new[] { 2, 3 }),
        new Case(2, 3, 7, 1, new[] { 9, 17 }, new[] { 3, 5 }, new[] { 1, 1 }, new[] { 1, 2 }, new[] { 0, 4 }, new[] { 2, 3 }),
        new Case(1, 6, 4, 1, new[] { 6, 6 }, new[] { 3, 3 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 0, 1 }, new[] { 2, 3 }, Bias: false),
        // pointwise with 8 and 16 output channels (narrow GEMMs) over 20 positions
        new Case(1, 3, 8, 1, new[] { 4, 5 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 0, 0 }, new[] { 0, 0 }),
        new Case(1, 5, 16, 1, new[] { 16 }, new[] { 1 }, new[] { 1 }, new[] { 1 }, new[] { 0 }, new[] { 0 }),
        // pointwise 1×1 (GEMM straight on x), with and without groups
        new Case(2, 17, 33, 1, new[] { 7, 9 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 0, 0 }, new[] { 0, 0 }),
        new Case(1, 6, 4, 2, new[] { 65 }, new[] { 1 }, new[] { 1 }, new[] { 1 }, new[] { 0 }, new[] { 0 }, Bias: false),
        // planes one vector wide through the shifted path (ConvNarrowPlane on AVX-512): 16 columns and two channel blocks,
        // two images, no bias; 12 columns with a row dilation of 2
        new Case(2, 3, 32, 1, new[] { 6, 16 }, new[] { 3, 3 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 1, 1 }, Bias: false),
        new Case(1, 5, 16, 1, new[] { 9, 14 }, new[] { 3, 3 }, new[] { 1, 1 }, new[] { 2, 1 }, new[] { 1, 0 }, new[] { 1, 0 }),
        // RGB stems, 3×3 at stride 2 (ConvStemStride2 on AVX-512): 3 → 16 with 32 output columns (one step, both edges),
        // 1 → 8 over 40 columns (a last step moved back) with no end padding, two images, no bias
        new Case(1, 3, 16, 1, new[] { 9, 64 }, new[] { 3, 3 }, new[] { 2, 2 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 1, 1 }),
        new Case(2, 1, 8, 1, new[] { 10, 80 }, new[] { 3, 3 }, new[] { 2, 2 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 0, 0 }, Bias: false),
        new Case(1, 4, 24, 1, new[] { 6, 100 }, new[] { 3, 3 }, new[] { 2, 2 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 1, 1 }),
        // 1×1 with stride: not pointwise, goes through im2col
        new Case(1, 3, 4, 1, new[] { 9, 9 }, new[] { 1, 1 }, new[] { 2, 2 }, new[] { 1, 1 }, new[] { 0, 0 }, new[] { 0, 0 }),
    };

    /// <summary>Scratch for <see cref="Conv.Im2ColGemm{T}"/> as the compiler sizes it: the rows of one group times a column tile.</summary>
    private static int ColumnTile(Case c) => Math.Min(Product(c.Out), 256);

    private static int ScratchLength(Case c) => c.InC / c.Group * Product(c.Kernel) * ColumnTile(c);

    /// <summary>The cases <see cref="Conv.Shifted{T}"/> computes: 2-D, group 1, stride 1.</summary>
    private static bool TakesShifted(Case c) => c.In.Length == 2 && c.Group == 1 && c.Strides.All(v => v == 1);

    private static bool IsPointwise(Case c) =>
        c.Kernel.All(k => k == 1) && c.Strides.All(v => v == 1) && c.PadsBegin.All(p => p == 0) && c.Out.SequenceEqual(c.In);

    /// <summary>
    /// Every algorithm that applies to the case: im2col + GEMM always, the direct loop for one input channel per group,
    /// the pointwise GEMM for 1×1 stride-1 unpadded convs. Each gets a fresh output pre-filled with NaN, so stale
    /// output can never pass for a result.
    /// </summary>
    private static IEnumerable<(string Algorithm, T[] Y)> RunAll<T>(Case c, T[] x, T[] w, T[] bias, T stale) where T : unmanaged, INumber<T>
    {
        int n = c.Batch * c.OutC * Product(c.Out);
        ReadOnlySpan<T> b = c.Bias ? bias : ReadOnlySpan<T>.Empty;
        var y = New(n, stale);
        Conv.Im2ColGemm<T>(x, w, b, y, new T[ScratchLength(c)], ColumnTile(c), c.Batch, c.InC, c.OutC, c.Group, c.In, c.Kernel, c.Out, c.Strides, c.Dilations, c.PadsBegin);
        var results = new List<(string, T[])> { ("im2col_gemm", y) };
        if (c.InC != c.Group)
        {
            // The channels-last twins (conv-channels-last), read back channels-first; a small tile so that several tiles run.
            int tile = Math.Min(7, Product(c.Out));
            var yl = New(n, stale);
            Conv.Im2ColGemmChannelsLast<T>(x, w, b, yl, new T[c.InC / c.Group * Product(c.Kernel) * tile], new T[c.OutC / c.Group * tile], tile,
                c.Batch, c.InC, c.OutC, c.Group, c.In, c.Kernel, c.Out, c.Strides, c.Dilations, c.PadsBegin);
            results.Add(("im2col_gemm_channels_last", ChannelsFirst(yl, c.Batch, c.OutC, Product(c.Out))));
            if (IsPointwise(c))
            {
                var pl = New(n, stale);
                Conv.PointwiseChannelsLast<T>(x, w, b, pl, new T[c.OutC / c.Group * tile], tile, c.Batch, c.InC, c.OutC, c.Group, Product(c.In));
                results.Add(("pointwise_channels_last", ChannelsFirst(pl, c.Batch, c.OutC, Product(c.In))));
            }
        }
        if (c.InC == c.Group)
        {
            var d = New(n, stale);
            Conv.Direct<T>(x, w, b, d, c.Batch, c.InC, c.OutC, c.In, c.Kernel, c.Out, c.Strides, c.Dilations, c.PadsBegin);
            results.Add(("direct", d));
        }
        if (IsPointwise(c))
        {
            var p = New(n, stale);
            Conv.Pointwise<T>(x, w, b, p, c.Batch, c.InC, c.OutC, c.Group, Product(c.In));
            results.Add(("pointwise", p));
        }
        if (TakesShifted(c) && typeof(T) == typeof(float))
        {
            // The shifted-input GEMM: one output row per tile (many tiles, a ragged last panel in each) and all rows in one.
            foreach (int tileRows in new[] { 1, c.Out[0] })
            {
                int hp = c.Out[0] + (c.Kernel[0] - 1) * c.Dilations[0], wp = c.Out[1] + (c.Kernel[1] - 1) * c.Dilations[1];
                var s = New(n, stale);
                Conv.Shifted<T>(x, w, b, s, new T[c.InC * hp * wp + Conv.ShiftedSlack], new T[c.OutC * tileRows * wp], tileRows,
                    c.Batch, c.InC, c.OutC, c.In, c.Kernel, c.Out, c.Strides, c.Dilations, c.PadsBegin);
                results.Add(("shifted, " + tileRows + " rows per tile", s));
            }
        }
        return results;
    }

    /// <summary>y[b, p, c] -> y[b, c, p].</summary>
    private static T[] ChannelsFirst<T>(T[] y, int batch, int channels, int positions)
    {
        var r = new T[y.Length];
        for (int b = 0; b < batch; b++)
            for (int p = 0; p < positions; p++)
                for (int c = 0; c < channels; c++)
                    r[(b * channels + c) * positions + p] = y[(b * positions + p) * channels + c];
        return r;
    }

    private static T[] New<T>(int n, T fill)
    {
        var a = new T[n];
        Array.Fill(a, fill);
        return a;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void FloatMatchesReference(Case c)
    {
        float[] x = RandomFloats(c.Batch * c.InC * Product(c.In), 1);
        float[] w = RandomFloats(c.OutC * (c.InC / c.Group) * Product(c.Kernel), 2);
        float[] bias = RandomFloats(c.OutC, 3);
        var expected = Reference(c, ToDouble(x), ToDouble(w), ToDouble(bias));
        foreach (var (algorithm, y) in RunAll(c, x, w, bias, float.NaN))
        {
            Assert.True(y.All(v => !float.IsNaN(v)), algorithm + " left outputs unwritten");
            AssertClose(expected, y);
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void DoubleMatchesReference(Case c)
    {
        double[] x = RandomDoubles(c.Batch * c.InC * Product(c.In), 4);
        double[] w = RandomDoubles(c.OutC * (c.InC / c.Group) * Product(c.Kernel), 5);
        double[] bias = RandomDoubles(c.OutC, 6);
        var expected = Reference(c, x, w, bias);
        foreach (var (_, y) in RunAll(c, x, w, bias, double.NaN)) AssertClose(expected, y);
    }

    [Fact]
    public void IntConv()
    {
        var c = new Case(1, 4, 2, 2, new[] { 6, 5 }, new[] { 2, 3 }, new[] { 1, 2 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 0, 1 });
        int[] x = RandomInts(c.InC * Product(c.In), 7), w = RandomInts(c.OutC * 2 * Product(c.Kernel), 8), bias = { 5, -3 };
        double[] expected = Reference(c, Array.ConvertAll(x, v => (double)v), Array.ConvertAll(w, v => (double)v), new double[] { 5, -3 });
        foreach (var (_, y) in RunAll(c, x, w, bias, int.MinValue)) Assert.Equal(Array.ConvertAll(expected, v => (int)v), y);
    }

    [Fact]
    public void HalfConv()
    {
        var c = new Case(1, 2, 2, 1, new[] { 4, 4 }, new[] { 3, 3 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 1, 1 });
        float[] x = RandomFloats(2 * 16, 1), w = RandomFloats(2 * 2 * 9, 2), bias = RandomFloats(2, 3);
        double[] expected = Reference(c, ToDouble(x), ToDouble(w), ToDouble(bias));
        foreach (var (_, y) in RunAll(c, Array.ConvertAll(x, v => (Half)v), Array.ConvertAll(w, v => (Half)v), Array.ConvertAll(bias, v => (Half)v), Half.NaN))
            for (int i = 0; i < y.Length; i++) Assert.True(Math.Abs(expected[i] - (double)y[i]) < 0.03, $"[{i}] {expected[i]} vs {y[i]}");
    }

    [Fact]
    public void SmallColumnTilesGiveTheSameResult()
    {
        // The tile only splits the work: any tile from 1 up must produce the reference.
        var c = new Case(1, 3, 4, 1, new[] { 7, 6 }, new[] { 3, 3 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 1, 1 });
        float[] x = RandomFloats(3 * 42, 1), w = RandomFloats(4 * 27, 2), bias = RandomFloats(4, 3);
        var expected = Reference(c, ToDouble(x), ToDouble(w), ToDouble(bias));
        foreach (int tile in new[] { 1, 5, 42 })
        {
            var y = New(4 * 42, float.NaN);
            Conv.Im2ColGemm<float>(x, w, bias, y, new float[27 * tile], tile, 1, 3, 4, 1, c.In, c.Kernel, c.Out, c.Strides, c.Dilations, c.PadsBegin);
            AssertClose(expected, y);
        }
    }

    [Fact]
    public void ShortSpansThrow()
    {
        var c = new Case(1, 3, 4, 1, new[] { 8, 8 }, new[] { 3, 3 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 1, 1 }, new[] { 1, 1 });
        int[] outS = c.Out;
        int scratch = ScratchLength(c), tile = ColumnTile(c);
        Assert.Throws<ArgumentException>(() => Conv.Im2ColGemm<float>(new float[3 * 64], new float[4 * 27], ReadOnlySpan<float>.Empty, new float[4 * 64],
            new float[scratch - 1], tile, 1, 3, 4, 1, c.In, c.Kernel, outS, c.Strides, c.Dilations, c.PadsBegin));
        Assert.Throws<ArgumentException>(() => Conv.Im2ColGemm<float>(new float[3 * 64 - 1], new float[4 * 27], ReadOnlySpan<float>.Empty, new float[4 * 64],
            new float[scratch], tile, 1, 3, 4, 1, c.In, c.Kernel, outS, c.Strides, c.Dilations, c.PadsBegin));
        Assert.Throws<ArgumentException>(() => Conv.Im2ColGemm<float>(new float[3 * 64], new float[4 * 27], new float[3], new float[4 * 64],
            new float[scratch], tile, 1, 3, 4, 1, c.In, c.Kernel, outS, c.Strides, c.Dilations, c.PadsBegin));
        Assert.Throws<ArgumentException>(() => Conv.Pointwise<float>(new float[3 * 64], new float[4 * 3], ReadOnlySpan<float>.Empty, new float[4 * 64 - 1], 1, 3, 4, 1, 64));
        Assert.Throws<ArgumentException>(() => Conv.Direct<float>(new float[3 * 64], new float[3 * 9], ReadOnlySpan<float>.Empty, new float[3 * 64 - 1], 1, 3, 3,
            c.In, c.Kernel, outS, c.Strides, c.Dilations, c.PadsBegin));
    }
}

using System;
using System.Linq;
using ModelGen.Runtime.Kernels;
using ModelGen.Runtime.Threading;
using Xunit;
using static ModelGen.Tests.Runtime.Kernels.KernelTestUtil;

namespace ModelGen.Tests.Runtime.Kernels;

/// <summary>
/// The kernels that share their work out (Gemm, MatMul, Conv): with 2 and 4 threads the output is bit-identical to
/// the single-thread output, which matches a double-precision reference. Shapes are large enough for every budget
/// to split (work over <see cref="ParallelRange.MinWorkPerPart"/> per part); the budgets ignore this machine's core
/// count (a test-only cap), so 4 parts run even on a 2-core box.
/// </summary>
public sealed class ThreadedKernelTests
{
    private static readonly int[] s_threads = { 2, 3, 4 };

    private delegate void Kernel(float[] y, ParallelRange? threads);

    /// <summary>Runs the kernel single-threaded, then with each budget; returns the single-thread output after checking the others equal it bit for bit.</summary>
    private static float[] SameBitsForEveryBudget(int length, Kernel kernel)
    {
        var single = Enumerable.Repeat(float.NaN, length).ToArray();
        kernel(single, null);
        Assert.DoesNotContain(single, float.IsNaN);
        foreach (int t in s_threads)
        {
            var range = new ParallelRange(t, processorCap: 4);
            // Twice: the second call reuses the helpers and scratch the first one left.
            for (int call = 0; call < 2; call++)
            {
                var y = Enumerable.Repeat(float.NaN, length).ToArray();
                kernel(y, range);
                for (int i = 0; i < length; i++)
                    if (BitConverter.SingleToInt32Bits(y[i]) != BitConverter.SingleToInt32Bits(single[i]))
                        Assert.Fail(t + " threads: element " + i + " is " + y[i].ToString("R") + ", one thread gave " + single[i].ToString("R"));
            }
        }
        return single;
    }

    private static double[] MatrixProduct(float[] a, float[] b, int m, int n, int k, bool transB, float[]? biasRow)
    {
        var y = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = biasRow == null ? 0 : biasRow[j];
                for (int p = 0; p < k; p++) s += (double)a[i * k + p] * (transB ? b[j * k + p] : b[p * n + j]);
                y[i * n + j] = s;
            }
        return y;
    }

    [Theory]
    [InlineData(130, 97, 101, false)] // the blocked kernel, ragged tiles on both edges
    [InlineData(130, 97, 101, true)]  // B stored transposed
    [InlineData(150, 530, 300, false)] // n >= 512: the AVX-512 kernel over packed A, rows split into 12-row tiles
    [InlineData(150, 530, 300, true)]
    [InlineData(3, 4000, 300, false)] // three rows: the thin kernel
    [InlineData(5000, 2, 150, true)]  // two columns: dot products per row
    public void Gemm_gives_the_same_bits_for_every_thread_count(int m, int n, int k, bool transB)
    {
        var a = RandomFloats(m * k, 1);
        var b = RandomFloats(k * n, 2);
        var c = RandomFloats(n, 3);
        var y = SameBitsForEveryBudget(m * n, (y, t) => Gemm.Run<float>(a, b, c, y, m, n, k, false, transB, 1f, 1f, 0, 1, t));
        AssertClose(MatrixProduct(a, b, m, n, k, transB, c), y);
    }

    [Fact]
    public void Blocked_attention_gives_the_same_bits_for_every_thread_count()
    {
        // Grouped heads (4 query heads over 2 key/value heads), 100 queries (a block of 64 and one of 36), causal.
        const int batch = 2, qHeads = 4, kvHeads = 2, qSeq = 100, kvSeq = 100, head = 16;
        var q = RandomFloats(batch * qHeads * qSeq * head, 11);
        var k = RandomFloats(batch * kvHeads * kvSeq * head, 12);
        var v = RandomFloats(batch * kvHeads * kvSeq * head, 13);
        var scores = new float[Attention.BlockRows * kvSeq];
        SameBitsForEveryBudget(batch * qHeads * qSeq * head, (y, t) => Attention.Run<float>(q, k, v, default, default, default, default, default,
            y, default, default, default, scores, batch, qHeads, kvHeads, qSeq, kvSeq, 0, head, head, false, Attention.NoMask, 0, default,
            false, 0f, 0f, true, -1, -1, 0, false, t));
    }

    [Fact]
    public void Gemm_with_a_fused_epilogue_gives_the_same_bits_for_every_thread_count()
    {
        const int m = 200, n = 64, k = 96;
        var a = RandomFloats(m * k, 4);
        var b = RandomFloats(k * n, 5);
        var y = SameBitsForEveryBudget(m * n, (y, t) => Gemm.Run<float, Epilogue1V<ReluF, float>>(a, b, default, default, y, m, n, k, false, false, 1f, 0f, 0, 0, t));
        AssertClose(MatrixProduct(a, b, m, n, k, false, null).Select(v => Math.Max(v, 0)).ToArray(), y);
    }

    [Theory]
    [InlineData(true)]  // one B for every batch: one tall product, split by rows
    [InlineData(false)] // a B per batch: whole matrices to each thread
    public void Batched_MatMul_gives_the_same_bits_for_every_thread_count(bool sharedB)
    {
        const int batches = 12, m = 40, n = 48, k = 64;
        var a = RandomFloats(batches * m * k, 6);
        var b = RandomFloats((sharedB ? 1 : batches) * k * n, 7);
        int[] shape = { 3, 4 }, aStrides = { 4 * m * k, m * k }, bStrides = sharedB ? new[] { 0, 0 } : new[] { 4 * k * n, k * n };
        var y = SameBitsForEveryBudget(batches * m * n, (y, t) => MatMul.Run<float>(a, b, y, shape, aStrides, bStrides, m, n, k, t));
        for (int bi = 0; bi < batches; bi++)
        {
            var expected = MatrixProduct(a.AsSpan(bi * m * k, m * k).ToArray(), b.AsSpan(sharedB ? 0 : bi * k * n, k * n).ToArray(), m, n, k, false, null);
            AssertClose(expected, y.AsSpan(bi * m * n, m * n));
        }
    }

    /// <summary>2-D convolution from the definition (pads at both ends, stride 1, dilation 1).</summary>
    private static double[] Conv2D(float[] x, float[] w, float[] bias, int batch, int inC, int outC, int group, int h, int wd, int kh, int kw, int pad)
    {
        int oh = h + 2 * pad - kh + 1, ow = wd + 2 * pad - kw + 1, cinG = inC / group, coutG = outC / group;
        var y = new double[batch * outC * oh * ow];
        for (int b = 0; b < batch; b++)
            for (int oc = 0; oc < outC; oc++)
                for (int i = 0; i < oh; i++)
                    for (int j = 0; j < ow; j++)
                    {
                        double s = bias[oc];
                        for (int icg = 0; icg < cinG; icg++)
                            for (int u = 0; u < kh; u++)
                                for (int v = 0; v < kw; v++)
                                {
                                    int r = i + u - pad, q = j + v - pad;
                                    if (r < 0 || r >= h || q < 0 || q >= wd) continue;
                                    int ic = oc / coutG * cinG + icg;
                                    s += (double)x[((b * inC + ic) * h + r) * wd + q] * w[((oc * cinG + icg) * kh + u) * kw + v];
                                }
                        y[((b * outC + oc) * oh + i) * ow + j] = s;
                    }
        return y;
    }

    [Fact]
    public void Im2col_Conv_gives_the_same_bits_for_every_thread_count()
    {
        const int batch = 2, inC = 8, outC = 16, h = 30, wd = 34, pad = 1;
        int[] inS = { h, wd }, k3 = { 3, 3 }, outS = { h, wd }, ones = { 1, 1 };
        var x = RandomFloats(batch * inC * h * wd, 8);
        var w = RandomFloats(outC * inC * 9, 9);
        var bias = RandomFloats(outC, 10);
        int tile = 256, rows = inC * 9;
        var y = SameBitsForEveryBudget(batch * outC * h * wd, (y, t) =>
            Conv.Im2ColGemm<float>(x, w, bias, y, new float[rows * tile], tile, batch, inC, outC, 1, inS, k3, outS, ones, ones, ones, t));
        AssertClose(Conv2D(x, w, bias, batch, inC, outC, 1, h, wd, 3, 3, pad), y);
    }

    [Fact]
    public void Shifted_Conv_gives_the_same_bits_for_every_thread_count()
    {
        // 30 output rows in tiles of 4: 8 tiles, the last one of 2 rows, shared out between 2, 3 or 4 parts.
        const int batch = 2, inC = 8, outC = 16, h = 30, wd = 34, pad = 1, tileRows = 4;
        int[] inS = { h, wd }, k3 = { 3, 3 }, outS = { h, wd }, ones = { 1, 1 };
        var x = RandomFloats(batch * inC * h * wd, 8);
        var w = RandomFloats(outC * inC * 9, 9);
        var bias = RandomFloats(outC, 10);
        int hp = h + 2, wp = wd + 2;
        var y = SameBitsForEveryBudget(batch * outC * h * wd, (y, t) =>
            Conv.Shifted<float>(x, w, bias, y, new float[inC * hp * wp + Conv.ShiftedSlack], new float[outC * tileRows * wp], tileRows,
                batch, inC, outC, inS, k3, outS, ones, ones, ones, t));
        AssertClose(Conv2D(x, w, bias, batch, inC, outC, 1, h, wd, 3, 3, pad), y);
    }

    [Fact]
    public void Direct_depthwise_Conv_gives_the_same_bits_for_every_thread_count()
    {
        // 50 output channels, 2 per input channel: 2, 3 or 4 parts start a share in the middle of an input channel's
        // pair (output 25 of 24..25, 33 of 32..33), where the share makes its own zero-padded copy of the input plane.
        const int batch = 1, inC = 25, outC = 50, h = 60, wd = 60, pad = 1;
        int[] inS = { h, wd }, k3 = { 3, 3 }, outS = { h, wd }, ones = { 1, 1 };
        var x = RandomFloats(batch * inC * h * wd, 11);
        var w = RandomFloats(outC * 9, 12);
        var bias = RandomFloats(outC, 13);
        var y = SameBitsForEveryBudget(batch * outC * h * wd, (y, t) =>
            Conv.Direct<float>(x, w, bias, y, batch, inC, outC, inS, k3, outS, ones, ones, ones, t));
        AssertClose(Conv2D(x, w, bias, batch, inC, outC, inC, h, wd, 3, 3, pad), y);
    }

    [Fact]
    public void Pointwise_Conv_gives_the_same_bits_for_every_thread_count()
    {
        const int batch = 2, inC = 48, outC = 64, size = 400;
        var x = RandomFloats(batch * inC * size, 14);
        var w = RandomFloats(outC * inC, 15);
        var bias = RandomFloats(outC, 16);
        var y = SameBitsForEveryBudget(batch * outC * size, (y, t) => Conv.Pointwise<float>(x, w, bias, y, batch, inC, outC, 1, size, t));
        AssertClose(Conv2D(x, w, bias, batch, inC, outC, 1, 1, size, 1, 1, 0), y);
    }

    [Fact]
    public void Threaded_kernels_do_not_allocate_after_warm_up()
    {
        var range = new ParallelRange(4, processorCap: 4);
        const int m = 130, n = 97, k = 101;
        float[] a = RandomFloats(m * k, 1), b = RandomFloats(k * n, 2), y = new float[m * n];
        int[] inS = { 30, 34 }, k3 = { 3, 3 }, ones = { 1, 1 };
        float[] x = RandomFloats(2 * 8 * 30 * 34, 3), w = RandomFloats(16 * 8 * 9, 4), bias = RandomFloats(16, 5);
        float[] cols = new float[72 * 256], yc = new float[2 * 16 * 30 * 34];
        // Winograd over 16 channels: 8 × 9 tiles, two blocks, so both threads take one (the second's scratch comes from the budget).
        float[] u = new float[Conv.WinogradPoints * 16 * 16], xw = RandomFloats(16 * 30 * 34, 6), yw = new float[16 * 30 * 34];
        Conv.WinogradWeights<float>(RandomFloats(16 * 16 * 9, 7), u, 16, 16);
        float[] wpad = new float[Conv.WinogradPaddedLength(16, 30, 34)], wblock = new float[Conv.WinogradBlockLength(16, 16)];
        void Calls()
        {
            Gemm.Run<float>(a, b, default, y, m, n, k, false, false, 1f, 0f, 0, 0, range);
            Conv.Im2ColGemm<float>(x, w, bias, yc, cols, 256, 2, 8, 16, 1, inS, k3, inS, ones, ones, ones, range);
            Conv.Winograd<float>(xw, u, bias, yw, wpad, wblock, 1, 16, 16, inS, inS, ones, range);
        }
        Calls();
        Calls();
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) Calls();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}

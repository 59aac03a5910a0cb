using System;
using ModelGen.Runtime.Kernels;
using Xunit;
using static ModelGen.Tests.Runtime.Kernels.KernelTestUtil;

namespace ModelGen.Tests.Runtime.Kernels;

public class GemmTests
{
    public enum CKind { None, Row, Column, Scalar, Full }

    private static (int rowStride, int colStride, int length) CLayout(CKind kind, int m, int n) => kind switch
    {
        CKind.None => (0, 0, 0),
        CKind.Row => (0, 1, n),          // C shape [n]
        CKind.Column => (1, 0, m),       // C shape [m, 1]
        CKind.Scalar => (0, 0, 1),       // C shape [] or [1]
        _ => (n, 1, m * n),              // C shape [m, n]
    };

    /// <summary>Straight from the ONNX definition: Y = alpha * A' * B' + beta * C.</summary>
    private static double[] Reference(double[] a, double[] b, double[] c, int m, int n, int k, bool ta, bool tb, double alpha, double beta, int crs, int ccs)
    {
        var y = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int p = 0; p < k; p++)
                    s += (ta ? a[p * m + i] : a[i * k + p]) * (tb ? b[j * k + p] : b[p * n + j]);
                y[i * n + j] = alpha * s + (c.Length > 0 ? beta * c[i * crs + j * ccs] : 0);
            }
        return y;
    }

    public static TheoryData<int, int, int, bool, bool, CKind> Cases()
    {
        var data = new TheoryData<int, int, int, bool, bool, CKind>();
        int[][] sizes = { new[] { 1, 1, 1 }, new[] { 7, 17, 33 }, new[] { 65, 33, 17 }, new[] { 3, 65, 7 }, new[] { 13, 35, 300 }, new[] { 6, 32, 5 }, new[] { 2, 67, 37 }, new[] { 1, 130, 70 },
            // The AVX-512 kernel over packed A (n >= 512): m past one 132-row block and not a multiple of 12, n ragged past 32-column panels, k past one 256 block.
            new[] { 25, 530, 300 }, new[] { 140, 520, 257 }, new[] { 12, 512, 1 },
            // Its smaller tiles: 280 rows are blocks of 132, 132 and 16 (a 4-row tile), 20 rows end in an 8-row tile, and
            // 528 and 560 columns end in a whole 16-column half panel.
            new[] { 280, 528, 40 }, new[] { 20, 560, 9 },
            // The 256/128-bit column-blocked kernel: two 128-column blocks, the second ending in a ragged panel, rows past one epilogue block (132), an odd k block.
            new[] { 140, 200, 259 } };
        foreach (int[] s in sizes)
            foreach (bool ta in new[] { false, true })
                foreach (bool tb in new[] { false, true })
                    foreach (CKind c in Enum.GetValues<CKind>())
                        data.Add(s[0], s[1], s[2], ta, tb, c);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void FloatMatchesReference(int m, int n, int k, bool ta, bool tb, CKind kind)
    {
        var (crs, ccs, clen) = CLayout(kind, m, n);
        float[] a = RandomFloats(m * k, 1), b = RandomFloats(k * n, 2), c = RandomFloats(clen, 3);
        var y = new float[m * n];
        Array.Fill(y, float.NaN); // the kernel must overwrite, never read stale output
        Gemm.Run<float>(a, b, c, y, m, n, k, ta, tb, 0.75f, 1.5f, crs, ccs);
        AssertClose(Reference(ToDouble(a), ToDouble(b), ToDouble(c), m, n, k, ta, tb, 0.75, 1.5, crs, ccs), y);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void DoubleAndIntMatchReference(bool ta, bool tb)
    {
        int m = 9, n = 11, k = 13;
        double[] a = RandomDoubles(m * k, 4), b = RandomDoubles(k * n, 5), c = RandomDoubles(n, 6);
        var y = new double[m * n];
        Gemm.Run<double>(a, b, c, y, m, n, k, ta, tb, 2.0, -1.0, 0, 1);
        AssertClose(Reference(a, b, c, m, n, k, ta, tb, 2.0, -1.0, 0, 1), y);

        int[] ai = RandomInts(m * k, 7), bi = RandomInts(k * n, 8), ci = RandomInts(m, 9);
        var yi = new int[m * n];
        Gemm.Run<int>(ai, bi, ci, yi, m, n, k, ta, tb, 3, 2, 1, 0);
        double[] expected = Reference(Array.ConvertAll(ai, v => (double)v), Array.ConvertAll(bi, v => (double)v),
            Array.ConvertAll(ci, v => (double)v), m, n, k, ta, tb, 3, 2, 1, 0);
        Assert.Equal(Array.ConvertAll(expected, v => (int)v), yi);
    }

    [Fact]
    public void ZeroInnerDimensionGivesBetaC()
    {
        var y = new float[6];
        Gemm.Run<float>(ReadOnlySpan<float>.Empty, ReadOnlySpan<float>.Empty, new float[] { 1, 2, 3 }, y, 2, 3, 0, false, false, 1f, 2f, 0, 1);
        Assert.Equal(new float[] { 2, 4, 6, 2, 4, 6 }, y);
        Array.Fill(y, float.NaN);
        Gemm.Run<float>(ReadOnlySpan<float>.Empty, ReadOnlySpan<float>.Empty, ReadOnlySpan<float>.Empty, y, 2, 3, 0, false, false, 1f, 2f, 0, 0);
        Assert.Equal(new float[6], y);
    }

    [Fact]
    public void ShortSpansThrow()
    {
        Assert.Throws<ArgumentException>(() => Gemm.Run<float>(new float[5], new float[6], ReadOnlySpan<float>.Empty, new float[4], 2, 2, 3, false, false, 1f, 1f, 0, 0));
        Assert.Throws<ArgumentException>(() => Gemm.Run<float>(new float[6], new float[6], new float[3], new float[4], 2, 2, 3, false, false, 1f, 1f, 2, 1));
    }
}

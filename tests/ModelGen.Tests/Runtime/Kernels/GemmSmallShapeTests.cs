using System;
using ModelGen.Runtime.Kernels;
using Xunit;
using static ModelGen.Tests.Runtime.Kernels.KernelTestUtil;

namespace ModelGen.Tests.Runtime.Kernels;

/// <summary>
/// The product engine's small-shape paths: a bias added as each tile is stored (beta 1: no prefill of y), the vector
/// width chosen by n (16 or 8 columns fill whole tiles), B read in place when it is one tile wide, the thin kernels'
/// overlapping last vector, dot products for a single column, and the epilogue after all of them. Every shape is
/// checked against a double reference; odd m, n and k (n below every vector width, k beyond one k block) are the point.
/// </summary>
public class GemmSmallShapeTests
{
    private static readonly int[] Ms = { 1, 2, 3, 4, 5, 7, 16, 17 };
    private static readonly int[] Ns = { 1, 2, 3, 4, 5, 8, 10, 15, 16, 17, 24, 32, 33 };
    private static readonly int[] Ks = { 1, 3, 16, 257 };

    private enum CKind { None, Row, Column, Scalar, Full }

    private static (int rowStride, int colStride, int length) CLayout(CKind kind, int m, int n) => kind switch
    {
        CKind.None => (0, 0, 0),
        CKind.Row => (0, 1, n),
        CKind.Column => (1, 0, m),
        CKind.Scalar => (0, 0, 1),
        _ => (n, 1, m * n),
    };

    private static double[] Reference(float[] a, float[] b, float[] c, int m, int n, int k, bool ta, bool tb, double alpha, double beta, int crs, int ccs)
    {
        var y = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int p = 0; p < k; p++)
                    s += (double)(ta ? a[p * m + i] : a[i * k + p]) * (tb ? b[j * k + p] : b[p * n + j]);
                y[i * n + j] = alpha * s + (c.Length > 0 ? beta * c[i * crs + j * ccs] : 0);
            }
        return y;
    }

    private static void Check(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-4 * Math.Max(1, Math.Abs(expected[i])), $"{what}: [{i}] expected {expected[i]}, got {actual[i]}");
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public void BiasWithBetaOneMatchesReference(bool ta, bool tb)
    {
        foreach (int m in Ms)
            foreach (int n in Ns)
                foreach (int k in Ks)
                    foreach (CKind kind in Enum.GetValues<CKind>())
                    {
                        var (crs, ccs, clen) = CLayout(kind, m, n);
                        float[] a = RandomFloats(m * k, m + 10 * n), b = RandomFloats(k * n, k + 7), c = RandomFloats(clen, 3);
                        var y = new float[m * n];
                        Array.Fill(y, float.NaN); // the bias goes in as the tile is stored: y is never read
                        Gemm.Run<float>(a, b, c, y, m, n, k, ta, tb, 0.5f, 1f, crs, ccs);
                        Check(Reference(a, b, c, m, n, k, ta, tb, 0.5, 1, crs, ccs), y, $"m={m} n={n} k={k} ta={ta} tb={tb} C={kind}");
                    }
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, true)]
    public void ScaledCAccumulatesOntoThePrefill(bool ta, bool tb)
    {
        // beta != 1: y starts as beta*C and every path accumulates the product onto it.
        foreach (int m in Ms)
            foreach (int n in Ns)
                foreach (int k in new[] { 1, 16, 257 })
                {
                    var (crs, ccs, clen) = CLayout(CKind.Row, m, n);
                    float[] a = RandomFloats(m * k, 1), b = RandomFloats(k * n, 2), c = RandomFloats(clen, 3);
                    var y = new float[m * n];
                    Array.Fill(y, float.NaN);
                    Gemm.Run<float>(a, b, c, y, m, n, k, ta, tb, 1f, -2f, crs, ccs);
                    Check(Reference(a, b, c, m, n, k, ta, tb, 1, -2, crs, ccs), y, $"m={m} n={n} k={k}");
                }
    }

    [Fact]
    public void EpilogueAfterTheFusedBias()
    {
        foreach (int m in Ms)
            foreach (int n in Ns)
                foreach (int k in Ks)
                {
                    float[] a = RandomFloats(m * k, 4), b = RandomFloats(k * n, 5), c = RandomFloats(n, 6), r = RandomFloats(m * n, 7);
                    double[] expected = Reference(a, b, c, m, n, k, false, false, 1, 1, 0, 1);

                    var y = new float[m * n];
                    Gemm.Run<float, Epilogue1V<ReluF, float>>(a, b, c, default, y, m, n, k, false, false, 1f, 1f, 0, 1);
                    Check(Array.ConvertAll(expected, v => Math.Max(v, 0)), y, $"relu m={m} n={n} k={k}");

                    Gemm.Run<float, Epilogue2V<AddOp<float>, float>>(a, b, c, r, y, m, n, k, false, false, 1f, 1f, 0, 1);
                    var withResidual = new double[m * n];
                    for (int i = 0; i < withResidual.Length; i++) withResidual[i] = expected[i] + r[i];
                    Check(withResidual, y, $"residual m={m} n={n} k={k}");
                }
    }

    [Fact]
    public void ProductIntoAStridedBlockKeepsItsNeighbours()
    {
        // C is a block of a wider matrix (ldc > n), as a convolution's column tile is: the bias (one value per row,
        // or a row of columns), accumulation and the overlapping last vector must not touch the columns beside it.
        foreach (int m in new[] { 1, 3, 7, 16 })
            foreach (int n in Ns)
                foreach (int k in new[] { 1, 16, 257 })
                    foreach (int mode in new[] { 0, 1, 2, 3 })
                    {
                        int ldc = n + 5;
                        float[] a = RandomFloats(m * k, 8), b = RandomFloats(k * n, 9), bias = RandomFloats(Math.Max(m, n) + 2, 10);
                        var c = RandomFloats(m * ldc + 3, 11);
                        var before = (float[])c.Clone();
                        const int cOff = 2, biasOff = 1;
                        ReadOnlySpan<float> bs = mode >= 2 ? bias : default;
                        int biasRs = mode == 2 ? 1 : 0, biasCs = mode == 3 ? 1 : 0;
                        Gemm.Product<float>(a, 0, k, 1, b, 0, n, 1, c, cOff, ldc, m, n, k, 1.25f, mode == 1, bs, biasOff, biasRs, biasCs);
                        for (int i = 0; i < m; i++)
                            for (int j = 0; j < ldc; j++)
                            {
                                int at = cOff + i * ldc + j;
                                if (j >= n) { Assert.Equal(before[at], c[at]); continue; }
                                double s = 0;
                                for (int p = 0; p < k; p++) s += (double)a[i * k + p] * b[p * n + j];
                                double e = 1.25 * s + mode switch { 1 => before[at], 2 => bias[biasOff + i], 3 => bias[biasOff + j], _ => 0 };
                                Assert.True(Math.Abs(e - c[at]) <= 1e-4 * Math.Max(1, Math.Abs(e)), $"mode={mode} m={m} n={n} k={k} [{i},{j}] expected {e}, got {c[at]}");
                            }
                        Assert.Equal(before[0], c[0]);
                        Assert.Equal(before[1], c[1]);
                        Assert.Equal(before[^1], c[^1]);
                    }
    }

    [Fact]
    public void MatMulNarrowShapes()
    {
        int[] none = Array.Empty<int>();
        foreach (int m in Ms)
            foreach (int n in Ns)
                foreach (int k in Ks)
                {
                    float[] a = RandomFloats(m * k, 12), b = RandomFloats(k * n, 13);
                    var y = new float[m * n];
                    Array.Fill(y, float.NaN);
                    MatMul.Run<float>(a, b, y, none, none, none, m, n, k);
                    Check(Reference(a, b, Array.Empty<float>(), m, n, k, false, false, 1, 0, 0, 0), y, $"m={m} n={n} k={k}");
                }
    }

    [Fact]
    public void DoubleBiasFallsBackToThePrefill()
    {
        // No double micro-kernel: the bias fills C and the scalar loops accumulate onto it.
        int m = 5, n = 3, k = 4;
        double[] a = RandomDoubles(m * k, 14), b = RandomDoubles(k * n, 15), c = RandomDoubles(n, 16);
        var y = new double[m * n];
        Gemm.Run<double>(a, b, c, y, m, n, k, false, false, 2.0, 1.0, 0, 1);
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = 0;
                for (int p = 0; p < k; p++) s += a[i * k + p] * b[p * n + j];
                Assert.Equal(2.0 * s + c[j], y[i * n + j], 12);
            }
    }
}

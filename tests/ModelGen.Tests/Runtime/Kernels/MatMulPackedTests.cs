using System;
using System.Linq;
using ModelGen.Runtime.Kernels;
using ModelGen.Runtime.Threading;
using Xunit;
using static ModelGen.Tests.Runtime.Kernels.KernelTestUtil;

namespace ModelGen.Tests.Runtime.Kernels;

/// <summary>
/// MatMul by a B packed at load time (Gemm.PackB) against a double-precision reference and against the same product
/// over plain B (the same bits: packing only moves where the kernels read B from): ragged panels, depth past one k
/// block, rows past the packed-A kernel's block, the packed-A kernel (n ≥ 512), a few rows, bias, a residual
/// epilogue, thread splits, a transposed B, double (the scalar path), and Gemm's own entry over packed B.
/// </summary>
public sealed class MatMulPackedTests
{
    public static TheoryData<int, int, int> Shapes => new()
    {
        { 37, 100, 45 },   // ragged last panel (100 = 3·32 + 4)
        { 13, 33, 300 },   // k past one block (256)
        { 150, 520, 70 },  // the packed-A kernel (n ≥ 512), rows past its 132-row block
        { 128, 784, 300 }, // its few-row products: threads share the 25 column panels (the last a half), not the 11 row tiles
        { 5, 64, 64 },     // a few rows
        { 64, 16, 40 },    // one narrow panel
    };

    private static double[] Reference(float[] a, float[] b, float[] bias, int m, int n, int k)
    {
        var y = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                double s = bias.Length == 0 ? 0 : bias[j];
                for (int p = 0; p < k; p++) s += (double)a[i * k + p] * b[p * n + j];
                y[i * n + j] = s;
            }
        return y;
    }

    private static float[] Packed(float[] b, int k, int n)
    {
        var packed = new float[Gemm.PackedLength(k, n)];
        Gemm.PackB<float>(b, packed, k, n, transposed: false);
        return packed;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void PackedBGivesThePlainProductsBits(int m, int n, int k)
    {
        var a = RandomFloats(m * k, 1);
        var b = RandomFloats(k * n, 2);
        var bias = RandomFloats(n, 3);
        var packed = Packed(b, k, n);
        var y = new float[m * n];
        MatMul.RunPacked<float>(a, packed, bias, y, m, n, k);
        AssertClose(Reference(a, b, bias, m, n, k), y, 1e-4);
        var plain = new float[m * n];
        MatMul.RunBiased<float>(a, b, bias, plain, ReadOnlySpan<int>.Empty, ReadOnlySpan<int>.Empty, ReadOnlySpan<int>.Empty, m, n, k);
        if (m >= 4) Assert.Equal(plain, y); // fewer rows take the streaming (unpacked) kernel over plain B, summed in another order

        var noBias = new float[m * n];
        MatMul.RunPacked<float>(a, packed, default, noBias, m, n, k);
        AssertClose(Reference(a, b, Array.Empty<float>(), m, n, k), noBias, 1e-4);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void AResidualEpilogueAndAnyThreadCountAgree(int m, int n, int k)
    {
        var a = RandomFloats(m * k, 4);
        var b = RandomFloats(k * n, 5);
        var r = RandomFloats(m * n, 6);
        var packed = Packed(b, k, n);
        var one = new float[m * n];
        MatMul.RunPacked<float, Epilogue2V<AddOp<float>, float>>(a, packed, default, r, one, m, n, k);
        var expected = Reference(a, b, Array.Empty<float>(), m, n, k).Select((v, i) => v + r[i]).ToArray();
        AssertClose(expected, one, 1e-4);
        foreach (int t in new[] { 2, 3 })
        {
            var y = new float[m * n];
            MatMul.RunPacked<float, Epilogue2V<AddOp<float>, float>>(a, packed, default, r, y, m, n, k, new ParallelRange(t, processorCap: 4));
            Assert.Equal(one, y);
        }
    }

    [Fact]
    public void ATransposedBPacksToTheSamePanels()
    {
        int k = 45, n = 70;
        var b = RandomFloats(k * n, 7);
        var bt = new float[n * k];
        for (int p = 0; p < k; p++)
            for (int j = 0; j < n; j++) bt[j * k + p] = b[p * n + j];
        var fromT = new float[Gemm.PackedLength(k, n)];
        Gemm.PackB<float>(bt, fromT, k, n, transposed: true);
        Assert.Equal(Packed(b, k, n), fromT);
        // Column 69 is panel 2, lane 5; lanes past it are zero.
        Assert.Equal(b[10 * n + 69], fromT[2 * k * 32 + 10 * 32 + 5]);
        Assert.Equal(0f, fromT[2 * k * 32 + 10 * 32 + 6]);
    }

    [Theory]
    [InlineData(false, false, 1f, 1f, 0, 1)]   // C a bias row: added as the tiles are stored
    [InlineData(true, true, 0.5f, 2f, 1, 0)]    // transposed A and B, alpha and beta, C one value per row
    [InlineData(false, true, 1f, 1f, 70, 1)]    // C a full matrix
    public void GemmOverPackedBGivesRunsBits(bool transA, bool transB, float alpha, float beta, int cRowStride, int cColStride)
    {
        int m = 37, n = 70, k = 45;
        var a = RandomFloats(m * k, 10);
        var b = RandomFloats(k * n, 11);
        var c = RandomFloats(m * n, 12);
        var packed = new float[Gemm.PackedLength(k, n)];
        Gemm.PackB<float>(b, packed, k, n, transB);
        var plain = new float[m * n];
        var fromPacked = new float[m * n];
        Gemm.Run<float>(a, b, c, plain, m, n, k, transA, transB, alpha, beta, cRowStride, cColStride);
        Gemm.RunPacked<float>(a, packed, c, fromPacked, m, n, k, transA, alpha, beta, cRowStride, cColStride);
        Assert.Equal(plain, fromPacked);
    }

    [Fact]
    public void DoubleTakesTheScalarPath()
    {
        int m = 9, n = 40, k = 11;
        var a = RandomDoubles(m * k, 8);
        var b = RandomDoubles(k * n, 9);
        var packed = new double[Gemm.PackedLength(k, n)];
        Gemm.PackB<double>(b, packed, k, n, transposed: false);
        var y = new double[m * n];
        MatMul.RunPacked<double>(a, packed, default, y, m, n, k);
        var expected = new double[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
                for (int p = 0; p < k; p++) expected[i * n + j] += a[i * k + p] * b[p * n + j];
        AssertClose(expected, y);
    }

    [Fact]
    public void ShortSpansThrow()
    {
        var packed = new float[Gemm.PackedLength(8, 40)];
        Assert.Throws<ArgumentException>(() => MatMul.RunPacked<float>(new float[4 * 8], packed.AsSpan(1), default, new float[4 * 40], 4, 40, 8));
        Assert.Throws<ArgumentException>(() => MatMul.RunPacked<float>(new float[4 * 8 - 1], packed, default, new float[4 * 40], 4, 40, 8));
        Assert.Throws<ArgumentException>(() => Gemm.PackB<float>(new float[8 * 39], packed, 8, 40, false));
    }
}

using System;
using ModelGen.Runtime.Kernels;
using Xunit;
using static ModelGen.Tests.Runtime.Kernels.KernelTestUtil;

namespace ModelGen.Tests.Runtime.Kernels;

public class MatMulTests
{
    /// <summary>Batch strides as the compiler resolves them: element offsets of whole matrices, 0 where broadcast.</summary>
    private static int[] BatchStrides(int[] inBatch, int[] outBatch, int matrixSize)
    {
        var s = new int[outBatch.Length];
        int acc = matrixSize;
        for (int d = outBatch.Length - 1; d >= 0; d--)
        {
            int id = d - (outBatch.Length - inBatch.Length);
            int size = id >= 0 ? inBatch[id] : 1;
            s[d] = size == 1 ? 0 : acc;
            acc *= size;
        }
        return s;
    }

    private static double[] Reference(double[] a, double[] b, int[] batch, int[] aS, int[] bS, int m, int n, int k)
    {
        int count = Product(batch);
        var y = new double[count * m * n];
        for (int bi = 0; bi < count; bi++)
        {
            int[] idx = Unravel(bi, batch);
            int ao = 0, bo = 0;
            for (int d = 0; d < idx.Length; d++) { ao += idx[d] * aS[d]; bo += idx[d] * bS[d]; }
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                {
                    double s = 0;
                    for (int p = 0; p < k; p++) s += a[ao + i * k + p] * b[bo + p * n + j];
                    y[bi * m * n + i * n + j] = s;
                }
        }
        return y;
    }

    public static TheoryData<int[], int[], int, int, int> Cases => new()
    {
        { new int[0], new int[0], 1, 1, 1 },
        { new int[0], new int[0], 17, 33, 65 },
        { new[] { 2, 3 }, new[] { 3 }, 7, 17, 3 },          // b broadcast over the first axis
        { new[] { 3 }, new int[0], 33, 7, 17 },             // b shared: folded into one tall product
        { new[] { 2, 1, 4 }, new[] { 3, 1 }, 5, 65, 7 },    // both broadcast
        { new int[0], new[] { 4 }, 3, 9, 33 },              // a broadcast
        { new[] { 1, 3 }, new[] { 2, 1 }, 65, 1, 300 },     // k beyond one packed panel
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void FloatMatchesReference(int[] aBatch, int[] bBatch, int m, int n, int k)
    {
        int rank = Math.Max(aBatch.Length, bBatch.Length);
        var batch = new int[rank];
        for (int d = 0; d < rank; d++)
        {
            int ai = d - (rank - aBatch.Length), bi = d - (rank - bBatch.Length);
            batch[d] = Math.Max(ai >= 0 ? aBatch[ai] : 1, bi >= 0 ? bBatch[bi] : 1);
        }
        int[] aS = BatchStrides(aBatch, batch, m * k), bS = BatchStrides(bBatch, batch, k * n);
        float[] a = RandomFloats(Product(aBatch) * m * k, 1), b = RandomFloats(Product(bBatch) * k * n, 2);
        var y = new float[Product(batch) * m * n];
        Array.Fill(y, float.NaN);
        MatMul.Run<float>(a, b, y, batch, aS, bS, m, n, k);
        AssertClose(Reference(ToDouble(a), ToDouble(b), batch, aS, bS, m, n, k), y);

        double[] ad = ToDouble(a), bd = ToDouble(b);
        var yd = new double[y.Length];
        MatMul.Run<double>(ad, bd, yd, batch, aS, bS, m, n, k);
        AssertClose(Reference(ad, bd, batch, aS, bS, m, n, k), yd);
    }

    [Fact]
    public void IntAndHalf()
    {
        int[] a = RandomInts(2 * 3 * 5, 1), b = RandomInts(5 * 4, 2);
        var y = new int[2 * 3 * 4];
        MatMul.Run<int>(a, b, y, new[] { 2 }, new[] { 15 }, new[] { 0 }, 3, 4, 5);
        double[] expected = Reference(Array.ConvertAll(a, v => (double)v), Array.ConvertAll(b, v => (double)v), new[] { 2 }, new[] { 15 }, new[] { 0 }, 3, 4, 5);
        Assert.Equal(Array.ConvertAll(expected, v => (int)v), y);

        Half[] ah = { (Half)1, (Half)2, (Half)3, (Half)4 };
        var yh = new Half[4];
        MatMul.Run<Half>(ah, ah, yh, ReadOnlySpan<int>.Empty, ReadOnlySpan<int>.Empty, ReadOnlySpan<int>.Empty, 2, 2, 2);
        Assert.Equal(new[] { (Half)7, (Half)10, (Half)15, (Half)22 }, yh);
    }

    [Fact]
    public void ShortSpansThrow()
    {
        Assert.Throws<ArgumentException>(() => MatMul.Run<float>(new float[11], new float[12], new float[8], new[] { 2 }, new[] { 6 }, new[] { 0 }, 2, 2, 3));
        Assert.Throws<ArgumentException>(() => MatMul.Run<float>(new float[12], new float[6], new float[7], new[] { 2 }, new[] { 6 }, new[] { 0 }, 2, 2, 3));
    }
}

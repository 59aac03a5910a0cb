using System;
using System.Linq;
using ModelGen.Runtime.Kernels;
using Xunit;
using static ModelGen.Tests.Runtime.Kernels.KernelTestUtil;

namespace ModelGen.Tests.Runtime.Kernels;

public class BinaryTests
{
    /// <summary>Numpy broadcasting as the compiler resolves it: right-aligned, stride 0 where the input has size 1.</summary>
    private static (int[] outShape, int[] aStr, int[] bStr) Broadcast(int[] aShape, int[] bShape)
    {
        int rank = Math.Max(aShape.Length, bShape.Length);
        var outShape = new int[rank];
        var aStr = new int[rank];
        var bStr = new int[rank];
        int[] aS = Strides(aShape), bS = Strides(bShape);
        for (int i = 0; i < rank; i++)
        {
            int ai = i - (rank - aShape.Length), bi = i - (rank - bShape.Length);
            int ad = ai >= 0 ? aShape[ai] : 1, bd = bi >= 0 ? bShape[bi] : 1;
            outShape[i] = Math.Max(ad, bd);
            aStr[i] = ad == 1 ? 0 : aS[ai];
            bStr[i] = bd == 1 ? 0 : bS[bi];
        }
        return (outShape, aStr, bStr);
    }

    private static double[] Reference(double[] a, double[] b, int[] outShape, int[] aStr, int[] bStr, Func<double, double, double> op)
    {
        int total = Product(outShape);
        var y = new double[total];
        for (int i = 0; i < total; i++)
        {
            int[] idx = Unravel(i, outShape);
            int ao = 0, bo = 0;
            for (int d = 0; d < idx.Length; d++) { ao += idx[d] * aStr[d]; bo += idx[d] * bStr[d]; }
            y[i] = op(a[ao], b[bo]);
        }
        return y;
    }

    public static TheoryData<int[], int[]> Shapes => new()
    {
        { new[] { 2, 3, 4 }, new[] { 3, 1 } },
        { new int[0], new[] { 2, 3 } },
        { new[] { 2, 3 }, new int[0] },
        { new[] { 1 }, new[] { 5 } },
        { new[] { 5 }, new[] { 1 } },
        { new int[0], new int[0] },
        { new[] { 17, 33 }, new[] { 17, 33 } },
        { new[] { 65 }, new[] { 65 } },
        { new[] { 3, 1, 7 }, new[] { 1, 5, 1 } },
        { new[] { 2, 1, 33 }, new[] { 7, 1 } },
        { new[] { 2, 7, 1, 3 }, new[] { 2, 1, 5, 3 } },
        { new[] { 1, 1, 1 }, new[] { 1 } },
        { new[] { 3, 65 }, new[] { 65 } },
        { new[] { 4, 2, 3, 1, 2, 3, 2, 2 }, new[] { 3, 4, 2, 1, 2, 1 } },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void FloatOpsMatchReference(int[] aShape, int[] bShape)
    {
        var (outShape, aStr, bStr) = Broadcast(aShape, bShape);
        float[] a = RandomFloats(Product(aShape), 1);
        float[] b = RandomFloats(Product(bShape), 2, 0.5f, 2f); // away from 0 for Div
        double[] ad = ToDouble(a), bd = ToDouble(b);
        var y = new float[Product(outShape)];
        Binary.Add<float>(a, b, y, outShape, aStr, bStr);
        AssertClose(Reference(ad, bd, outShape, aStr, bStr, (p, q) => p + q), y);
        Binary.Sub<float>(a, b, y, outShape, aStr, bStr);
        AssertClose(Reference(ad, bd, outShape, aStr, bStr, (p, q) => p - q), y);
        Binary.Mul<float>(a, b, y, outShape, aStr, bStr);
        AssertClose(Reference(ad, bd, outShape, aStr, bStr, (p, q) => p * q), y);
        Binary.Div<float>(a, b, y, outShape, aStr, bStr);
        AssertClose(Reference(ad, bd, outShape, aStr, bStr, (p, q) => p / q), y);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void IntOpsMatchReference(int[] aShape, int[] bShape)
    {
        var (outShape, aStr, bStr) = Broadcast(aShape, bShape);
        int[] a = RandomInts(Product(aShape), 3, -50, 50);
        int[] b = RandomInts(Product(bShape), 4, 1, 9).Select((v, i) => i % 2 == 0 ? v : -v).ToArray();
        double[] ad = a.Select(v => (double)v).ToArray(), bd = b.Select(v => (double)v).ToArray();
        var y = new int[Product(outShape)];
        Binary.Add<int>(a, b, y, outShape, aStr, bStr);
        Assert.Equal(Reference(ad, bd, outShape, aStr, bStr, (p, q) => p + q), y.Select(v => (double)v));
        Binary.Sub<int>(a, b, y, outShape, aStr, bStr);
        Assert.Equal(Reference(ad, bd, outShape, aStr, bStr, (p, q) => p - q), y.Select(v => (double)v));
        Binary.Mul<int>(a, b, y, outShape, aStr, bStr);
        Assert.Equal(Reference(ad, bd, outShape, aStr, bStr, (p, q) => p * q), y.Select(v => (double)v));
        Binary.Div<int>(a, b, y, outShape, aStr, bStr);
        Assert.Equal(Reference(ad, bd, outShape, aStr, bStr, (p, q) => Math.Truncate(p / q)), y.Select(v => (double)v));
    }

    [Fact]
    public void IntegerDivisionTruncatesTowardZero()
    {
        int[] a = { -7, 7, -7, 7, -1 };
        int[] b = { 2, 2, -2, -2, 3 };
        var y = new int[5];
        Binary.Div<int>(a, b, y, new[] { 5 }, new[] { 1 }, new[] { 1 });
        Assert.Equal(new[] { -3, 3, 3, -3, 0 }, y);
        var l = new long[2];
        Binary.Div<long>(new long[] { -9, 9 }, new long[] { 4 }, l, new[] { 2 }, new[] { 1 }, new[] { 0 });
        Assert.Equal(new long[] { -2, 2 }, l);
    }

    [Fact]
    public void DoubleAndHalfAndByte()
    {
        double[] a = RandomDoubles(33, 5), b = RandomDoubles(33, 6);
        var y = new double[33];
        Binary.Mul<double>(a, b, y, new[] { 33 }, new[] { 1 }, new[] { 1 });
        AssertClose(a.Zip(b, (p, q) => p * q).ToArray(), y);

        Half[] h = { (Half)1.5f, (Half)(-2f), (Half)0.25f };
        var hy = new Half[3];
        Binary.Add<Half>(h, new[] { (Half)1f }, hy, new[] { 3 }, new[] { 1 }, new[] { 0 });
        Assert.Equal(new[] { (Half)2.5f, (Half)(-1f), (Half)1.25f }, hy);

        byte[] ba = Enumerable.Range(0, 37).Select(i => (byte)i).ToArray();
        var by = new byte[37];
        Binary.Add<byte>(ba, new byte[] { 200 }, by, new[] { 37 }, new[] { 1 }, new[] { 0 });
        Assert.Equal(ba.Select(v => unchecked((byte)(v + 200))), by);
    }

    [Fact]
    public void NaNPropagates()
    {
        float[] a = { float.NaN, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, float.NaN };
        var y = new float[a.Length];
        Binary.Add<float>(a, new float[] { 1 }, y, new[] { a.Length }, new[] { 1 }, new[] { 0 });
        Assert.True(float.IsNaN(y[0]) && float.IsNaN(y[^1]) && y[1] == 2);
    }

    [Fact]
    public void ShortSpansThrow()
    {
        var y = new float[6];
        Assert.Throws<ArgumentException>(() => Binary.Add<float>(new float[5], new float[6], y, new[] { 2, 3 }, new[] { 3, 1 }, new[] { 3, 1 }));
        Assert.Throws<ArgumentException>(() => Binary.Add<float>(new float[6], new float[6], new float[5], new[] { 2, 3 }, new[] { 3, 1 }, new[] { 3, 1 }));
        Assert.Throws<ArgumentException>(() => Binary.Add<float>(new float[6], new float[6], y, new[] { 2, 3 }, new[] { 3 }, new[] { 3, 1 }));
    }
}

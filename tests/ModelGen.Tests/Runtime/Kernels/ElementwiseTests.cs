using System;
using System.Linq;
using ModelGen.Runtime.Kernels;
using Xunit;
using static ModelGen.Tests.Runtime.Kernels.KernelTestUtil;

namespace ModelGen.Tests.Runtime.Kernels;

/// <summary>The elementwise loops over broadcast strides, vector paths against plain references (the CI reruns them without AVX-512 and without AVX2).</summary>
public class ElementwiseTests
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
        Elementwise.Map2V<AddOp<float>, float>(a, b, y, outShape, aStr, bStr);
        AssertClose(Reference(ad, bd, outShape, aStr, bStr, (p, q) => p + q), y);
        Elementwise.Map2V<SubOp<float>, float>(a, b, y, outShape, aStr, bStr);
        AssertClose(Reference(ad, bd, outShape, aStr, bStr, (p, q) => p - q), y);
        Elementwise.Map2V<MulOp<float>, float>(a, b, y, outShape, aStr, bStr);
        AssertClose(Reference(ad, bd, outShape, aStr, bStr, (p, q) => p * q), y);
        Elementwise.Map2V<DivF, float>(a, b, y, outShape, aStr, bStr);
        AssertClose(Reference(ad, bd, outShape, aStr, bStr, (p, q) => p / q), y);
        // The scalar loop over the same function gives the same answer.
        var scalar = new float[y.Length];
        Elementwise.Map2<DivF, float, float, float>(a, b, scalar, outShape, aStr, bStr);
        Assert.Equal(y, scalar);
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
        Elementwise.Map2V<AddOp<int>, int>(a, b, y, outShape, aStr, bStr);
        Assert.Equal(Reference(ad, bd, outShape, aStr, bStr, (p, q) => p + q), y.Select(v => (double)v));
        Elementwise.Map2V<MulOp<int>, int>(a, b, y, outShape, aStr, bStr);
        Assert.Equal(Reference(ad, bd, outShape, aStr, bStr, (p, q) => p * q), y.Select(v => (double)v));
        Elementwise.Map2<DivInt, int, int, int>(a, b, y, outShape, aStr, bStr);
        Assert.Equal(Reference(ad, bd, outShape, aStr, bStr, (p, q) => Math.Truncate(p / q)), y.Select(v => (double)v));
    }

    [Fact]
    public void IntegerDivisionTruncatesTowardZeroAndThrowsOnZero()
    {
        int[] a = { -7, 7, -7, 7, -1 };
        int[] b = { 2, 2, -2, -2, 3 };
        var y = new int[5];
        Elementwise.Map2<DivInt, int, int, int>(a, b, y, new[] { 5 }, new[] { 1 }, new[] { 1 });
        Assert.Equal(new[] { -3, 3, 3, -3, 0 }, y);
        Assert.Throws<DivideByZeroException>(() => Elementwise.Map2<DivInt, int, int, int>(new[] { 1 }, new[] { 0 }, new int[1], new[] { 1 }, new[] { 1 }, new[] { 1 }));
    }

    [Fact]
    public void HalfAndMixedTypes()
    {
        Half[] h = { (Half)1.5f, (Half)(-2f), (Half)0.25f };
        var hy = new Half[3];
        Elementwise.Map2<AddHalf, Half, Half, Half>(h, new[] { (Half)1f }, hy, new[] { 3 }, new[] { 1 }, new[] { 0 });
        Assert.Equal(new[] { (Half)2.5f, (Half)(-1f), (Half)1.25f }, hy);

        float[] a = { 1, 5, 3 }, b = { 2 };
        var gt = new bool[3];
        Elementwise.Map2<GreaterF, float, float, bool>(a, b, gt, new[] { 3 }, new[] { 1 }, new[] { 0 });
        Assert.Equal(new[] { false, true, true }, gt);

        var picked = new float[6];
        Elementwise.Map3<WhereF, bool, float, float, float>(new[] { true, false }, new float[] { 1, 2, 3 }, new float[] { -1 }, picked,
            new[] { 2, 3 }, new[] { 1, 0 }, new[] { 0, 1 }, new[] { 0, 0 });
        Assert.Equal(new float[] { 1, 2, 3, -1, -1, -1 }, picked);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(17)]
    [InlineData(33)]
    [InlineData(65)]
    public void UnaryVectorAndScalarLoops(int n)
    {
        float[] x = RandomFloats(n, n, -10, 10);
        x[0] = float.NaN;
        var y = new float[n];
        Elementwise.Map1V<ReluF, float>(x, y, n);
        AssertClose(x.Select(v => float.IsNaN(v) ? double.NaN : Math.Max(v, 0.0)).ToArray(), y);
        var e = new float[n];
        Elementwise.Map1V<ExpF, float>(x, e, n);
        AssertClose(x.Select(v => Math.Exp(v)).ToArray(), e);
        var scalar = new float[n];
        Elementwise.Map1<ReluF, float, float>(x, scalar, n);
        Assert.Equal(y, scalar);
    }

    [Fact]
    public void InPlaceIsAllowed()
    {
        float[] x = RandomFloats(100, 9);
        var expected = x.Select(v => Math.Max(v, 0f)).ToArray();
        Elementwise.Map1V<ReluF, float>(x, x, 100);
        Assert.Equal(expected, x);
    }

    [Fact]
    public void NaNPropagates()
    {
        float[] a = { float.NaN, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, float.NaN };
        var y = new float[a.Length];
        Elementwise.Map2V<AddOp<float>, float>(a, new float[] { 1 }, y, new[] { a.Length }, new[] { 1 }, new[] { 0 });
        Assert.True(float.IsNaN(y[0]) && float.IsNaN(y[^1]) && y[1] == 2);
    }

    [Fact]
    public void ShortSpansThrow()
    {
        var y = new float[6];
        Assert.Throws<ArgumentException>(() => Elementwise.Map2V<AddOp<float>, float>(new float[5], new float[6], y, new[] { 2, 3 }, new[] { 3, 1 }, new[] { 3, 1 }));
        Assert.Throws<ArgumentException>(() => Elementwise.Map2V<AddOp<float>, float>(new float[6], new float[6], new float[5], new[] { 2, 3 }, new[] { 3, 1 }, new[] { 3, 1 }));
        Assert.Throws<ArgumentException>(() => Elementwise.Map2V<AddOp<float>, float>(new float[6], new float[6], y, new[] { 2, 3 }, new[] { 3 }, new[] { 3, 1 }));
        Assert.Throws<ArgumentException>(() => Elementwise.Map1V<ReluF, float>(new float[4], new float[3], 4));
    }
}

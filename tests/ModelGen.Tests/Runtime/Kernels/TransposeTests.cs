using System;
using System.Linq;
using ModelGen.Runtime.Kernels;
using Xunit;
using static ModelGen.Tests.Runtime.Kernels.KernelTestUtil;

namespace ModelGen.Tests.Runtime.Kernels;

public class TransposeTests
{
    /// <summary>y[i_0..i_r] = x[j] where x's index along axis perm[d] is i_d.</summary>
    private static int[] Reference(int[] x, int[] inShape, int[] perm)
    {
        int[] outShape = perm.Select(p => inShape[p]).ToArray();
        int[] xs = Strides(inShape);
        var y = new int[x.Length];
        for (int i = 0; i < y.Length; i++)
        {
            int[] o = Unravel(i, outShape);
            int off = 0;
            for (int d = 0; d < o.Length; d++) off += o[d] * xs[perm[d]];
            y[i] = x[off];
        }
        return y;
    }

    public static TheoryData<int[], int[]> Cases => new()
    {
        { new[] { 1, 2, 3, 3, 5, 7 }, new[] { 0, 1, 4, 2, 5, 3 } }, // pixel shuffle (DepthToSpace CRD)
        { new[] { 2, 3, 2, 2, 17, 9 }, new[] { 0, 1, 4, 2, 5, 3 } },
        { new[] { 1, 3, 4, 2, 4, 2 }, new[] { 0, 1, 3, 5, 2, 4 } }, // space-to-depth
        { new[] { 33, 65 }, new[] { 1, 0 } },
        { new[] { 7, 17, 3 }, new[] { 2, 0, 1 } },
        { new[] { 7, 17, 3 }, new[] { 1, 0, 2 } },                  // last axis kept: row copies
        { new[] { 7, 17, 3 }, new[] { 0, 2, 1 } },
        { new[] { 7, 17, 3 }, new[] { 0, 1, 2 } },                  // identity
        { new[] { 1, 5, 1, 3 }, new[] { 2, 3, 0, 1 } },             // size-1 axes
        { new int[0], new int[0] },                                 // rank 0
        { new[] { 2, 3, 1, 2, 3, 2, 1, 3 }, new[] { 7, 3, 5, 0, 6, 2, 1, 4 } },
        { new[] { 65 }, new[] { 0 } },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesReference(int[] inShape, int[] perm)
    {
        int[] x = Enumerable.Range(0, Product(inShape)).ToArray();
        var y = new int[x.Length];
        Transpose.Run<int>(x, y, inShape, perm);
        Assert.Equal(Reference(x, inShape, perm), y);

        // Same data movement for a 2-byte and an 8-byte element type.
        var yh = new Half[x.Length];
        Transpose.Run<Half>(x.Select(v => (Half)(v % 1000)).ToArray(), yh, inShape, perm);
        Assert.Equal(Reference(x, inShape, perm).Select(v => (Half)(v % 1000)), yh);
        var yl = new long[x.Length];
        Transpose.Run<long>(x.Select(v => (long)v).ToArray(), yl, inShape, perm);
        Assert.Equal(Reference(x, inShape, perm).Select(v => (long)v), yl);
    }

    [Fact]
    public void BadArgumentsThrow()
    {
        Assert.Throws<ArgumentException>(() => Transpose.Run<int>(new int[6], new int[6], new[] { 2, 3 }, new[] { 0, 0 }));
        Assert.Throws<ArgumentException>(() => Transpose.Run<int>(new int[6], new int[5], new[] { 2, 3 }, new[] { 1, 0 }));
        Assert.Throws<ArgumentException>(() => Transpose.Run<int>(new int[6], new int[6], new[] { 2, 3 }, new[] { 1 }));
    }
}

using System;
using System.Linq;
using ModelGen.Runtime.Kernels;
using Xunit;

namespace ModelGen.Tests.Runtime.Kernels;

public class ConcatTests
{
    [Fact]
    public void ThreeInputsAlongMiddleAxis()
    {
        // [2, a, 3] with a = 1, 4, 2 → [2, 7, 3]
        int outer = 2, inner = 3;
        int[] axes = { 1, 4, 2 };
        int[][] inputs = axes.Select((a, i) => Enumerable.Range(100 * i, outer * a * inner).ToArray()).ToArray();
        int dstBlock = axes.Sum() * inner;
        var y = new int[outer * dstBlock];
        int offset = 0;
        for (int i = 0; i < inputs.Length; i++)
        {
            Concat.CopyBlock<int>(inputs[i], y, outer, axes[i] * inner, dstBlock, offset);
            offset += axes[i] * inner;
        }
        var expected = new int[y.Length];
        for (int o = 0; o < outer; o++)
        {
            int at = 0;
            for (int i = 0; i < inputs.Length; i++)
                for (int j = 0; j < axes[i] * inner; j++) expected[o * dstBlock + at++] = inputs[i][o * axes[i] * inner + j];
        }
        Assert.Equal(expected, y);
    }

    [Fact]
    public void SingleInputAndEmpty()
    {
        float[] x = { 1, 2, 3, 4, 5, 6, 7 };
        var y = new float[7];
        Concat.CopyBlock<float>(x, y, 1, 7, 7, 0);
        Assert.Equal(x, y);
        Concat.CopyBlock<float>(ReadOnlySpan<float>.Empty, y, 3, 0, 7, 7); // zero-length input
    }

    [Fact]
    public void BadArgumentsThrow()
    {
        Assert.Throws<ArgumentException>(() => Concat.CopyBlock<int>(new int[5], new int[12], 2, 3, 6, 0));
        Assert.Throws<ArgumentException>(() => Concat.CopyBlock<int>(new int[6], new int[11], 2, 3, 6, 3));
        Assert.Throws<ArgumentException>(() => Concat.CopyBlock<int>(new int[6], new int[12], 2, 3, 6, 4));
    }
}

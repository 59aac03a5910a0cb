using System;
using ModelGen.Runtime.Kernels;
using Xunit;

namespace ModelGen.Tests.Runtime.Kernels;

/// <summary>Kernels run on every inference: after warm-up a call must not allocate on the managed heap.</summary>
public class NoAllocationTests
{
    private static void AssertNoAllocation(Action call)
    {
        call(); // warm-up: JIT and type loading may allocate
        call();
        long before = GC.GetAllocatedBytesForCurrentThread();
        call();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void HotKernelsDoNotAllocate()
    {
        // Every array the calls use is created up front: the measured call itself must allocate nothing.
        float[] a = new float[4096], b = new float[4096], y = new float[4096], s = new float[8192];
        int[] i4 = { 4 }, i2 = { 2 }, i1 = new int[1];
        int[] shape = { 4, 8, 16 }, sa = { 128, 16, 1 }, sb = { 0, 16, 1 };
        int[] batch = { 2 }, aBatch = { 33 * 17 }, bBatch = { 0 };
        int[] inS = { 9, 9 }, k3 = { 3, 3 }, outS = { 9, 9 }, one = { 1, 1 };
        long[] idx = new long[4096], gatherIdx = { -1, 2 };
        int[] psShape = { 1, 4, 2, 2, 8, 8 }, psPerm = { 0, 1, 4, 2, 5, 3 };
        int[] tileIn = { 4, 16 }, tileOut = { 8, 48 };
        int[] slIn = { 16, 16 }, slStart = { 15, 1 }, slStep = { -2, 3 }, slOut = { 8, 5 };
        float[] qk = new float[1024];
        long[] positions = new long[16];
        int[] maskStrides = { 0, 0, 16 };
        int[] rsIn = { 1, 2, 16, 16 }, rsUp = { 1, 2, 32, 40 }, rsDown = { 1, 2, 5, 5 }, rsAxes = { 0, 1, 2, 3 };
        float[] rsUpScales = { 1, 1, 2, 2.5f }, rsDownScales = { 1, 1, 0.35f, 0.35f };
        AssertNoAllocation(() => Elementwise.Map2V<AddOp<float>, float>(a, b, y, shape, sa, sb));
        AssertNoAllocation(() => Elementwise.Map2<DivInt, int, int, int>(i4, i2, i1, ReadOnlySpan<int>.Empty, ReadOnlySpan<int>.Empty, ReadOnlySpan<int>.Empty));
        AssertNoAllocation(() => Elementwise.Map1V<ReluF, float>(a, y, 4096));
        AssertNoAllocation(() => Elementwise.Map1V<ExpF, float>(a, y, 4096));
        AssertNoAllocation(() => Gemm.Run<float>(a, b, ReadOnlySpan<float>.Empty, y, 33, 17, 65, false, true, 1f, 0f, 0, 0));
        AssertNoAllocation(() => Gemm.Run<float>(a, b, b, y, 2, 65, 33, false, true, 1f, 1f, 0, 1));
        AssertNoAllocation(() => MatMul.Run<float>(a, b, y, batch, aBatch, bBatch, 33, 7, 17));
        AssertNoAllocation(() => Conv.Im2ColGemm<float>(a, b, b, y, s, 81, 1, 4, 5, 1, inS, k3, outS, one, one, one));
        AssertNoAllocation(() => Conv.Direct<float>(a, b, b, y, 1, 4, 4, inS, k3, outS, one, one, one));
        AssertNoAllocation(() => Conv.Pointwise<float>(a, b, b, y, 1, 16, 8, 2, 81));
        AssertNoAllocation(() => MaxPool.Run<float>(a, y, idx, 1, 4, inS, k3, outS, one, one, one, 1));
        AssertNoAllocation(() => BatchNormalization.Run<float>(a, b, b, b, b, y, 2, 4, 81, 1e-5f));
        AssertNoAllocation(() => Softmax.Run<float>(a, y, 4, 8, 17));
        AssertNoAllocation(() => AveragePool.Run<float>(a, y, 1, 4, inS, k3, outS, one, one, one, one, true));
        AssertNoAllocation(() => LpPool.Run<float>(a, y, 1, 4, inS, k3, outS, one, one, one, 3f));
        AssertNoAllocation(() => GlobalPool.Average<float>(a, y, 4, 1000));
        AssertNoAllocation(() => GlobalPool.Max<float>(a, y, 4, 1000));
        AssertNoAllocation(() => Normalization.Run<float, float>(a, b, b, y, s, s.AsSpan(4096), 32, 16, 1e-5f, false, shape, sb, sb));
        AssertNoAllocation(() => LogSoftmax.Run<float>(a, y, 4, 8, 17));
        AssertNoAllocation(() => LogSoftmax.Run<float>(a, y, 4, 300, 1));
        AssertNoAllocation(() => Hardmax.Run<float>(a, y, 4, 8, 17));
        AssertNoAllocation(() => Tile.Run<float>(a.AsSpan(0, 64), y, tileIn, tileOut));
        AssertNoAllocation(() => Trilu.Run<float>(a, y, 2, 16, 32, 3, false));
        AssertNoAllocation(() => Transpose.Run<float>(a, y, psShape, psPerm));
        AssertNoAllocation(() => Concat.CopyBlock<float>(a.AsSpan(0, 64), y, 4, 16, 32, 16));
        AssertNoAllocation(() => Gather.Run<float>(a, gatherIdx, y, 4, 8, 16));
        AssertNoAllocation(() => Slice.Run<float>(a, y, slIn, slStart, slStep, slOut));
        AssertNoAllocation(() => Attention.Run<float>(a, b, b, b, ReadOnlySpan<bool>.Empty, ReadOnlySpan<float>.Empty, ReadOnlySpan<float>.Empty, ReadOnlySpan<long>.Empty,
            y, Span<float>.Empty, Span<float>.Empty, qk, s, 2, 4, 2, 8, 16, 0, 16, 16, false, Attention.AdditiveMask, 16, maskStrides, false, 0f, 2f, true, -1, -1, 3));
        AssertNoAllocation(() => RotaryEmbedding.Run<float>(a, b, b, positions, y, 2, 4, 8, 16, 8, 16, true, false));
        AssertNoAllocation(() => Resize.Run<float, float>(a, y, rsIn, rsUp, default, rsUpScales, default, rsAxes, 0, 0, 0, 0, -0.75f, false, false, 0f));
        AssertNoAllocation(() => Resize.Run<float, float>(a, y, rsIn, rsUp, default, rsUpScales, default, rsAxes, 0, 2, 3, 0, -0.5f, true, false, 0f));
        AssertNoAllocation(() => Resize.Run<float, float>(a, y, rsIn, rsDown, default, rsDownScales, default, rsAxes, 0, 1, 0, 0, -0.75f, false, true, 0f));
    }
}

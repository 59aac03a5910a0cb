using System;
using ModelGen.Runtime.Kernels;
using ModelGen.Runtime.Threading;
using ModelGen.Tests.Reliability;
using ModelGen.Tests.Runtime.Kernels;
using Xunit;
using static ModelGen.Tests.Runtime.Kernels.KernelTestUtil;

namespace ModelGen.Tests.Runtime.Threading;

/// <summary>
/// Issue 8's allocation check around the worker pool: the threaded kernels, on 2 threads, allocate nothing after
/// warm-up in the whole process (GC.GetTotalAllocatedBytes, so the workers' allocations count too), not only on the
/// calling thread (ThreadedKernelTests). It runs in the collection that runs alone, so no other test's allocations are
/// counted; of up to 20 windows of 10 calls, 50 ms apart, the smallest must be 0 bytes, because an allocation per call
/// would be in every window while a runtime housekeeping allocation, or another test's leftover background work, falls
/// in some.
/// </summary>
[Collection(StressCollection.Name)]
public sealed class WorkerPoolAllocationTests
{
    [Fact]
    public void Threaded_kernels_allocate_nothing_in_the_process_after_warm_up()
    {
        var range = new ParallelRange(2, processorCap: 2);
        const int m = 150, n = 530, k = 300; // n >= 512: the packed-A AVX-512 kernel where the machine has it
        float[] a = RandomFloats(m * k, 1), b = RandomFloats(k * n, 2), y = new float[m * n];
        int[] inS = { 30, 34 }, k3 = { 3, 3 }, ones = { 1, 1 };
        float[] x = RandomFloats(2 * 8 * 30 * 34, 3), w = RandomFloats(16 * 8 * 9, 4), bias = RandomFloats(16, 5);
        float[] cols = new float[72 * 256], yc = new float[2 * 16 * 30 * 34];
        float[] wd = RandomFloats(8 * 9, 6), yd = new float[2 * 8 * 30 * 34];
        // The blocked convolution (16 output channels from the plain 8-channel x) and the MatMul by a B packed at load time.
        float[] wb = new float[16 * 8 * 9], yb = new float[2 * 16 * 30 * 34], packedB = new float[Gemm.PackedLength(k, n)];
        BlockedLayout.PackBlockedWeights<float>(w, wb, 16, 8 * 9);
        // The shifted-input convolution: padded planes of 32 × 36, tiles of 8 output rows (split finer between the parts).
        float[] padded = new float[8 * 32 * 36 + Conv.ShiftedSlack], tile = new float[16 * 8 * 36], ys = new float[2 * 16 * 30 * 34];
        Gemm.PackB<float>(b, packedB, k, n, transposed: false);
        // Attention's blocked path (2 batches × 4 heads × two blocks of queries, each part with its scores) and a packed
        // product with a residual epilogue, which it shares out by rows after the product.
        float[] q = RandomFloats(2 * 4 * 100 * 16, 7), scores = new float[Attention.BlockRows * 100], ya = new float[2 * 4 * 100 * 16];
        float[] residual = RandomFloats(m * n, 8), yr = new float[m * n];
        void Calls()
        {
            MatMul.Run<float>(a, b, y, default, default, default, m, n, k, range);
            Conv.Im2ColGemm<float>(x, w, bias, yc, cols, 256, 2, 8, 16, 1, inS, k3, inS, ones, ones, ones, range);
            Conv.Direct<float>(x, wd, bias.AsSpan(0, 8), yd, 2, 8, 8, inS, k3, inS, ones, ones, ones, range); // the depthwise square planes
            Conv.Blocked<float>(x, wb, bias, yb, false, true, 2, 8, 16, inS, k3, inS, ones, ones, ones, range);
            Conv.Shifted<float>(x, w, bias, ys, padded, tile, 8, 2, 8, 16, inS, k3, inS, ones, ones, ones, range);
            MatMul.RunPacked<float>(a, packedB, default, y, m, n, k, range);
            MatMul.RunPacked<float, Epilogue2V<AddOp<float>, float>>(a, packedB, default, residual, yr, m, n, k, range);
            Attention.Run<float>(q, q, q, default, default, default, default, default, ya, default, default, default, scores,
                2, 4, 4, 100, 100, 0, 16, 16, false, Attention.NoMask, 0, default, false, 0f, 0f, false, -1, -1, 0, false, range);
        }
        for (int i = 0; i < 3; i++) Calls();
        long smallest = long.MaxValue;
        for (int window = 0; window < Windows && smallest != 0; window++)
        {
            // Spaced out: work another test left running in the background (a build's output readers, a timer) can
            // allocate in a few windows close together, but not in every window over a second.
            if (window > 0) System.Threading.Thread.Sleep(50);
            long before = GC.GetTotalAllocatedBytes(precise: true);
            for (int i = 0; i < 10; i++) Calls();
            smallest = Math.Min(smallest, GC.GetTotalAllocatedBytes(precise: true) - before);
        }
        Assert.Equal(0, smallest);
    }

    private const int Windows = 20;
}

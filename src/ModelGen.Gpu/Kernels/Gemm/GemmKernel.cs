using ILGPU;
using ModelGen.Gpu.Kernels.Elementwise;

namespace ModelGen.Gpu.Kernels.Gemm;

/// <summary>The tiled SGEMM with shared-memory staging and per-thread register blocking.</summary>
internal static class GemmKernel
{
    /// <summary>
    /// Floats of padding per k-row of a shared slice: a row of BlockM + 4 floats puts the eight k-rows of a warp's
    /// transposing stores in different banks (with BlockM a multiple of 32 they would all hit the same four).
    /// </summary>
    private const int SlicePad = 4;

    /// <summary>
    /// C = act(alpha·op(A)·op(B) + beta·bias) for the tile of C at (Grid.IdxY, Grid.IdxX) of batch Grid.IdxZ.
    /// Launched with (BlockM/ThreadM)·(BlockN/ThreadN) threads per group (see <see cref="GemmArgs"/>).
    /// </summary>
    /// <remarks>
    /// Each K-step copies a BlockK×BlockM slice of op(A) and a BlockK×BlockN slice of op(B) to shared memory, both
    /// k-major, then every thread adds ThreadM·ThreadN products per k from registers (<see cref="IGemmTile.Accumulate"/>).
    /// A thread owns rows threadRow + i·(BlockM/ThreadM) and columns threadCol + j·(BlockN/ThreadN): interleaved, so a
    /// warp's shared loads hit consecutive banks and its stores of C are contiguous. Ragged M, N and K edges load
    /// zeros, so the inner loop has no bounds checks; only the stores are guarded. The two barriers per step keep
    /// the next copy from overwriting a slice another thread still reads.
    /// </remarks>
    public static void Tiled<TTile, TAct>(
        GemmArgs p, ArrayView<float> a, ArrayView<float> b, ArrayView<float> bias, ArrayView<float> c, TAct act)
        where TTile : struct, IGemmTile
        where TAct : struct, IUnaryOp
    {
        TTile sums = default;
        int blockM = sums.BlockM;
        int blockN = sums.BlockN;
        int blockK = sums.BlockK;
        int rowThreads = blockM / sums.ThreadM;
        int colThreads = blockN / sums.ThreadN;
        int threads = rowThreads * colThreads;
        int aPitch = blockM + SlicePad;
        int bPitch = blockN + SlicePad;

        ArrayView<float> aSlice = SharedMemory.Allocate<float>(sums.BlockK * (sums.BlockM + SlicePad));
        ArrayView<float> bSlice = SharedMemory.Allocate<float>(sums.BlockK * (sums.BlockN + SlicePad));

        int tid = Group.IdxX;
        int threadRow = tid / colThreads;
        int threadCol = tid - threadRow * colThreads;
        int rowBase = Grid.IdxY * blockM;
        int colBase = Grid.IdxX * blockN;
        int outer = Grid.IdxZ / p.BatchInner;
        int inner = Grid.IdxZ - outer * p.BatchInner;
        long aBase = outer * p.BatchA0 + inner * p.BatchA1;
        long bBase = outer * p.BatchB0 + inner * p.BatchB1;

        for (int k0 = 0; k0 < p.K; k0 += blockK)
        {
            // op(A) is M×K: stored K-major when transposed. op(B) is K×N: stored K-major when not transposed.
            StageSlice(a, aBase, p.Lda, p.TransA != 0, rowBase, p.M, k0, p.K, blockM, blockK, aSlice, aPitch, tid, threads);
            StageSlice(b, bBase, p.Ldb, p.TransB == 0, colBase, p.N, k0, p.K, blockN, blockK, bSlice, bPitch, tid, threads);
            Group.Barrier();
            for (int kk = 0; kk < blockK; kk++)
            {
                sums.Accumulate(aSlice, kk * aPitch + threadRow, rowThreads, bSlice, kk * bPitch + threadCol, colThreads);
            }

            Group.Barrier();
        }

        var epilogue = new GemmEpilogue<TAct>(
            p, bias, outer * p.BiasBatch0 + inner * p.BiasBatch1, c, outer * p.BatchC0 + inner * p.BatchC1, act);
        sums.Store(epilogue, rowBase + threadRow, rowThreads, colBase + threadCol, colThreads);
    }

    /// <summary>
    /// Copies the BlockK × extent slice of one operand (rows or columns first..first+extent of op(X), depths
    /// k0..k0+BlockK) into shared memory as slice[k·pitch + i], zeros outside the matrix.
    /// </summary>
    /// <remarks>
    /// The slice is walked in the operand's stored order (<paramref name="depthMajor"/>: stored as depth × extent),
    /// so consecutive threads read consecutive addresses of global memory.
    /// </remarks>
    private static void StageSlice(
        ArrayView<float> x, long xBase, int ld, bool depthMajor, int first, int limit, int k0, int depthLimit,
        int extent, int blockK, ArrayView<float> slice, int pitch, int tid, int threads)
    {
        for (int e = tid; e < blockK * extent; e += threads)
        {
            int kk = depthMajor ? e / extent : e - e / blockK * blockK;
            int index = depthMajor ? e - kk * extent : e / blockK;
            int outer = first + index;
            int depth = k0 + kk;
            float value = 0f;
            if (outer < limit && depth < depthLimit)
            {
                value = depthMajor ? x[xBase + (long)depth * ld + outer] : x[xBase + (long)outer * ld + depth];
            }

            slice[kk * pitch + index] = value;
        }
    }
}

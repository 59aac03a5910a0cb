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
            for (int e = tid; e < blockK * blockM; e += threads)
            {
                // Walk the slice in the stored order, so consecutive threads read consecutive addresses.
                int kk = p.TransA != 0 ? e / blockM : e - e / blockK * blockK;
                int mm = p.TransA != 0 ? e - kk * blockM : e / blockK;
                int row = rowBase + mm;
                int depth = k0 + kk;
                float value = 0f;
                if (row < p.M && depth < p.K)
                {
                    value = p.TransA != 0 ? a[aBase + (long)depth * p.Lda + row] : a[aBase + (long)row * p.Lda + depth];
                }

                aSlice[kk * aPitch + mm] = value;
            }

            for (int e = tid; e < blockK * blockN; e += threads)
            {
                int kk = p.TransB != 0 ? e - e / blockK * blockK : e / blockN;
                int nn = p.TransB != 0 ? e / blockK : e - kk * blockN;
                int col = colBase + nn;
                int depth = k0 + kk;
                float value = 0f;
                if (col < p.N && depth < p.K)
                {
                    value = p.TransB != 0 ? b[bBase + (long)col * p.Ldb + depth] : b[bBase + (long)depth * p.Ldb + col];
                }

                bSlice[kk * bPitch + nn] = value;
            }

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
}

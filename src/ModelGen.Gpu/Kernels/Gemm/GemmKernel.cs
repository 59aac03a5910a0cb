using ILGPU;
using ModelGen.Gpu.Kernels.Elementwise;

namespace ModelGen.Gpu.Kernels.Gemm;

/// <summary>The tiled SGEMM with shared-memory staging and per-thread register blocking.</summary>
internal static class GemmKernel
{
    /// <summary>
    /// C = act(alpha·op(A)·op(B) + beta·bias) for the tile of C at (Grid.IdxY, Grid.IdxX) of batch Grid.IdxZ.
    /// Launched with (BlockM/ThreadM)·(BlockN/ThreadN) threads per group (see <see cref="GemmArgs"/>).
    /// </summary>
    /// <remarks>
    /// Each K-step copies a BlockK×BlockM slice of op(A) and a BlockK×BlockN slice of op(B) to shared memory, both
    /// k-major so the inner product reads a thread's ThreadM and ThreadN operands from contiguous addresses, then every
    /// thread does ThreadM·ThreadN FMAs per k from registers. Ragged M, N and K edges load zeros, so the inner loop has
    /// no bounds checks; only the stores are guarded. The two barriers per step keep the next copy from overwriting a
    /// slice another thread still reads.
    /// </remarks>
    public static void Tiled<TTile, TAct>(
        GemmArgs p, ArrayView<float> a, ArrayView<float> b, ArrayView<float> bias, ArrayView<float> c, TAct act)
        where TTile : struct, IGemmTile
        where TAct : struct, IUnaryOp
    {
        TTile tile = default;
        int blockM = tile.BlockM;
        int blockN = tile.BlockN;
        int blockK = tile.BlockK;
        int threadM = tile.ThreadM;
        int threadN = tile.ThreadN;
        int threads = blockM / threadM * (blockN / threadN);

        ArrayView<float> aSlice = SharedMemory.Allocate<float>(tile.BlockK * tile.BlockM);
        ArrayView<float> bSlice = SharedMemory.Allocate<float>(tile.BlockK * tile.BlockN);
        ArrayView<float> sums = LocalMemory.Allocate<float>(tile.ThreadM * tile.ThreadN);
        ArrayView<float> aRegs = LocalMemory.Allocate<float>(tile.ThreadM);
        ArrayView<float> bRegs = LocalMemory.Allocate<float>(tile.ThreadN);

        int tid = Group.IdxX;
        int threadRow = tid / (blockN / threadN);
        int threadCol = tid - threadRow * (blockN / threadN);
        int rowBase = Grid.IdxY * blockM;
        int colBase = Grid.IdxX * blockN;
        int outer = Grid.IdxZ / p.BatchInner;
        int inner = Grid.IdxZ - outer * p.BatchInner;
        long aBase = outer * p.BatchA0 + inner * p.BatchA1;
        long bBase = outer * p.BatchB0 + inner * p.BatchB1;

        for (int i = 0; i < threadM * threadN; i++)
        {
            sums[i] = 0f;
        }

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

                aSlice[kk * blockM + mm] = value;
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

                bSlice[kk * blockN + nn] = value;
            }

            Group.Barrier();
            for (int kk = 0; kk < blockK; kk++)
            {
                for (int i = 0; i < threadM; i++)
                {
                    aRegs[i] = aSlice[kk * blockM + threadRow * threadM + i];
                }

                for (int j = 0; j < threadN; j++)
                {
                    bRegs[j] = bSlice[kk * blockN + threadCol * threadN + j];
                }

                for (int i = 0; i < threadM; i++)
                {
                    for (int j = 0; j < threadN; j++)
                    {
                        sums[i * threadN + j] += aRegs[i] * bRegs[j];
                    }
                }
            }

            Group.Barrier();
        }

        long cBase = outer * p.BatchC0 + inner * p.BatchC1;
        long biasBase = outer * p.BiasBatch0 + inner * p.BiasBatch1;
        for (int i = 0; i < threadM; i++)
        {
            int row = rowBase + threadRow * threadM + i;
            for (int j = 0; j < threadN; j++)
            {
                int col = colBase + threadCol * threadN + j;
                if (row < p.M && col < p.N)
                {
                    float value = p.Alpha * sums[i * threadN + j];
                    if (p.HasBias != 0)
                    {
                        value += p.Beta * bias[biasBase + (long)row * p.BiasStrideM + (long)col * p.BiasStrideN];
                    }

                    c[cBase + (long)row * p.Ldc + col] = act.Apply(value);
                }
            }
        }
    }
}

using System;
using System.Collections.Generic;
using ILGPU;
using ILGPU.Runtime;
using ModelGen.Gpu.Kernels.Elementwise;
using ModelGen.Gpu.Kernels.Gemm;

namespace ModelGen.Gpu.Kernels;

public sealed partial class GpuKernels
{
    /// <summary>The most batches one GEMM launch takes (CUDA's grid z limit).</summary>
    public const int MaxGemmBatches = 65535;

    /// <summary>
    /// C = act(alpha·op(A)·op(B) + beta·bias) for <paramref name="batches"/> products (a multiple of
    /// <see cref="GemmArgs.BatchInner"/>), with the tile <typeparamref name="TTile"/>. Without a bias
    /// (<see cref="GemmArgs.HasBias"/> 0) <paramref name="bias"/> may be <see cref="ArrayView{T}.Empty"/>.
    /// </summary>
    public void Gemm<TTile, TAct>(
        AcceleratorStream stream, GemmArgs args, int batches,
        ArrayView<float> a, ArrayView<float> b, ArrayView<float> bias, ArrayView<float> c, TAct act)
        where TTile : struct, IGemmTile
        where TAct : struct, IUnaryOp
    {
        CheckGemm(args, batches, a, b, bias, c);
        int threads = GemmTileInfo.Threads<TTile>();
        if (threads > Accelerator.MaxNumThreadsPerGroup)
        {
            throw new ArgumentException(
                $"{typeof(TTile).Name} needs {threads} threads per group but {Accelerator.Name} allows {Accelerator.MaxNumThreadsPerGroup}.");
        }

        TTile tile = default;
        var config = new KernelConfig(
            new Index3D((args.N + tile.BlockN - 1) / tile.BlockN, (args.M + tile.BlockM - 1) / tile.BlockM, batches),
            new Index3D(threads, 1, 1));
        var launch = cache.GetOrLoad(
            new KernelKey("Gemm", typeof(TTile), typeof(TAct)),
            static acc => acc.LoadKernel<GemmArgs, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, TAct>(
                GemmKernel.Tiled<TTile, TAct>));
        launch(stream, config, args, a, b, bias, c, act);
    }

    /// <summary>
    /// The same product with the tile chosen for the shape (<see cref="GemmTileChoice"/>): <paramref name="tile"/>, the
    /// generator's build-time choice for its target, when its group fits this accelerator, else the choice for this
    /// accelerator.
    /// </summary>
    public void Gemm<TAct>(
        AcceleratorStream stream, GemmArgs args, int batches,
        ArrayView<float> a, ArrayView<float> b, ArrayView<float> bias, ArrayView<float> c, TAct act, GemmTileSize? tile = null)
        where TAct : struct, IUnaryOp
    {
        switch (GemmTileChoice.Choose(Accelerator, args, batches, tile))
        {
            case GemmTileSize.Tile128:
                Gemm<GemmTile128, TAct>(stream, args, batches, a, b, bias, c, act);
                break;
            case GemmTileSize.Tile64:
                Gemm<GemmTile64, TAct>(stream, args, batches, a, b, bias, c, act);
                break;
            default:
                Gemm<GemmTile32, TAct>(stream, args, batches, a, b, bias, c, act);
                break;
        }
    }

    /// <summary>
    /// ONNX MatMul of contiguous tensors of rank 2 to 4 with broadcast batch dims ([2,1,M,K] × [1,3,K,N] gives
    /// [2,3,M,N]), as one batched GEMM launch whose broadcast side has batch stride 0; <paramref name="tile"/> as in
    /// <see cref="Gemm{TAct}"/>.
    /// </summary>
    public void MatMul(
        AcceleratorStream stream, ArrayView<float> a, IReadOnlyList<long> aShape, ArrayView<float> b, IReadOnlyList<long> bShape,
        ArrayView<float> c, GemmTileSize? tile = null)
    {
        GemmArgs args = MatMulPlan.Create(aShape, bShape, out int batches);
        Gemm(stream, args, batches, a, b, ArrayView<float>.Empty, c, default(IdentityOp), tile);
    }

    private static void CheckGemm(in GemmArgs p, int batches, ArrayView<float> a, ArrayView<float> b, ArrayView<float> bias, ArrayView<float> c)
    {
        if (p.M < 1 || p.N < 1 || p.K < 1 || p.BatchInner < 1 || batches < 1 || batches % p.BatchInner != 0 || batches > MaxGemmBatches)
        {
            throw new ArgumentException(
                $"GEMM needs M, N, K ≥ 1 and 1 ≤ batches ≤ {MaxGemmBatches} a multiple of BatchInner; got M={p.M}, N={p.N}, " +
                $"K={p.K}, batches={batches}, BatchInner={p.BatchInner}.");
        }

        int outer = batches / p.BatchInner;
        int inner = p.BatchInner;
        RequireLength(a, Extent(p.TransA != 0 ? p.K : p.M, p.TransA != 0 ? p.M : p.K, p.Lda, outer, inner, p.BatchA0, p.BatchA1), nameof(a));
        RequireLength(b, Extent(p.TransB != 0 ? p.N : p.K, p.TransB != 0 ? p.K : p.N, p.Ldb, outer, inner, p.BatchB0, p.BatchB1), nameof(b));
        RequireLength(c, Extent(p.M, p.N, p.Ldc, outer, inner, p.BatchC0, p.BatchC1), nameof(c));
        if (p.HasBias != 0)
        {
            long last = (outer - 1) * p.BiasBatch0 + (inner - 1) * p.BiasBatch1 + (long)(p.M - 1) * p.BiasStrideM + (long)(p.N - 1) * p.BiasStrideN;
            RequireLength(bias, last + 1, nameof(bias));
        }
    }

    /// <summary>Elements a strided rows×cols matrix spans over all batches; checks the leading dimension.</summary>
    private static long Extent(int rows, int cols, int leading, int outer, int inner, long stride0, long stride1)
    {
        if (leading < cols)
        {
            throw new ArgumentException($"A leading dimension of {leading} is shorter than the {cols} stored columns.");
        }

        return (outer - 1) * stride0 + (inner - 1) * stride1 + (long)(rows - 1) * leading + cols;
    }
}

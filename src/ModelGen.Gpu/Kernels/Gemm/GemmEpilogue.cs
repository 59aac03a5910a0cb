using ILGPU;
using ModelGen.Gpu.Kernels.Elementwise;

namespace ModelGen.Gpu.Kernels.Gemm;

/// <summary>The store of one element of C: c = act(alpha·sum + beta·bias), skipped outside the matrix (ragged edges).</summary>
public readonly struct GemmEpilogue<TAct>
    where TAct : struct, IUnaryOp
{
    private readonly GemmArgs args;
    private readonly ArrayView<float> bias;
    private readonly ArrayView<float> c;
    private readonly long biasBase;
    private readonly long cBase;
    private readonly TAct act;

    /// <summary>The epilogue of one batch of the product.</summary>
    public GemmEpilogue(in GemmArgs args, ArrayView<float> bias, long biasBase, ArrayView<float> c, long cBase, TAct act)
    {
        this.args = args;
        this.bias = bias;
        this.biasBase = biasBase;
        this.c = c;
        this.cBase = cBase;
        this.act = act;
    }

    /// <summary>Writes C[row, col] from its accumulated sum, if (row, col) is inside C.</summary>
    public void Store(int row, int col, float sum)
    {
        if (row < args.M && col < args.N)
        {
            float value = args.Alpha * sum;
            if (args.HasBias != 0)
            {
                value += args.Beta * bias[biasBase + (long)row * args.BiasStrideM + (long)col * args.BiasStrideN];
            }

            c[cBase + (long)row * args.Ldc + col] = act.Apply(value);
        }
    }
}

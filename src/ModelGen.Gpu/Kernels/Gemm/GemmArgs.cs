using System;

namespace ModelGen.Gpu.Kernels.Gemm;

/// <summary>
/// One (batched) product C = act(alpha·op(A)·op(B) + beta·bias), passed to the GEMM kernel by value. Matrices are
/// row-major with leading dimensions; op(X) is X or Xᵀ.
/// </summary>
/// <remarks>
/// Batches are two-level (z = outer·BatchInner + inner) so both ONNX MatMul's broadcast batch dims ([2,1,M,K] ×
/// [1,3,K,N]: a stride of 0 on the broadcast side) and a grouped convolution over several images fit one launch.
/// The bias is read at bias[outer·BiasBatch0 + inner·BiasBatch1 + m·BiasStrideM + n·BiasStrideN], which covers
/// ONNX Gemm's C broadcast ([N], [M,1], [M,N], a scalar) and a convolution's per-channel bias.
/// </remarks>
public struct GemmArgs
{
    /// <summary>Rows of op(A) and C.</summary>
    public int M;

    /// <summary>Columns of op(B) and C.</summary>
    public int N;

    /// <summary>Columns of op(A), rows of op(B).</summary>
    public int K;

    /// <summary>Row stride of A as stored.</summary>
    public int Lda;

    /// <summary>Row stride of B as stored.</summary>
    public int Ldb;

    /// <summary>Row stride of C.</summary>
    public int Ldc;

    /// <summary>1 when A is stored K×M (op(A) = Aᵀ).</summary>
    public int TransA;

    /// <summary>1 when B is stored N×K (op(B) = Bᵀ).</summary>
    public int TransB;

    /// <summary>Scale of the product.</summary>
    public float Alpha;

    /// <summary>Scale of the bias (ignored without one).</summary>
    public float Beta;

    /// <summary>1 when a bias is added.</summary>
    public int HasBias;

    /// <summary>Bias stride along m (0: broadcast over rows).</summary>
    public int BiasStrideM;

    /// <summary>Bias stride along n (0: broadcast over columns).</summary>
    public int BiasStrideN;

    /// <summary>The inner batch count; the launch's z extent is outer·BatchInner.</summary>
    public int BatchInner;

    /// <summary>Element strides of A, B, C and the bias per outer and per inner batch index (0: broadcast).</summary>
    public long BatchA0, BatchA1, BatchB0, BatchB1, BatchC0, BatchC1, BiasBatch0, BiasBatch1;

    /// <summary>
    /// A plain product of contiguous row-major matrices: op(A) is M×K, op(B) is K×N, C is M×N, one batch.
    /// </summary>
    public static GemmArgs Dense(int m, int n, int k, bool transA = false, bool transB = false, float alpha = 1f)
    {
        if (m < 1 || n < 1 || k < 1)
        {
            throw new ArgumentException($"GEMM dims must be at least 1, got M={m}, N={n}, K={k}.");
        }

        return new GemmArgs
        {
            M = m,
            N = n,
            K = k,
            Lda = transA ? m : k,
            Ldb = transB ? k : n,
            Ldc = n,
            TransA = transA ? 1 : 0,
            TransB = transB ? 1 : 0,
            Alpha = alpha,
            BatchInner = 1,
        };
    }

    /// <summary>This product with a bias scaled by beta, read with the given strides.</summary>
    public readonly GemmArgs WithBias(float beta, int strideM, int strideN) =>
        this with { HasBias = 1, Beta = beta, BiasStrideM = strideM, BiasStrideN = strideN };
}

using System;
using System.Numerics;
using ModelGen.Runtime.Threading;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>ONNX MatMul: batched matrix product, batch broadcasting already resolved by the compiler.</summary>
public static partial class MatMul
{
    /// <summary>
    /// y[batch..., m, n] = a[batch..., m, k] × b[batch..., k, n]. y is contiguous; a's matrix for batch index
    /// (i_0..i_r) starts at Σ i_d*aBatchStrides[d] (element offsets, 0 along broadcast axes), likewise b.
    /// </summary>
    /// <param name="a">Left operand.</param>
    /// <param name="b">Right operand.</param>
    /// <param name="y">Output, batchShape×m×n contiguous.</param>
    /// <param name="batchShape">Output batch dimensions (may be empty).</param>
    /// <param name="aBatchStrides">a's element stride per batch axis.</param>
    /// <param name="bBatchStrides">b's element stride per batch axis.</param>
    /// <param name="m">Rows of each a matrix.</param>
    /// <param name="n">Columns of each b matrix.</param>
    /// <param name="k">Inner dimension.</param>
    /// <param name="threads">The model's thread budget (null: the calling thread only); any budget gives the same bits.</param>
    public static void Run<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y, ReadOnlySpan<int> batchShape,
        ReadOnlySpan<int> aBatchStrides, ReadOnlySpan<int> bBatchStrides, int m, int n, int k, ParallelRange? threads = null) where T : unmanaged, INumber<T> =>
        Run<T, NoEpilogue<T>>(a, b, default, y, batchShape, aBatchStrides, bBatchStrides, m, n, k, threads);

    /// <summary>
    /// <see cref="Run{T}"/> followed by an epilogue (a fused activation, a residual Add), applied to each block of
    /// rows as soon as the product has written it (see <see cref="Gemm.EpilogueRows"/>).
    /// </summary>
    /// <param name="a">Left operand.</param>
    /// <param name="b">Right operand.</param>
    /// <param name="residual">The epilogue's second operand (y's shape), or empty.</param>
    /// <param name="y">Output, batchShape×m×n contiguous.</param>
    /// <param name="batchShape">Output batch dimensions (may be empty).</param>
    /// <param name="aBatchStrides">a's element stride per batch axis.</param>
    /// <param name="bBatchStrides">b's element stride per batch axis.</param>
    /// <param name="m">Rows of each a matrix.</param>
    /// <param name="n">Columns of each b matrix.</param>
    /// <param name="k">Inner dimension.</param>
    /// <param name="threads">The model's thread budget (null: the calling thread only); any budget gives the same bits.</param>
    public static void Run<T, TEpilogue>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, ReadOnlySpan<T> residual, Span<T> y, ReadOnlySpan<int> batchShape,
        ReadOnlySpan<int> aBatchStrides, ReadOnlySpan<int> bBatchStrides, int m, int n, int k, ParallelRange? threads = null) where T : unmanaged, INumber<T> where TEpilogue : struct, IEpilogue<T> =>
        RunBiased<T, TEpilogue>(a, b, default, residual, y, batchShape, aBatchStrides, bBatchStrides, m, n, k, threads);

    /// <summary>
    /// y[batch..., m, n] = a × b + bias[n]: <see cref="Run{T}"/> plus a per-column bias (the BERT projection
    /// [B,S,H] × [H,H] + bias[H]), which y starts from before the product accumulates on top, as Gemm's C does.
    /// </summary>
    /// <param name="a">Left operand.</param>
    /// <param name="b">Right operand.</param>
    /// <param name="bias">One value per column (n elements).</param>
    /// <param name="y">Output, batchShape×m×n contiguous.</param>
    /// <param name="batchShape">Output batch dimensions (may be empty).</param>
    /// <param name="aBatchStrides">a's element stride per batch axis.</param>
    /// <param name="bBatchStrides">b's element stride per batch axis.</param>
    /// <param name="m">Rows of each a matrix.</param>
    /// <param name="n">Columns of each b matrix.</param>
    /// <param name="k">Inner dimension.</param>
    /// <param name="threads">The model's thread budget (null: the calling thread only); any budget gives the same bits.</param>
    public static void RunBiased<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, ReadOnlySpan<T> bias, Span<T> y, ReadOnlySpan<int> batchShape,
        ReadOnlySpan<int> aBatchStrides, ReadOnlySpan<int> bBatchStrides, int m, int n, int k, ParallelRange? threads = null) where T : unmanaged, INumber<T> =>
        RunBiased<T, NoEpilogue<T>>(a, b, bias, default, y, batchShape, aBatchStrides, bBatchStrides, m, n, k, threads);

    /// <summary>
    /// <see cref="RunBiased{T}"/> followed by an epilogue (a fused activation, a residual Add), applied to each block
    /// of rows as soon as the product has written it; the bias is already in (the epilogue sees a × b + bias).
    /// </summary>
    /// <param name="a">Left operand.</param>
    /// <param name="b">Right operand.</param>
    /// <param name="bias">One value per column (n elements), or empty for none.</param>
    /// <param name="residual">The epilogue's second operand (y's shape), or empty.</param>
    /// <param name="y">Output, batchShape×m×n contiguous.</param>
    /// <param name="batchShape">Output batch dimensions (may be empty).</param>
    /// <param name="aBatchStrides">a's element stride per batch axis.</param>
    /// <param name="bBatchStrides">b's element stride per batch axis.</param>
    /// <param name="m">Rows of each a matrix.</param>
    /// <param name="n">Columns of each b matrix.</param>
    /// <param name="k">Inner dimension.</param>
    /// <param name="threads">The model's thread budget (null: the calling thread only); any budget gives the same bits.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RunBiased<T, TEpilogue>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, ReadOnlySpan<T> bias, ReadOnlySpan<T> residual, Span<T> y, ReadOnlySpan<int> batchShape,
        ReadOnlySpan<int> aBatchStrides, ReadOnlySpan<int> bBatchStrides, int m, int n, int k, ParallelRange? threads = null) where T : unmanaged, INumber<T> where TEpilogue : struct, IEpilogue<T>
    {
        int rank = batchShape.Length;
        if (rank > 8 || aBatchStrides.Length != rank || bBatchStrides.Length != rank)
            throw new ArgumentException("batchShape and both stride lists must have the same length (at most 8).");
        if (m < 0 || n < 0 || k < 0) throw new ArgumentException("Negative MatMul dimension.");
        int batches = Simd.Product(batchShape, nameof(batchShape));
        long aLast = 0, bLast = 0;
        bool bShared = true, aPacked = true;
        long expect = (long)m * k;
        for (int d = rank - 1; d >= 0; d--)
        {
            if (aBatchStrides[d] < 0 || bBatchStrides[d] < 0) throw new ArgumentException("Negative batch stride.");
            aLast += (long)(batchShape[d] - 1) * aBatchStrides[d];
            bLast += (long)(batchShape[d] - 1) * bBatchStrides[d];
            if (batchShape[d] != 1)
            {
                bShared &= bBatchStrides[d] == 0;
                aPacked &= aBatchStrides[d] == expect;
                expect *= batchShape[d];
            }
        }
        Simd.Need(y.Length, (long)batches * m * n, nameof(y));
        if (batches == 0 || m == 0 || n == 0) return;
        Simd.Need(a.Length, aLast + (long)m * k, nameof(a));
        Simd.Need(b.Length, bLast + (long)k * n, nameof(b));
        if (!residual.IsEmpty) Simd.Need(residual.Length, (long)batches * m * n, nameof(residual));
        bool accumulate = !bias.IsEmpty;
        if (accumulate)
        {
            // y starts as the bias in every row; the product is accumulated on top (one O(rows·n) pass of block copies).
            Simd.Need(bias.Length, n, nameof(bias));
            var row = bias.Slice(0, n);
            for (long r = 0, rows = (long)batches * m; r < rows; r++) row.CopyTo(y.Slice((int)(r * n), n));
        }

        if (bShared && aPacked)
        {
            // [batch.., m, k] × [k, n]: one tall product (batches*m rows) keeps each packed B panel hot.
            if (TEpilogue.IsIdentity) Gemm.Product(a, 0, k, 1, b, 0, n, 1, y, 0, n, batches * m, n, k, T.One, accumulate, default, 0, 0, 0, threads);
            else Gemm.ProductWithEpilogue<T, TEpilogue>(a, 0, k, 1, b, 0, n, 1, y, 0, residual, batches * m, n, k, T.One, accumulate, threads);
            return;
        }
        if (ParallelRange.PartsFor(threads, batches, (long)batches * m * n * k) > 1)
        {
            // Whole matrices to each thread (attention's many small products): each is the single-thread product.
            Batches<T, TEpilogue>(a, b, residual, y, batchShape, aBatchStrides, bBatchStrides, batches, m, n, k, accumulate, threads);
            return;
        }

        Span<int> idx = stackalloc int[8];
        idx.Clear();
        int aOff = 0, bOff = 0;
        for (int bi = 0; bi < batches; bi++)
        {
            if (TEpilogue.IsIdentity) Gemm.Product(a, aOff, k, 1, b, bOff, n, 1, y, bi * m * n, n, m, n, k, T.One, accumulate, default, 0, 0, 0, threads);
            else Gemm.ProductWithEpilogue<T, TEpilogue>(a, aOff, k, 1, b, bOff, n, 1, y, bi * m * n, residual, m, n, k, T.One, accumulate, threads);
            // Odometer over the batch axes: offsets move by strides, no per-batch div/mod.
            for (int d = rank - 1; d >= 0; d--)
            {
                aOff += aBatchStrides[d];
                bOff += bBatchStrides[d];
                if (++idx[d] < batchShape[d]) break;
                aOff -= aBatchStrides[d] * batchShape[d];
                bOff -= bBatchStrides[d] * batchShape[d];
                idx[d] = 0;
            }
        }
    }
}

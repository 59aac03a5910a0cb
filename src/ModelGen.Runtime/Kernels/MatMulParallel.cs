using System;
using System.Numerics;
using ModelGen.Runtime.Threading;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// Batched products with per-batch operands shared out by whole matrices: each part walks its batch indices with
/// the same odometer and runs the same single-thread product per matrix, so y is bit-identical for any thread count.
/// </summary>
public static partial class MatMul
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Batches<T, TEpilogue>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, ReadOnlySpan<T> residual, Span<T> y, ReadOnlySpan<int> batchShape,
        ReadOnlySpan<int> aBatchStrides, ReadOnlySpan<int> bBatchStrides, int batches, int m, int n, int k, bool accumulate, ParallelRange? threads)
        where T : unmanaged, INumber<T> where TEpilogue : struct, IEpilogue<T>
    {
        fixed (T* pa = a, pb = b, pr = residual, py = y)
        {
            var job = new BatchJob<T, TEpilogue>
            {
                A = pa, ALength = a.Length, B = pb, BLength = b.Length, R = pr, RLength = residual.Length, Y = py, YLength = y.Length,
                Rank = batchShape.Length, M = m, N = n, K = k, Accumulate = accumulate,
            };
            for (int d = 0; d < batchShape.Length; d++)
            {
                job.Shape[d] = batchShape[d];
                job.AStrides[d] = aBatchStrides[d];
                job.BStrides[d] = bBatchStrides[d];
            }
            ParallelRange.For(threads, batches, (long)batches * m * n * k, job, chunksPerThread: 1);
        }
    }

    private unsafe struct BatchJob<T, TEpilogue> : IRangeJob where T : unmanaged, INumber<T> where TEpilogue : struct, IEpilogue<T>
    {
        public T* A, B, R, Y;
        public int ALength, BLength, RLength, YLength, Rank, M, N, K;
        public bool Accumulate;
        public Ints8 Shape, AStrides, BStrides;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public void Execute(int start, int end, int part)
        {
            var a = new ReadOnlySpan<T>(A, ALength);
            var b = new ReadOnlySpan<T>(B, BLength);
            var residual = new ReadOnlySpan<T>(R, RLength);
            var y = new Span<T>(Y, YLength);
            int m = M, n = N, k = K;
            Span<int> idx = stackalloc int[8];
            // The odometer's position at batch 'start' (row-major over the batch axes).
            int aOff = 0, bOff = 0;
            for (int d = Rank - 1, rem = start; d >= 0; d--)
            {
                idx[d] = rem % Shape[d];
                rem /= Shape[d];
                aOff += idx[d] * AStrides[d];
                bOff += idx[d] * BStrides[d];
            }
            for (int bi = start; bi < end; bi++)
            {
                if (TEpilogue.IsIdentity) Gemm.Product(a, aOff, k, 1, b, bOff, n, 1, y, bi * m * n, n, m, n, k, T.One, Accumulate);
                else Gemm.ProductWithEpilogue<T, TEpilogue>(a, aOff, k, 1, b, bOff, n, 1, y, bi * m * n, residual, m, n, k, T.One, Accumulate);
                for (int d = Rank - 1; d >= 0; d--)
                {
                    aOff += AStrides[d];
                    bOff += BStrides[d];
                    if (++idx[d] < Shape[d]) break;
                    aOff -= AStrides[d] * Shape[d];
                    bOff -= BStrides[d] * Shape[d];
                    idx[d] = 0;
                }
            }
        }
    }
}

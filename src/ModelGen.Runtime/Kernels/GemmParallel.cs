using System;
using System.Numerics;
using ModelGen.Runtime.Threading;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// How the product engine shares its work under a thread budget: by rows of C, after the micro-kernel (thin or
/// blocked, and the vector width) has been chosen for the whole product. Every row's values depend only on its own
/// row of A and on B, and each part runs the same kernel over its rows in the same order, so C is bit-identical to
/// the single-thread product for any number of threads. Each chunk packs its own B panels (on its own stack), so the
/// product asks for one chunk per thread.
/// </summary>
public static partial class Gemm
{
    private static unsafe void Rows<TOps, TV>(bool thin, float* a, int ars, int acs, float* b, int brs, int bcs, float* c, int ldc,
        int m, int n, int k, float alpha, bool accumulate, float* bias, int biasRs, int biasCs, ParallelRange? threads)
        where TOps : struct, IFloatVec<TV> where TV : struct
    {
        // The AVX-512 kernel over packed A, where n is wide enough for packing A to pay (it gives the same bits).
        bool wide = !thin && typeof(TOps) == typeof(F512) && TakesWideKernel(n);
        // Narrower vectors take the column-blocked kernel (the same bits as Blocked too).
        bool columns = !thin && typeof(TOps) != typeof(F512);
        // The blocked kernels' parts start on their row tiles, so no tile is split between two threads.
        int unit = thin ? 1 : wide ? WideMR : MR;
        var job = new RowsJob<TOps, TV>
        {
            Thin = thin, Wide = wide, Columns = columns, A = a, Ars = ars, Acs = acs, B = b, Brs = brs, Bcs = bcs, C = c, Ldc = ldc, M = m, N = n, K = k,
            Alpha = alpha, Accumulate = accumulate, Bias = bias, BiasRs = biasRs, BiasCs = biasCs, Unit = unit,
        };
        ParallelRange.For(threads, (m + unit - 1) / unit, (long)m * n * k, job, chunksPerThread: 1);
    }

    private unsafe struct RowsJob<TOps, TV> : IRangeJob where TOps : struct, IFloatVec<TV> where TV : struct
    {
        public bool Thin, Wide, Columns, Accumulate;
        public float* A, B, C, Bias;
        public int Ars, Acs, Brs, Bcs, Ldc, M, N, K, BiasRs, BiasCs, Unit;
        public float Alpha;

        public readonly void Execute(int start, int end, int part)
        {
            int r0 = start * Unit, rows = Math.Min(end * Unit, M) - r0;
            float* a = A + (nint)r0 * Ars, c = C + (nint)r0 * Ldc, bias = Bias == null ? null : Bias + (nint)r0 * BiasRs;
            if (Thin) Thin<TOps, TV>(a, Ars, Acs, B, Brs, Bcs, c, Ldc, rows, N, K, Alpha, Accumulate, bias, BiasRs, BiasCs);
            else if (Wide) BlockedWide(a, Ars, Acs, B, Brs, Bcs, c, Ldc, rows, N, K, Alpha, Accumulate, bias, BiasRs, BiasCs);
            else if (Columns) BlockedColumns<TOps, TV>(a, Ars, Acs, B, Brs, Bcs, c, Ldc, rows, N, K, Alpha, Accumulate, bias, BiasRs, BiasCs);
            else Blocked<TOps, TV>(a, Ars, Acs, B, Brs, Bcs, c, Ldc, rows, N, K, Alpha, Accumulate, bias, BiasRs, BiasCs);
        }
    }

    /// <summary>The epilogue's row blocks shared out whole: each block's product and epilogue run on one thread.</summary>
    private static unsafe void EpilogueBlocks<T, TEpilogue>(ReadOnlySpan<T> a, int aOff, int ars, int acs, ReadOnlySpan<T> b, int bOff, int brs, int bcs,
        Span<T> c, int cOff, ReadOnlySpan<T> residual, int m, int n, int k, T alpha, bool accumulate, ReadOnlySpan<T> bias, int biasOff, int biasRs, int biasCs,
        int blockRows, int blocks, ParallelRange? threads)
        where T : unmanaged, INumber<T> where TEpilogue : struct, IEpilogue<T>
    {
        fixed (T* pa = a, pb = b, pc = c, pr = residual, pbias = bias)
        {
            var job = new EpilogueJob<T, TEpilogue>
            {
                A = pa, ALength = a.Length, AOff = aOff, Ars = ars, Acs = acs, B = pb, BLength = b.Length, BOff = bOff, Brs = brs, Bcs = bcs,
                C = pc, CLength = c.Length, COff = cOff, R = pr, RLength = residual.Length, M = m, N = n, K = k, Alpha = alpha, Accumulate = accumulate,
                Bias = pbias, BiasLength = bias.Length, BiasOff = biasOff, BiasRs = biasRs, BiasCs = biasCs, BlockRows = blockRows,
            };
            ParallelRange.For(threads, blocks, (long)m * n * k, job, chunksPerThread: 1);
        }
    }

    private unsafe struct EpilogueJob<T, TEpilogue> : IRangeJob where T : unmanaged, INumber<T> where TEpilogue : struct, IEpilogue<T>
    {
        public T* A, B, C, R, Bias;
        public int ALength, BLength, CLength, RLength, BiasLength;
        public int AOff, Ars, Acs, BOff, Brs, Bcs, COff, M, N, K, BiasOff, BiasRs, BiasCs, BlockRows;
        public T Alpha;
        public bool Accumulate;

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public readonly void Execute(int start, int end, int part)
        {
            var a = new ReadOnlySpan<T>(A, ALength);
            var b = new ReadOnlySpan<T>(B, BLength);
            var c = new Span<T>(C, CLength);
            var residual = new ReadOnlySpan<T>(R, RLength);
            var bias = new ReadOnlySpan<T>(Bias, BiasLength);
            for (int block = start; block < end; block++)
            {
                int i0 = block * BlockRows, rows = Math.Min(BlockRows, M - i0);
                Product(a, AOff + i0 * Ars, Ars, Acs, b, BOff, Brs, Bcs, c, COff + i0 * N, N, rows, N, K, Alpha, Accumulate, bias, BiasOff + i0 * BiasRs, BiasRs, BiasCs);
                TEpilogue.Apply(c, residual, COff + i0 * N, rows * N);
            }
        }
    }
}

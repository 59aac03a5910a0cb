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
        if (wide && threads != null)
        {
            int units = (m + unit - 1) / unit, panels = (n + WideNR - 1) / WideNR;
            int parts = ParallelRange.PartsFor(threads, Math.Max(units, panels), (long)m * n * k);
            if (parts > 1 && Imbalance(panels, parts) < Imbalance(units, parts))
            {
                var byColumns = new WideColumnsJob { A = a, Ars = ars, Acs = acs, B = b, Brs = brs, Bcs = bcs, C = c, Ldc = ldc, M = m, N = n, K = k,
                    Alpha = alpha, Accumulate = accumulate, Bias = bias, BiasRs = biasRs, BiasCs = biasCs };
                ParallelRange.Run(threads, panels, parts, byColumns, chunksPerThread: 1);
                return;
            }
        }
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

    /// <summary>
    /// How much longer the busiest of <paramref name="parts"/> threads works than the mean, sharing
    /// <paramref name="count"/> equal units out whole: 128 rows are 11 tiles of 12, 6 and 5 on two threads (1.09),
    /// where their 768 columns are 24 panels, 12 each (1.0).
    /// </summary>
    private static double Imbalance(int count, int parts) => (double)((count + parts - 1) / parts) * parts / count;

    /// <summary>
    /// The wide kernel's columns shared out by 32-column panels, for products with few row tiles (a transformer's
    /// 128-token GEMMs): each part packs all of A and runs <see cref="BlockedWide"/> over its panels. Every element is
    /// the same FMAs in the same order as in the row split, so the bits are the same for any number of threads.
    /// </summary>
    private unsafe struct WideColumnsJob : IRangeJob
    {
        public bool Accumulate;
        public float* A, B, C, Bias;
        public int Ars, Acs, Brs, Bcs, Ldc, M, N, K, BiasRs, BiasCs;
        public float Alpha;

        public readonly void Execute(int start, int end, int part)
        {
            int j0 = start * WideNR, cols = Math.Min(end * WideNR, N) - j0;
            // Packed B's panels are whole k × 32 blocks (brs = k): the part's first panel starts j0/32 blocks in.
            float* b = Bcs == PackedB ? B + (nint)(j0 / PackedPanel) * Brs * PackedPanel : B + (nint)j0 * Bcs;
            float* bias = Bias == null ? null : Bias + (nint)j0 * BiasCs;
            BlockedWide(A, Ars, Acs, b, Brs, Bcs, C + j0, Ldc, M, cols, K, Alpha, Accumulate, bias, BiasRs, BiasCs);
        }
    }

    /// <summary>
    /// Work units per element of an epilogue, for <see cref="ParallelRange.PartsFor"/>: a GELU's erf or a sigmoid's exp
    /// is a few tens of operations, a residual Add one load more.
    /// </summary>
    private const int EpilogueWorkPerElement = 8;

    /// <summary>
    /// The epilogue over the m × n block the product has just written, its rows shared out under a thread budget: a
    /// BERT layer's 128-token products are one block each, and their GELU (128 × 3072 erfs) ran on the calling thread
    /// alone while the other waited. Elementwise, so the bits are the same for any number of threads.
    /// </summary>
    private static unsafe void EpilogueByRows<T, TEpilogue>(Span<T> c, ReadOnlySpan<T> residual, int cOff, int m, int n, ParallelRange? threads)
        where T : unmanaged, INumber<T> where TEpilogue : struct, IEpilogue<T>
    {
        if (TEpilogue.IsIdentity) return;
        long work = (long)m * n * EpilogueWorkPerElement;
        if (ParallelRange.PartsFor(threads, m, work) <= 1)
        {
            TEpilogue.Apply(c, residual, cOff, m * n);
            return;
        }
        fixed (T* pc = c, pr = residual)
        {
            var job = new EpilogueRowsJob<T, TEpilogue> { C = pc, CLength = c.Length, R = pr, RLength = residual.Length, COff = cOff, N = n };
            ParallelRange.For(threads, m, work, job, chunksPerThread: 1);
        }
    }

    private unsafe struct EpilogueRowsJob<T, TEpilogue> : IRangeJob where T : unmanaged, INumber<T> where TEpilogue : struct, IEpilogue<T>
    {
        public T* C, R;
        public int CLength, RLength, COff, N;

        public readonly void Execute(int start, int end, int part) =>
            TEpilogue.Apply(new Span<T>(C, CLength), new ReadOnlySpan<T>(R, RLength), COff + start * N, (end - start) * N);
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

using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using ModelGen.Runtime.Threading;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// ONNX Gemm, and the matrix-product engine that <see cref="MatMul"/> and <see cref="Conv"/> share.
/// </summary>
public static partial class Gemm
{
    /// <summary>
    /// y[m×n] = alpha * op(A) * op(B) + beta * C. op(A) is m×k (A is stored k×m when <paramref name="transA"/>),
    /// op(B) is k×n (B is stored n×k when <paramref name="transB"/>). <paramref name="c"/> may be empty (no C);
    /// otherwise element (i,j) of C is c[i*cRowStride + j*cColStride] (stride 0 along a broadcast axis).
    /// </summary>
    /// <param name="a">A, m×k or (transA) k×m, row-major.</param>
    /// <param name="b">B, k×n or (transB) n×k, row-major.</param>
    /// <param name="c">C, or empty.</param>
    /// <param name="y">Output, m×n row-major.</param>
    /// <param name="m">Rows of op(A) and y.</param>
    /// <param name="n">Columns of op(B) and y.</param>
    /// <param name="k">Inner dimension.</param>
    /// <param name="transA">Whether A is stored transposed.</param>
    /// <param name="transB">Whether B is stored transposed.</param>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="beta">Scale of C.</param>
    /// <param name="cRowStride">C's element stride along y's rows (0 when broadcast).</param>
    /// <param name="cColStride">C's element stride along y's columns (0 when broadcast).</param>
    /// <param name="threads">The model's thread budget (null: the calling thread only); any budget gives the same bits.</param>
    public static void Run<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, ReadOnlySpan<T> c, Span<T> y, int m, int n, int k,
        bool transA, bool transB, T alpha, T beta, int cRowStride, int cColStride, ParallelRange? threads = null) where T : unmanaged, INumber<T> =>
        Run<T, NoEpilogue<T>>(a, b, c, default, y, m, n, k, transA, transB, alpha, beta, cRowStride, cColStride, threads);

    /// <summary>
    /// <see cref="Run{T}"/> followed by an epilogue (a fused activation, a residual Add), applied to each block of
    /// <see cref="EpilogueRows"/> rows as soon as the product has written it.
    /// </summary>
    /// <param name="a">A, m×k or (transA) k×m, row-major.</param>
    /// <param name="b">B, k×n or (transB) n×k, row-major.</param>
    /// <param name="c">C, or empty.</param>
    /// <param name="residual">The epilogue's second operand (m×n), or empty.</param>
    /// <param name="y">Output, m×n row-major.</param>
    /// <param name="m">Rows of op(A) and y.</param>
    /// <param name="n">Columns of op(B) and y.</param>
    /// <param name="k">Inner dimension.</param>
    /// <param name="transA">Whether A is stored transposed.</param>
    /// <param name="transB">Whether B is stored transposed.</param>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="beta">Scale of C.</param>
    /// <param name="cRowStride">C's element stride along y's rows (0 when broadcast).</param>
    /// <param name="cColStride">C's element stride along y's columns (0 when broadcast).</param>
    /// <param name="threads">The model's thread budget (null: the calling thread only); any budget gives the same bits.</param>
    public static void Run<T, TEpilogue>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, ReadOnlySpan<T> c, ReadOnlySpan<T> residual, Span<T> y, int m, int n, int k,
        bool transA, bool transB, T alpha, T beta, int cRowStride, int cColStride, ParallelRange? threads = null) where T : unmanaged, INumber<T> where TEpilogue : struct, IEpilogue<T>
    {
        if (m < 0 || n < 0 || k < 0) throw new ArgumentException("Negative Gemm dimension.");
        Simd.Need(b.Length, (long)k * n, nameof(b));
        RunCore<T, TEpilogue>(a, b, transB ? 1 : n, transB ? k : 1, c, residual, y, m, n, k, transA, alpha, beta, cRowStride, cColStride, threads);
    }

    /// <summary>
    /// <see cref="Run{T, TEpilogue}"/> with B packed at load time by <see cref="PackB"/> (which took transB into account):
    /// the compiler's choice for a Gemm whose B is a weight.
    /// </summary>
    /// <param name="a">A [m, k], or [k, m] when <paramref name="transA"/>.</param>
    /// <param name="packedB">B packed by <see cref="PackB"/>.</param>
    /// <param name="c">C, broadcast through its strides, or empty.</param>
    /// <param name="residual">The epilogue's second operand (Y's shape), or empty.</param>
    /// <param name="y">Y [m, n].</param>
    /// <param name="m">Rows of Y.</param>
    /// <param name="n">Columns of Y.</param>
    /// <param name="k">Depth of the product.</param>
    /// <param name="transA">Whether A is stored transposed.</param>
    /// <param name="alpha">The product's scale.</param>
    /// <param name="beta">C's scale.</param>
    /// <param name="cRowStride">C's stride along Y's rows (0 broadcasts).</param>
    /// <param name="cColStride">C's stride along Y's columns (0 broadcasts).</param>
    /// <param name="threads">The model's thread budget (null: the calling thread only); any budget gives the same bits.</param>
    public static void RunPacked<T, TEpilogue>(ReadOnlySpan<T> a, ReadOnlySpan<T> packedB, ReadOnlySpan<T> c, ReadOnlySpan<T> residual, Span<T> y, int m, int n, int k,
        bool transA, T alpha, T beta, int cRowStride, int cColStride, ParallelRange? threads = null) where T : unmanaged, INumber<T> where TEpilogue : struct, IEpilogue<T>
    {
        if (m < 0 || n < 0 || k < 0) throw new ArgumentException("Negative Gemm dimension.");
        Simd.Need(packedB.Length, PackedLength(k, n), nameof(packedB));
        RunCore<T, TEpilogue>(a, packedB, k, PackedB, c, residual, y, m, n, k, transA, alpha, beta, cRowStride, cColStride, threads);
    }

    /// <summary><see cref="RunPacked{T, TEpilogue}"/> without an epilogue.</summary>
    /// <param name="a">A [m, k], or [k, m] when <paramref name="transA"/>.</param>
    /// <param name="packedB">B packed by <see cref="PackB"/>.</param>
    /// <param name="c">C, broadcast through its strides, or empty.</param>
    /// <param name="y">Y [m, n].</param>
    /// <param name="m">Rows of Y.</param>
    /// <param name="n">Columns of Y.</param>
    /// <param name="k">Depth of the product.</param>
    /// <param name="transA">Whether A is stored transposed.</param>
    /// <param name="alpha">The product's scale.</param>
    /// <param name="beta">C's scale.</param>
    /// <param name="cRowStride">C's stride along Y's rows (0 broadcasts).</param>
    /// <param name="cColStride">C's stride along Y's columns (0 broadcasts).</param>
    /// <param name="threads">The model's thread budget (null: the calling thread only); any budget gives the same bits.</param>
    public static void RunPacked<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> packedB, ReadOnlySpan<T> c, Span<T> y, int m, int n, int k,
        bool transA, T alpha, T beta, int cRowStride, int cColStride, ParallelRange? threads = null) where T : unmanaged, INumber<T> =>
        RunPacked<T, NoEpilogue<T>>(a, packedB, c, default, y, m, n, k, transA, alpha, beta, cRowStride, cColStride, threads);

    /// <summary>Gemm over B addressed by (brs, bcs): plain, transposed, or packed (bcs = <see cref="PackedB"/>, brs = k).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void RunCore<T, TEpilogue>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, int brs, int bcs, ReadOnlySpan<T> c, ReadOnlySpan<T> residual, Span<T> y,
        int m, int n, int k, bool transA, T alpha, T beta, int cRowStride, int cColStride, ParallelRange? threads)
        where T : unmanaged, INumber<T> where TEpilogue : struct, IEpilogue<T>
    {
        Simd.Need(a.Length, (long)m * k, nameof(a));
        Simd.Need(y.Length, (long)m * n, nameof(y));
        if (m == 0 || n == 0) return;

        bool accumulate = false;
        ReadOnlySpan<T> bias = default;
        if (!c.IsEmpty)
        {
            if (cRowStride < 0 || cColStride < 0) throw new ArgumentException("Negative C stride.");
            Simd.Need(c.Length, (long)(m - 1) * cRowStride + (long)(n - 1) * cColStride + 1, nameof(c));
            if (beta == T.One && cColStride <= 1)
            {
                // The usual C (a bias row, a column, a scalar or a full matrix, beta 1) is added by the product
                // engine as it stores each tile: no prefill of y and no reload of it.
                bias = c;
            }
            else
            {
                // y starts as beta*C and the product is accumulated on top: one O(m*n) pass.
                for (int i = 0; i < m; i++)
                {
                    Span<T> row = y.Slice(i * n, n);
                    int ci = i * cRowStride;
                    if (cColStride == 0) row.Fill(beta * c[ci]);
                    else for (int j = 0; j < n; j++) row[j] = beta * c[ci + j * cColStride];
                }
                accumulate = true;
            }
        }

        int ars = transA ? 1 : k, acs = transA ? m : 1;
        if (TEpilogue.IsIdentity)
        {
            Product(a, 0, ars, acs, b, 0, brs, bcs, y, 0, n, m, n, k, alpha, accumulate, bias, 0, cRowStride, cColStride, threads);
            return;
        }
        if (!residual.IsEmpty) Simd.Need(residual.Length, (long)m * n, nameof(residual));
        ProductWithEpilogue<T, TEpilogue>(a, 0, ars, acs, b, 0, brs, bcs, y, 0, residual, m, n, k, alpha, accumulate, bias, 0, cRowStride, cColStride, threads);
    }

    /// <summary>Rows per block of the epilogue: a block of a few hundred columns stays in L2 between the product and the epilogue.</summary>
    public const int EpilogueRows = 48;

    /// <summary>
    /// The product (see <see cref="Product{T}(ReadOnlySpan{T}, int, int, int, ReadOnlySpan{T}, int, int, int, Span{T}, int, int, int, int, int, T, bool)"/>) into a contiguous C (ldc = n) in blocks of <see cref="EpilogueRows"/> rows, each
    /// followed by the epilogue over its rows (C's offset also indexes the residual).
    /// </summary>
    internal static void ProductWithEpilogue<T, TEpilogue>(ReadOnlySpan<T> a, int aOff, int ars, int acs, ReadOnlySpan<T> b, int bOff, int brs, int bcs,
        Span<T> c, int cOff, ReadOnlySpan<T> residual, int m, int n, int k, T alpha, bool accumulate, ParallelRange? threads = null) where T : unmanaged, INumber<T> where TEpilogue : struct, IEpilogue<T> =>
        ProductWithEpilogue<T, TEpilogue>(a, aOff, ars, acs, b, bOff, brs, bcs, c, cOff, residual, m, n, k, alpha, accumulate, default, 0, 0, 0, threads);

    /// <summary>
    /// <see cref="ProductWithEpilogue{T, TEpilogue}(ReadOnlySpan{T}, int, int, int, ReadOnlySpan{T}, int, int, int, Span{T}, int, ReadOnlySpan{T}, int, int, int, T, bool, ParallelRange)"/>
    /// with a bias added before the epilogue (see <see cref="Product{T}(ReadOnlySpan{T}, int, int, int, ReadOnlySpan{T}, int, int, int, Span{T}, int, int, int, int, int, T, bool, ReadOnlySpan{T}, int, int, int, ParallelRange)"/>).
    /// Under a thread budget the blocks are shared out whole (each block's product and epilogue on one thread).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void ProductWithEpilogue<T, TEpilogue>(ReadOnlySpan<T> a, int aOff, int ars, int acs, ReadOnlySpan<T> b, int bOff, int brs, int bcs,
        Span<T> c, int cOff, ReadOnlySpan<T> residual, int m, int n, int k, T alpha, bool accumulate, ReadOnlySpan<T> bias, int biasOff, int biasRs, int biasCs,
        ParallelRange? threads = null)
        where T : unmanaged, INumber<T> where TEpilogue : struct, IEpilogue<T>
    {
        // Each block is one product, which packs all of B again: no epilogue needs no blocks, and the packed-A kernel
        // gets blocks of its own row block (blocks of 48 rows packed a BERT layer's weights three times per call).
        int blockRows = TEpilogue.IsIdentity ? Math.Max(m, 1) : EpilogueBlockRows<T>(m, n);
        int blocks = (m + blockRows - 1) / blockRows;
        if (blocks == 1)
        {
            // One block: the product shares its work out itself, then the epilogue its rows.
            Product(a, aOff, ars, acs, b, bOff, brs, bcs, c, cOff, n, m, n, k, alpha, accumulate, bias, biasOff, biasRs, biasCs, threads);
            EpilogueByRows<T, TEpilogue>(c, residual, cOff, m, n, threads);
            return;
        }
        if (ParallelRange.PartsFor(threads, blocks, (long)m * n * k) > 1)
        {
            EpilogueBlocks<T, TEpilogue>(a, aOff, ars, acs, b, bOff, brs, bcs, c, cOff, residual, m, n, k, alpha, accumulate, bias, biasOff, biasRs, biasCs, blockRows, blocks, threads);
            return;
        }
        for (int i0 = 0; i0 < m; i0 += blockRows)
        {
            int rows = Math.Min(blockRows, m - i0);
            Product(a, aOff + i0 * ars, ars, acs, b, bOff, brs, bcs, c, cOff + i0 * n, n, rows, n, k, alpha, accumulate, bias, biasOff + i0 * biasRs, biasRs, biasCs);
            TEpilogue.Apply(c, residual, cOff + i0 * n, rows * n);
        }
    }

    /// <summary>Rows per epilogue block: <see cref="EpilogueRows"/>, or the row block of the kernel that packs per block (packed A, or B's column blocks) where the product takes it.</summary>
    private static int EpilogueBlockRows<T>(int m, int n) =>
        typeof(T) != typeof(float) ? EpilogueRows
        : TakesWideKernel(n) ? WideRowBlock(m)
        : Vector512.IsHardwareAccelerated ? EpilogueRows : ColumnBlockEpilogueRows;

    /// <summary>
    /// The shared engine: C[i,j] (=, or += when <paramref name="accumulate"/>) alpha * Σp A[i,p]·B[p,j], where
    /// A[i,p] = a[aOff + i*ars + p*acs], B[p,j] = b[bOff + p*brs + j*bcs], C[i,j] = c[cOff + i*ldc + j].
    /// Callers have checked that every addressed element is in range.
    /// </summary>
    internal static void Product<T>(ReadOnlySpan<T> a, int aOff, int ars, int acs, ReadOnlySpan<T> b, int bOff, int brs, int bcs,
        Span<T> c, int cOff, int ldc, int m, int n, int k, T alpha, bool accumulate) where T : unmanaged, INumber<T> =>
        Product(a, aOff, ars, acs, b, bOff, brs, bcs, c, cOff, ldc, m, n, k, alpha, accumulate, default, 0, 0, 0);

    /// <summary>
    /// <see cref="Product{T}(ReadOnlySpan{T}, int, int, int, ReadOnlySpan{T}, int, int, int, Span{T}, int, int, int, int, int, T, bool)"/>
    /// plus a bias: C[i,j] = alpha * Σp A[i,p]·B[p,j] + bias[biasOff + i*biasRs + j*biasCs] when <paramref name="bias"/>
    /// is not empty (then <paramref name="accumulate"/> must be false). A bias row (biasCs 1), a per-row value (a
    /// convolution's per-channel bias: biasCs 0) or a full matrix is added by the micro-kernels as they store each
    /// tile, so C is written once; other strides fall back to filling C first.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void Product<T>(ReadOnlySpan<T> a, int aOff, int ars, int acs, ReadOnlySpan<T> b, int bOff, int brs, int bcs,
        Span<T> c, int cOff, int ldc, int m, int n, int k, T alpha, bool accumulate, ReadOnlySpan<T> bias, int biasOff, int biasRs, int biasCs,
        ParallelRange? threads = null)
        where T : unmanaged, INumber<T>
    {
        if (m <= 0 || n <= 0) return;
        bool hasBias = !bias.IsEmpty;
        if (hasBias && (k == 0 || biasCs > 1 || !(typeof(T) == typeof(float) && Vector128.IsHardwareAccelerated)))
        {
            // No micro-kernel stores this product: C = bias, then the product (if any) is accumulated on top.
            for (int i = 0; i < m; i++)
            {
                Span<T> row = c.Slice(cOff + i * ldc, n);
                int bi = biasOff + i * biasRs;
                if (biasCs == 0) row.Fill(bias[bi]);
                else if (biasCs == 1) bias.Slice(bi, n).CopyTo(row);
                else for (int j = 0; j < n; j++) row[j] = bias[bi + j * biasCs];
            }
            hasBias = false;
            accumulate = true;
        }
        if (k == 0)
        {
            if (!accumulate) for (int i = 0; i < m; i++) c.Slice(cOff + i * ldc, n).Clear();
            return;
        }
        if (typeof(T) == typeof(float) && Vector128.IsHardwareAccelerated)
        {
            fixed (T* pa = a, pb = b, pc = c, pbias = bias)
            {
                float* fa = (float*)pa + aOff, fb = (float*)pb + bOff, fc = (float*)pc + cOff;
                float* fbias = hasBias ? (float*)pbias + biasOff : null;
                float fAlpha = Unsafe.As<T, float>(ref alpha);
                if (bcs != PackedB && ((m < SmallM && (bcs == 1 || (brs == 1 && acs == 1))) || (n < 4 && brs == 1 && acs == 1)))
                {
                    // A few rows (GEMV-like, e.g. a batch-1 fully connected layer): packing B would cost as much
                    // as the product, so stream B once with register accumulators instead. Likewise one or a few
                    // columns with contiguous A rows and B columns (e.g. a 16×1 output layer): dot products.
                    // The vector width is the widest that n fills, so a narrow n is not one ragged vector.
                    if (Vector512.IsHardwareAccelerated && n >= 16) Rows<F512, Vector512<float>>(true, fa, ars, acs, fb, brs, bcs, fc, ldc, m, n, k, fAlpha, accumulate, fbias, biasRs, biasCs, threads);
                    else if (Vector256.IsHardwareAccelerated && n >= 8) Rows<F256, Vector256<float>>(true, fa, ars, acs, fb, brs, bcs, fc, ldc, m, n, k, fAlpha, accumulate, fbias, biasRs, biasCs, threads);
                    else Rows<F128, Vector128<float>>(true, fa, ars, acs, fb, brs, bcs, fc, ldc, m, n, k, fAlpha, accumulate, fbias, biasRs, biasCs, threads);
                    return;
                }
                // The register tile is two vectors wide: pick the vectors so that a narrow n (16 or 8 columns)
                // fills whole tiles instead of one ragged 32-wide tile that is spilled and copied.
                if (Vector512.IsHardwareAccelerated && n > 16) Rows<F512, Vector512<float>>(false, fa, ars, acs, fb, brs, bcs, fc, ldc, m, n, k, fAlpha, accumulate, fbias, biasRs, biasCs, threads);
                else if (Vector256.IsHardwareAccelerated && n > 8) Rows<F256, Vector256<float>>(false, fa, ars, acs, fb, brs, bcs, fc, ldc, m, n, k, fAlpha, accumulate, fbias, biasRs, biasCs, threads);
                else Rows<F128, Vector128<float>>(false, fa, ars, acs, fb, brs, bcs, fc, ldc, m, n, k, fAlpha, accumulate, fbias, biasRs, biasCs, threads);
            }
            return;
        }
        Scalar(a, aOff, ars, acs, b, bOff, brs, bcs, c, cOff, ldc, m, n, k, alpha, accumulate);
    }

    /// <summary>Plain loops for every T (and the float twin when there is no SIMD). Accumulates in T.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Scalar<T>(ReadOnlySpan<T> a, int aOff, int ars, int acs, ReadOnlySpan<T> b, int bOff, int brs, int bcs,
        Span<T> c, int cOff, int ldc, int m, int n, int k, T alpha, bool accumulate) where T : unmanaged, INumber<T>
    {
        for (int i = 0; i < m; i++)
        {
            Span<T> row = c.Slice(cOff + i * ldc, n);
            int ai = aOff + i * ars;
            if (bcs == 1)
            {
                // B rows are contiguous: row-of-C += A[i,p] * row-of-B, streaming over both.
                if (!accumulate) row.Clear();
                for (int p = 0; p < k; p++)
                {
                    T s = alpha * a[ai + p * acs];
                    ReadOnlySpan<T> brow = b.Slice(bOff + p * brs, n);
                    for (int j = 0; j < n; j++) row[j] += s * brow[j];
                }
            }
            else if (bcs == PackedB)
            {
                // Packed once at load (PackB): element (p, j) of panel j / PackedPanel, brs (= k) rows deep.
                for (int j = 0; j < n; j++)
                {
                    T sum = T.Zero;
                    int bj = bOff + j / PackedPanel * brs * PackedPanel + j % PackedPanel;
                    for (int p = 0; p < k; p++) sum += a[ai + p * acs] * b[bj + p * PackedPanel];
                    row[j] = accumulate ? row[j] + alpha * sum : alpha * sum;
                }
            }
            else
            {
                // B columns are (more) contiguous (transB): a dot product per element.
                for (int j = 0; j < n; j++)
                {
                    T sum = T.Zero;
                    int bj = bOff + j * bcs;
                    for (int p = 0; p < k; p++) sum += a[ai + p * acs] * b[bj + p * brs];
                    row[j] = accumulate ? row[j] + alpha * sum : alpha * sum;
                }
            }
        }
    }

    // Below this many rows the blocked kernel (MR = 6) wastes most of its work; use the thin kernels.
    private const int SmallM = 4;

    /// <summary>
    /// Few-row (or few-column) product: B read once per row, accumulators in registers, no packing. With a bias
    /// (<paramref name="bias"/> not null), C[i,j] = alpha·Σ + bias[i*biasRs + j*biasCs], biasCs 0 or 1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Thin<TOps, TV>(float* a, int ars, int acs, float* b, int brs, int bcs, float* c, int ldc,
        int m, int n, int k, float alpha, bool accumulate, float* bias, int biasRs, int biasCs) where TOps : struct, IFloatVec<TV> where TV : struct
    {
        int w = TOps.Count;
        // Dot products when B's columns are contiguous (transB), or when there are too few columns for a vector
        // and the (single) column is contiguous.
        bool dots = bcs != 1 || (n < 4 && brs == 1 && acs == 1);
        for (int i = 0; i < m; i++)
        {
            float* ai = a + (nint)i * ars, ci = c + (nint)i * ldc;
            float* bi = bias == null ? null : bias + (nint)i * biasRs;
            if (!dots)
            {
                // c_row = Σp a[i,p] * B_row_p, 4 vectors of columns at a time held in registers over all of p.
                int j = 0;
                for (; j <= n - 4 * w; j += 4 * w)
                {
                    TV s0 = TOps.Zero, s1 = TOps.Zero, s2 = TOps.Zero, s3 = TOps.Zero;
                    float* bp = b + j;
                    for (int p = 0; p < k; p++, bp += brs)
                    {
                        TV av = TOps.Splat(ai[(nint)p * acs]);
                        s0 = TOps.MulAdd(av, TOps.Load(bp), s0);
                        s1 = TOps.MulAdd(av, TOps.Load(bp + w), s1);
                        s2 = TOps.MulAdd(av, TOps.Load(bp + 2 * w), s2);
                        s3 = TOps.MulAdd(av, TOps.Load(bp + 3 * w), s3);
                    }
                    ThinStore<TOps, TV>(ci, j, s0, alpha, accumulate, bi, biasCs);
                    ThinStore<TOps, TV>(ci, j + w, s1, alpha, accumulate, bi, biasCs);
                    ThinStore<TOps, TV>(ci, j + 2 * w, s2, alpha, accumulate, bi, biasCs);
                    ThinStore<TOps, TV>(ci, j + 3 * w, s3, alpha, accumulate, bi, biasCs);
                }
                for (; j < n; j += w)
                {
                    // A ragged last vector overlaps the previous one when C is written, not accumulated: the
                    // overlapped columns get the same values again, and no column is left to a scalar loop.
                    if (j > n - w)
                    {
                        if (accumulate || n < w) break;
                        j = n - w;
                    }
                    TV s0 = TOps.Zero;
                    float* bp = b + j;
                    for (int p = 0; p < k; p++, bp += brs) s0 = TOps.MulAdd(TOps.Splat(ai[(nint)p * acs]), TOps.Load(bp), s0);
                    ThinStore<TOps, TV>(ci, j, s0, alpha, accumulate, bi, biasCs);
                }
                for (; j < n; j++)
                {
                    float s = 0;
                    for (int p = 0; p < k; p++) s += ai[(nint)p * acs] * b[(nint)p * brs + j];
                    ThinStore(ci, j, s, alpha, accumulate, bi, biasCs);
                }
            }
            else
            {
                // B stored transposed and A's row contiguous: every output is a contiguous dot product.
                int j = 0;
                for (; j <= n - 4; j += 4)
                {
                    float* b0 = b + (nint)j * bcs, b1 = b0 + bcs, b2 = b1 + bcs, b3 = b2 + bcs;
                    TV s0 = TOps.Zero, s1 = TOps.Zero, s2 = TOps.Zero, s3 = TOps.Zero;
                    int p = 0;
                    for (; p <= k - w; p += w)
                    {
                        TV av = TOps.Load(ai + p);
                        s0 = TOps.MulAdd(av, TOps.Load(b0 + p), s0);
                        s1 = TOps.MulAdd(av, TOps.Load(b1 + p), s1);
                        s2 = TOps.MulAdd(av, TOps.Load(b2 + p), s2);
                        s3 = TOps.MulAdd(av, TOps.Load(b3 + p), s3);
                    }
                    float d0 = TOps.Sum(s0), d1 = TOps.Sum(s1), d2 = TOps.Sum(s2), d3 = TOps.Sum(s3);
                    for (; p < k; p++)
                    {
                        float av = ai[p];
                        d0 += av * b0[p]; d1 += av * b1[p]; d2 += av * b2[p]; d3 += av * b3[p];
                    }
                    ThinStore(ci, j, d0, alpha, accumulate, bi, biasCs);
                    ThinStore(ci, j + 1, d1, alpha, accumulate, bi, biasCs);
                    ThinStore(ci, j + 2, d2, alpha, accumulate, bi, biasCs);
                    ThinStore(ci, j + 3, d3, alpha, accumulate, bi, biasCs);
                }
                for (; j < n; j++)
                {
                    float* bj = b + (nint)j * bcs;
                    TV s0 = TOps.Zero;
                    int p = 0;
                    for (; p <= k - w; p += w) s0 = TOps.MulAdd(TOps.Load(ai + p), TOps.Load(bj + p), s0);
                    float d = TOps.Sum(s0);
                    for (; p < k; p++) d += ai[p] * bj[p];
                    ThinStore(ci, j, d, alpha, accumulate, bi, biasCs);
                }
            }
        }
    }

    /// <summary>c[j..j+w) = alpha·sum (+ c, or + the bias row's columns, or + the row's bias value).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void ThinStore<TOps, TV>(float* c, int j, TV sum, float alpha, bool accumulate, float* bias, int biasCs)
        where TOps : struct, IFloatVec<TV> where TV : struct
    {
        float* dst = c + j;
        if (bias != null) TOps.Store(TOps.MulAdd(sum, TOps.Splat(alpha), biasCs == 0 ? TOps.Splat(*bias) : TOps.Load(bias + j)), dst);
        else if (accumulate) TOps.Store(TOps.MulAdd(sum, TOps.Splat(alpha), TOps.Load(dst)), dst);
        else TOps.Store(TOps.Mul(sum, TOps.Splat(alpha)), dst);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void ThinStore(float* c, int j, float sum, float alpha, bool accumulate, float* bias, int biasCs) =>
        c[j] = bias != null ? alpha * sum + bias[(nint)j * biasCs] : accumulate ? c[j] + alpha * sum : alpha * sum;

    // Register blocking: MR rows of A times a panel of NR = 2 vectors of B, 12 accumulators in registers
    // (fits the 16 registers of SSE/AVX2 with room for 2 B vectors and 1 broadcast). A is read in place with
    // broadcasts (either storage order works through ars/acs). Blocked, the 512-bit kernel below the wide one's
    // n, packs B per KC×NR panel into a stack buffer (contiguous, zero-padded) so the k-loop streams it from L1;
    // the narrower vectors take BlockedColumns.
    private const int MR = 6;

    /// <summary>
    /// Up to this many rows of A, a full-width panel of row-major B is read in place (row stride brs) instead of being
    /// packed: with few row tiles re-reading the panel, the copy costs more than the strided reads. Measured in one
    /// process (AMD EPYC, AVX-512) with im2col columns as B: conv 3×3 64→64 at 56×56 1.43 against 1.35 ms, 128→128 at
    /// 28×28 1.33 against 1.26, mnist-8's 8→16 5×5 at 14×14 23.8 against 20.6 µs; but 784×256×256, 131 row tiles,
    /// 0.46 against 0.52 ms, so many rows still pack.
    /// </summary>
    private const int InPlacePanelMaxRows = 128;
    private const int KC = 256;
    private const int MaxNR = 32; // 2 × 16 floats (512-bit)

    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Blocked<TOps, TV>(float* a, int ars, int acs, float* b, int brs, int bcs, float* c, int ldc,
        int m, int n, int k, float alpha, bool accumulate, float* bias, int biasRs, int biasCs) where TOps : struct, IFloatVec<TV> where TV : struct
    {
        int nrFull = 2 * TOps.Count;
        float* panel = stackalloc float[KC * MaxNR];
        for (int j0 = 0; j0 < n; j0 += nrFull)
        {
            int nr = Math.Min(nrFull, n - j0);
            for (int p0 = 0; p0 < k; p0 += KC)
            {
                int kc = Math.Min(KC, k - p0);
                float* pp;
                int ps;
                if (bcs == PackedB)
                {
                    // Packed once at load: this panel's rows are PackedPanel apart (a narrower tile reads part of each).
                    pp = PackedPanelAt(b, brs, p0, j0);
                    ps = PackedPanel;
                }
                else
                {
                    float* pb = b + (nint)p0 * brs + (nint)j0 * bcs;
                    // A full-width panel of B with contiguous rows already has the panel's layout (row stride aside): the
                    // kernel reads it in place when B is one tile wide or A has few rows. Otherwise it is packed, so that
                    // the panel the many row tiles re-read is contiguous in L1.
                    bool inPlace = bcs == 1 && nr == nrFull && (n == nrFull || m <= InPlacePanelMaxRows);
                    if (!inPlace) Pack(pb, brs, bcs, kc, nr, nrFull, panel);
                    pp = inPlace ? pb : panel;
                    ps = inPlace ? brs : nrFull;
                }
                // The bias goes in with the first k block's store; later blocks accumulate onto it.
                bool acc = accumulate || p0 > 0;
                float* pbias = p0 == 0 ? bias : null;
                for (int i0 = 0; i0 < m; i0 += MR)
                {
                    Micro<TOps, TV, StridedRows>(a + (nint)i0 * ars + (nint)p0 * acs, ars, acs, new StridedRows(pp, ps), kc, c + (nint)i0 * ldc + j0, ldc,
                        Math.Min(MR, m - i0), nr, alpha, acc, pbias == null ? null : pbias + (nint)i0 * biasRs + (nint)j0 * biasCs, biasRs, biasCs);
                }
            }
        }
    }

    /// <summary>Packs a kc×nr block of B into panel[p*stride + j], zero-filling columns nr..stride.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Pack(float* b, int brs, int bcs, int kc, int nr, int stride, float* panel)
    {
        if (bcs == 1)
        {
            for (int p = 0; p < kc; p++)
            {
                float* src = b + (nint)p * brs, dst = panel + p * stride;
                // Vector copies, not Buffer.MemoryCopy: a call per 128-byte row was 15% of a BERT layer's time.
                int j = 0;
                if (Vector256.IsHardwareAccelerated)
                    for (; j + 8 <= nr; j += 8) Vector256.Store(Vector256.Load(src + j), dst + j);
                for (; j < nr; j++) dst[j] = src[j];
                for (; j < stride; j++) dst[j] = 0f;
            }
        }
        else
        {
            // Column j of the block is contiguous in p when B is stored transposed (brs == 1).
            for (int j = 0; j < nr; j++)
            {
                float* src = b + (nint)j * bcs;
                for (int p = 0; p < kc; p++) panel[p * stride + j] = src[(nint)p * brs];
            }
            if (nr < stride)
                for (int p = 0; p < kc; p++)
                    for (int j = nr; j < stride; j++) panel[p * stride + j] = 0f;
        }
    }

    /// <summary>
    /// One MR×nr tile of C from a kc-deep panel of B (row p at panel.Row(p), two vectors of it read): C (=, or += when
    /// accumulating, or = bias +) alpha·A·B. The bias, when not null, is bias[r*biasRs + j*biasCs] for the tile's row r,
    /// column j.
    /// </summary>
    [SkipLocalsInit]
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void Micro<TOps, TV, TRows>(float* a, int ars, int acs, TRows panel, int kc, float* c, int ldc,
        int mr, int nr, float alpha, bool accumulate, float* bias, int biasRs, int biasCs)
        where TOps : struct, IFloatVec<TV> where TV : struct where TRows : struct, IPanelRows
    {
        int w = TOps.Count, stride = 2 * w;
        // Rows past mr alias row 0: computed and discarded, so the loop has no row branches.
        float* a0 = a;
        float* a1 = mr > 1 ? a + ars : a;
        float* a2 = mr > 2 ? a + 2 * (nint)ars : a;
        float* a3 = mr > 3 ? a + 3 * (nint)ars : a;
        float* a4 = mr > 4 ? a + 4 * (nint)ars : a;
        float* a5 = mr > 5 ? a + 5 * (nint)ars : a;
        TV c00 = TOps.Zero, c01 = TOps.Zero, c10 = TOps.Zero, c11 = TOps.Zero, c20 = TOps.Zero, c21 = TOps.Zero;
        TV c30 = TOps.Zero, c31 = TOps.Zero, c40 = TOps.Zero, c41 = TOps.Zero, c50 = TOps.Zero, c51 = TOps.Zero;
        // Two k per iteration, so that the loop is loads and FMAs: with one, the loop's own counting and the B row's
        // address took as many instructions as the FMAs, and a 6×16 AVX2 tile in L1 ran at 70% of the FMA peak
        // instead of 85–90% (Zen 3, medians of 41 runs).
        nint off = 0, step = acs, end = (nint)(kc & ~1) * acs;
        int p = 0;
        if (typeof(TRows) == typeof(StridedRows))
        {
            // Rows a fixed stride apart: the B pointer steps too.
            float* pb = panel.Row(0);
            nint bs = (nint)(panel.Row(1) - pb);
            for (; off < end; off += 2 * step, pb += 2 * bs)
            {
                Rank1<TOps, TV>(pb, w, a0, a1, a2, a3, a4, a5, off, ref c00, ref c01, ref c10, ref c11, ref c20, ref c21, ref c30, ref c31, ref c40, ref c41, ref c50, ref c51);
                Rank1<TOps, TV>(pb + bs, w, a0, a1, a2, a3, a4, a5, off + step, ref c00, ref c01, ref c10, ref c11, ref c20, ref c21, ref c30, ref c31, ref c40, ref c41, ref c50, ref c51);
            }
        }
        else
        {
            for (; off < end; off += 2 * step, p += 2)
            {
                Rank1<TOps, TV>(panel.Row(p), w, a0, a1, a2, a3, a4, a5, off, ref c00, ref c01, ref c10, ref c11, ref c20, ref c21, ref c30, ref c31, ref c40, ref c41, ref c50, ref c51);
                Rank1<TOps, TV>(panel.Row(p + 1), w, a0, a1, a2, a3, a4, a5, off + step, ref c00, ref c01, ref c10, ref c11, ref c20, ref c21, ref c30, ref c31, ref c40, ref c41, ref c50, ref c51);
            }
        }
        if ((kc & 1) != 0)
            Rank1<TOps, TV>(panel.Row(kc - 1), w, a0, a1, a2, a3, a4, a5, end, ref c00, ref c01, ref c10, ref c11, ref c20, ref c21, ref c30, ref c31, ref c40, ref c41, ref c50, ref c51);
        TV va = TOps.Splat(alpha);
        if (nr == stride)
        {
            if (bias != null)
            {
                StoreRowBias<TOps, TV>(c, w, c00, c01, va, bias, biasCs);
                if (mr > 1) StoreRowBias<TOps, TV>(c + ldc, w, c10, c11, va, bias + biasRs, biasCs);
                if (mr > 2) StoreRowBias<TOps, TV>(c + 2 * (nint)ldc, w, c20, c21, va, bias + 2 * (nint)biasRs, biasCs);
                if (mr > 3) StoreRowBias<TOps, TV>(c + 3 * (nint)ldc, w, c30, c31, va, bias + 3 * (nint)biasRs, biasCs);
                if (mr > 4) StoreRowBias<TOps, TV>(c + 4 * (nint)ldc, w, c40, c41, va, bias + 4 * (nint)biasRs, biasCs);
                if (mr > 5) StoreRowBias<TOps, TV>(c + 5 * (nint)ldc, w, c50, c51, va, bias + 5 * (nint)biasRs, biasCs);
                return;
            }
            StoreRow<TOps, TV>(c, w, c00, c01, va, accumulate);
            if (mr > 1) StoreRow<TOps, TV>(c + ldc, w, c10, c11, va, accumulate);
            if (mr > 2) StoreRow<TOps, TV>(c + 2 * (nint)ldc, w, c20, c21, va, accumulate);
            if (mr > 3) StoreRow<TOps, TV>(c + 3 * (nint)ldc, w, c30, c31, va, accumulate);
            if (mr > 4) StoreRow<TOps, TV>(c + 4 * (nint)ldc, w, c40, c41, va, accumulate);
            if (mr > 5) StoreRow<TOps, TV>(c + 5 * (nint)ldc, w, c50, c51, va, accumulate);
            return;
        }
        // Ragged right edge: spill the tile and copy only the valid columns.
        float* tmp = stackalloc float[MR * MaxNR];
        TOps.Store(TOps.Mul(c00, va), tmp); TOps.Store(TOps.Mul(c01, va), tmp + w);
        TOps.Store(TOps.Mul(c10, va), tmp + stride); TOps.Store(TOps.Mul(c11, va), tmp + stride + w);
        TOps.Store(TOps.Mul(c20, va), tmp + 2 * stride); TOps.Store(TOps.Mul(c21, va), tmp + 2 * stride + w);
        TOps.Store(TOps.Mul(c30, va), tmp + 3 * stride); TOps.Store(TOps.Mul(c31, va), tmp + 3 * stride + w);
        TOps.Store(TOps.Mul(c40, va), tmp + 4 * stride); TOps.Store(TOps.Mul(c41, va), tmp + 4 * stride + w);
        TOps.Store(TOps.Mul(c50, va), tmp + 5 * stride); TOps.Store(TOps.Mul(c51, va), tmp + 5 * stride + w);
        StoreSpilledTile(c, ldc, tmp, stride, mr, nr, accumulate, bias, biasRs, biasCs);
    }

    /// <summary>One k of the 6-row tile: B row pb (two vectors) times A[r, k] (at a_r[off]) into the 12 accumulators.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Rank1<TOps, TV>(float* pb, int w, float* a0, float* a1, float* a2, float* a3, float* a4, float* a5, nint off,
        ref TV c00, ref TV c01, ref TV c10, ref TV c11, ref TV c20, ref TV c21, ref TV c30, ref TV c31, ref TV c40, ref TV c41, ref TV c50, ref TV c51)
        where TOps : struct, IFloatVec<TV> where TV : struct
    {
        TV b0 = TOps.Load(pb), b1 = TOps.Load(pb + w);
        TV s = TOps.Splat(a0[off]); c00 = TOps.MulAdd(s, b0, c00); c01 = TOps.MulAdd(s, b1, c01);
        s = TOps.Splat(a1[off]); c10 = TOps.MulAdd(s, b0, c10); c11 = TOps.MulAdd(s, b1, c11);
        s = TOps.Splat(a2[off]); c20 = TOps.MulAdd(s, b0, c20); c21 = TOps.MulAdd(s, b1, c21);
        s = TOps.Splat(a3[off]); c30 = TOps.MulAdd(s, b0, c30); c31 = TOps.MulAdd(s, b1, c31);
        s = TOps.Splat(a4[off]); c40 = TOps.MulAdd(s, b0, c40); c41 = TOps.MulAdd(s, b1, c41);
        s = TOps.Splat(a5[off]); c50 = TOps.MulAdd(s, b0, c50); c51 = TOps.MulAdd(s, b1, c51);
    }

    /// <summary>
    /// The valid mr×nr part of a ragged tile spilled as alpha·sum to <paramref name="tmp"/> (rows <paramref name="stride"/>
    /// apart) into C: = bias +, or +=, or =.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void StoreSpilledTile(float* c, int ldc, float* tmp, int stride, int mr, int nr, bool accumulate, float* bias, int biasRs, int biasCs)
    {
        for (int r = 0; r < mr; r++)
        {
            float* dst = c + (nint)r * ldc, src = tmp + r * stride;
            if (bias != null)
            {
                float* br = bias + (nint)r * biasRs;
                for (int j = 0; j < nr; j++) dst[j] = src[j] + br[(nint)j * biasCs];
            }
            else if (accumulate) for (int j = 0; j < nr; j++) dst[j] += src[j];
            else for (int j = 0; j < nr; j++) dst[j] = src[j];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void StoreRowBias<TOps, TV>(float* dst, int w, TV lo, TV hi, TV alpha, float* bias, int biasCs)
        where TOps : struct, IFloatVec<TV> where TV : struct
    {
        // biasCs 0: one value for the row (a convolution channel's bias); 1: the bias row's columns.
        TV b0 = biasCs == 0 ? TOps.Splat(*bias) : TOps.Load(bias), b1 = biasCs == 0 ? b0 : TOps.Load(bias + w);
        TOps.Store(TOps.MulAdd(lo, alpha, b0), dst);
        TOps.Store(TOps.MulAdd(hi, alpha, b1), dst + w);
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void StoreRow<TOps, TV>(float* dst, int w, TV lo, TV hi, TV alpha, bool accumulate)
        where TOps : struct, IFloatVec<TV> where TV : struct
    {
        if (accumulate)
        {
            TOps.Store(TOps.MulAdd(lo, alpha, TOps.Load(dst)), dst);
            TOps.Store(TOps.MulAdd(hi, alpha, TOps.Load(dst + w)), dst + w);
        }
        else
        {
            TOps.Store(TOps.Mul(lo, alpha), dst);
            TOps.Store(TOps.Mul(hi, alpha), dst + w);
        }
    }
}

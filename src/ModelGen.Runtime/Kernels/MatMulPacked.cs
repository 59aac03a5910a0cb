using System;
using System.Numerics;
using ModelGen.Runtime.Threading;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// MatMul by a constant 2-D B that the load-time stage packed (<see cref="Gemm.PackB"/>): A [batch.., m, k] is one
/// tall product of rows = batch·m, with an optional bias row and epilogue, and no packing per call. The compiler
/// chooses it (ai.modelgen::PackedMatMul) for float products whose B is a weight.
/// </summary>
public static partial class MatMul
{
    /// <summary><see cref="RunPacked{T, TEpilogue}"/> without an epilogue.</summary>
    /// <param name="a">A [rows, k].</param>
    /// <param name="packedB">B [k, n] packed by <see cref="Gemm.PackB"/>.</param>
    /// <param name="bias">A bias row [n] the product starts from, or empty.</param>
    /// <param name="y">Y [rows, n].</param>
    /// <param name="rows">Rows of A and Y (every batch's m rows).</param>
    /// <param name="n">Columns of B and Y.</param>
    /// <param name="k">Columns of A, rows of B.</param>
    /// <param name="threads">The model's thread budget (null: the calling thread only); any budget gives the same bits.</param>
    public static void RunPacked<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> packedB, ReadOnlySpan<T> bias, Span<T> y, int rows, int n, int k,
        ParallelRange? threads = null) where T : unmanaged, INumber<T> =>
        RunPacked<T, NoEpilogue<T>>(a, packedB, bias, default, y, rows, n, k, threads);

    /// <summary>Y = A·B (+ bias), then the epilogue over (Y) or (Y, residual), with B packed at load time.</summary>
    /// <param name="a">A [rows, k].</param>
    /// <param name="packedB">B [k, n] packed by <see cref="Gemm.PackB"/>.</param>
    /// <param name="bias">A bias row [n] the product starts from, or empty.</param>
    /// <param name="residual">The epilogue's second operand (Y's shape), or empty.</param>
    /// <param name="y">Y [rows, n].</param>
    /// <param name="rows">Rows of A and Y (every batch's m rows).</param>
    /// <param name="n">Columns of B and Y.</param>
    /// <param name="k">Columns of A, rows of B.</param>
    /// <param name="threads">The model's thread budget (null: the calling thread only); any budget gives the same bits.</param>
    public static void RunPacked<T, TEpilogue>(ReadOnlySpan<T> a, ReadOnlySpan<T> packedB, ReadOnlySpan<T> bias, ReadOnlySpan<T> residual, Span<T> y,
        int rows, int n, int k, ParallelRange? threads = null) where T : unmanaged, INumber<T> where TEpilogue : struct, IEpilogue<T>
    {
        if (rows < 0 || n < 0 || k < 0) throw new ArgumentException("Negative MatMul dimension.");
        Simd.Need(a.Length, (long)rows * k, nameof(a));
        Simd.Need(packedB.Length, Gemm.PackedLength(k, n), nameof(packedB));
        Simd.Need(y.Length, (long)rows * n, nameof(y));
        if (!bias.IsEmpty) Simd.Need(bias.Length, n, nameof(bias));
        if (!residual.IsEmpty) Simd.Need(residual.Length, (long)rows * n, nameof(residual));
        if (rows == 0 || n == 0) return;
        // The bias row is added by the micro-kernels as they store each tile (row stride 0, column stride 1).
        if (TEpilogue.IsIdentity)
            Gemm.Product(a, 0, k, 1, packedB, 0, k, Gemm.PackedB, y, 0, n, rows, n, k, T.One, false, bias, 0, 0, 1, threads);
        else
            Gemm.ProductWithEpilogue<T, TEpilogue>(a, 0, k, 1, packedB, 0, k, Gemm.PackedB, y, 0, residual, rows, n, k, T.One, false, bias, 0, 0, 1, threads);
    }
}

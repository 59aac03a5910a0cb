using System;
using System.Collections.Generic;

namespace ModelGen.Gpu.Kernels.Gemm;

/// <summary>Turns an ONNX MatMul's two shapes into one batched <see cref="GemmArgs"/> (two batch levels).</summary>
internal static class MatMulPlan
{
    /// <summary>The product of contiguous A and B; <paramref name="batches"/> is the output's batch count.</summary>
    public static GemmArgs Create(IReadOnlyList<long> aShape, IReadOnlyList<long> bShape, out int batches)
    {
        if (aShape.Count < 2 || bShape.Count < 2 || aShape.Count > 4 || bShape.Count > 4)
        {
            throw new ArgumentException(
                $"The GPU MatMul takes ranks 2 to 4 (a 1-D operand is reshaped by the caller); got [{string.Join(", ", aShape)}] × [{string.Join(", ", bShape)}].");
        }

        int m = Dim(aShape[^2]);
        int k = Dim(aShape[^1]);
        int n = Dim(bShape[^1]);
        if (bShape[^2] != k)
        {
            throw new ArgumentException($"MatMul inner dims differ: A is [..., {m}, {k}] and B is [..., {bShape[^2]}, {n}].");
        }

        // Batch dims, right-aligned and padded to two levels: level 0 outer, level 1 inner.
        long a0 = BatchDim(aShape, 0), a1 = BatchDim(aShape, 1);
        long b0 = BatchDim(bShape, 0), b1 = BatchDim(bShape, 1);
        int outer = Dim(Broadcast(a0, b0));
        int inner = Dim(Broadcast(a1, b1));
        batches = outer * inner;
        GemmArgs args = GemmArgs.Dense(m, n, k);
        args.BatchInner = inner;
        args.BatchA1 = a1 == 1 ? 0 : (long)m * k;
        args.BatchA0 = a0 == 1 ? 0 : a1 * m * k;
        args.BatchB1 = b1 == 1 ? 0 : (long)k * n;
        args.BatchB0 = b0 == 1 ? 0 : b1 * k * n;
        args.BatchC1 = (long)m * n;
        args.BatchC0 = (long)inner * m * n;
        return args;
    }

    private static long BatchDim(IReadOnlyList<long> shape, int level)
    {
        int axis = shape.Count - 4 + level;
        return axis >= 0 ? shape[axis] : 1;
    }

    private static long Broadcast(long x, long y) =>
        x == y || y == 1 ? x : x == 1 ? y : throw new ArgumentException($"MatMul batch dims {x} and {y} do not broadcast.");

    private static int Dim(long dim) =>
        dim is >= 1 and <= int.MaxValue ? (int)dim : throw new ArgumentException($"MatMul dim {dim} is outside 1..{int.MaxValue}.");
}

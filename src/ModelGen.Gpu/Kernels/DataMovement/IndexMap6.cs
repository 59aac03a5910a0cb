using System;
using System.Collections.Generic;

namespace ModelGen.Gpu.Kernels.DataMovement;

/// <summary>
/// Maps a row-major linear index over an output shape of rank ≤ 6 to an offset into a strided input: the index
/// arithmetic of Transpose, Expand and broadcasting binary ops, passed to kernels by value.
/// </summary>
/// <remarks>
/// Shapes are right-aligned and padded to rank 6 with 1s, so the kernel's decomposition has a fixed, unrolled shape
/// (six named fields: kernels cannot index a fixed-size array by a variable). A broadcast axis has input stride 0.
/// </remarks>
public readonly struct IndexMap6
{
    /// <summary>The largest rank a map handles.</summary>
    public const int MaxRank = 6;

    /// <summary>Output dims, outermost first, padded with leading 1s.</summary>
    public readonly long D0, D1, D2, D3, D4, D5;

    /// <summary>Input strides (elements) for each output axis; 0 where the input is broadcast.</summary>
    public readonly long S0, S1, S2, S3, S4, S5;

    /// <summary>The number of output elements.</summary>
    public long Length => D0 * D1 * D2 * D3 * D4 * D5;

    private IndexMap6(long[] dims, long[] strides)
    {
        (D0, D1, D2, D3, D4, D5) = (dims[0], dims[1], dims[2], dims[3], dims[4], dims[5]);
        (S0, S1, S2, S3, S4, S5) = (strides[0], strides[1], strides[2], strides[3], strides[4], strides[5]);
    }

    /// <summary>The input offset of output element <paramref name="linear"/> (innermost axis first).</summary>
    public long Offset(long linear)
    {
        long rest = linear;
        long offset = rest % D5 * S5;
        rest /= D5;
        offset += rest % D4 * S4;
        rest /= D4;
        offset += rest % D3 * S3;
        rest /= D3;
        offset += rest % D2 * S2;
        rest /= D2;
        offset += rest % D1 * S1;
        rest /= D1;
        return offset + rest * S0;
    }

    /// <summary>The identity map over <paramref name="shape"/> (a contiguous copy).</summary>
    public static IndexMap6 Contiguous(IReadOnlyList<long> shape) => Broadcast(shape, shape);

    /// <summary>
    /// Reads <paramref name="inputShape"/> as broadcast to <paramref name="outputShape"/> under ONNX's multidirectional
    /// rule (right-aligned; each input dim equals the output dim or is 1).
    /// </summary>
    public static IndexMap6 Broadcast(IReadOnlyList<long> outputShape, IReadOnlyList<long> inputShape)
    {
        CheckRank(outputShape, nameof(outputShape));
        if (inputShape.Count > outputShape.Count)
        {
            throw new ArgumentException(
                $"Input rank {inputShape.Count} exceeds the output rank {outputShape.Count}: it cannot broadcast.", nameof(inputShape));
        }

        long[] dims = Padded(outputShape);
        long[] strides = new long[MaxRank];
        long stride = 1;
        for (int axis = inputShape.Count - 1; axis >= 0; axis--)
        {
            int slot = MaxRank - inputShape.Count + axis;
            long dim = inputShape[axis];
            if (dim != 1 && dim != dims[slot])
            {
                throw new ArgumentException(
                    $"Input dim {axis} is {dim}, which neither equals the output dim {dims[slot]} nor is 1: shapes " +
                    $"[{string.Join(", ", inputShape)}] and [{string.Join(", ", outputShape)}] do not broadcast.", nameof(inputShape));
            }

            strides[slot] = dim == 1 ? 0 : stride;
            stride *= dim;
        }

        return new IndexMap6(dims, strides);
    }

    /// <summary>ONNX Transpose: output axis i reads input axis <paramref name="permutation"/>[i].</summary>
    public static IndexMap6 Transpose(IReadOnlyList<long> inputShape, IReadOnlyList<int> permutation)
    {
        CheckRank(inputShape, nameof(inputShape));
        if (permutation.Count != inputShape.Count)
        {
            throw new ArgumentException(
                $"The permutation has {permutation.Count} axes but the input has rank {inputShape.Count}.", nameof(permutation));
        }

        long[] inputStrides = new long[inputShape.Count];
        long stride = 1;
        for (int axis = inputShape.Count - 1; axis >= 0; axis--)
        {
            inputStrides[axis] = stride;
            stride *= inputShape[axis];
        }

        var seen = new bool[inputShape.Count];
        long[] dims = new long[MaxRank];
        long[] strides = new long[MaxRank];
        Array.Fill(dims, 1L);
        int pad = MaxRank - inputShape.Count;
        for (int i = 0; i < permutation.Count; i++)
        {
            int from = permutation[i];
            if (from < 0 || from >= inputShape.Count || seen[from])
            {
                throw new ArgumentException(
                    $"[{string.Join(", ", permutation)}] is not a permutation of 0..{inputShape.Count - 1}.", nameof(permutation));
            }

            seen[from] = true;
            dims[pad + i] = inputShape[from];
            strides[pad + i] = inputStrides[from];
        }

        return new IndexMap6(dims, strides);
    }

    private static long[] Padded(IReadOnlyList<long> shape)
    {
        long[] dims = new long[MaxRank];
        Array.Fill(dims, 1L);
        for (int axis = 0; axis < shape.Count; axis++)
        {
            dims[MaxRank - shape.Count + axis] = shape[axis];
        }

        return dims;
    }

    private static void CheckRank(IReadOnlyList<long> shape, string parameter)
    {
        if (shape.Count > MaxRank)
        {
            throw new ArgumentException($"Rank {shape.Count} exceeds the GPU index maps' limit of {MaxRank}.", parameter);
        }

        foreach (long dim in shape)
        {
            if (dim < 1)
            {
                throw new ArgumentException($"Dim {dim} in [{string.Join(", ", shape)}]: every dim must be at least 1.", parameter);
            }
        }
    }
}

using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// Dims known only at run time: each method reads a shape-like tensor (a Reshape target, Unsqueeze axes...) and
/// writes the output dims, which generated code stores in its run-time dim fields. Invalid values throw, naming why.
/// </summary>
public static class ShapeKernels
{
    /// <summary>Reshape's rules: 0 copies the input dim (unless <paramref name="allowZero"/>), one -1 is inferred, the element count must not change.</summary>
    /// <param name="shape">The target shape tensor.</param>
    /// <param name="inputDims">The input's dims.</param>
    /// <param name="allowZero">Whether 0 means a zero dim rather than "copy".</param>
    /// <param name="dims">The output dims (shape.Length of them).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ReshapeDims(ReadOnlySpan<long> shape, ReadOnlySpan<int> inputDims, bool allowZero, Span<int> dims)
    {
        long total = Product(inputDims), known = 1;
        int inferred = -1;
        for (int i = 0; i < shape.Length; i++)
        {
            long t = shape[i];
            if (t == -1)
            {
                if (inferred >= 0) throw new ArgumentException("The target shape has more than one -1.");
                inferred = i;
                continue;
            }
            if (t == 0 && !allowZero)
            {
                if (i >= inputDims.Length) throw new ArgumentException($"Target dim {i} is 0 (copy) but the input has rank {inputDims.Length}.");
                t = inputDims[i];
            }
            if (t < 0 || t > int.MaxValue) throw new ArgumentException($"Target dim {t} is out of range.");
            dims[i] = (int)t;
            known *= t;
        }
        if (inferred >= 0)
        {
            if (known == 0 || total % known != 0) throw new ArgumentException($"Cannot infer the -1: {total} elements are not a multiple of {known}.");
            dims[inferred] = checked((int)(total / known));
            known *= dims[inferred];
        }
        if (known != total) throw new ArgumentException($"Cannot reshape {total} elements to {known}.");
    }

    /// <summary>Unsqueeze: size-1 axes at <paramref name="axes"/> (counted in the output rank, negative from the end).</summary>
    /// <param name="axes">The axes to insert.</param>
    /// <param name="inputDims">The input's dims.</param>
    /// <param name="dims">The output dims (inputDims.Length + axes.Length of them).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void UnsqueezeDims(ReadOnlySpan<long> axes, ReadOnlySpan<int> inputDims, Span<int> dims)
    {
        int rank = inputDims.Length + axes.Length;
        Span<bool> inserted = stackalloc bool[Math.Max(rank, 1)];
        foreach (long a in axes)
        {
            long axis = a < 0 ? a + rank : a;
            if (axis < 0 || axis >= rank || inserted[(int)axis]) throw new ArgumentException($"Unsqueeze axis {a} is out of range or repeated for rank {rank}.");
            inserted[(int)axis] = true;
        }
        for (int i = 0, next = 0; i < rank; i++) dims[i] = inserted[i] ? 1 : inputDims[next++];
    }

    /// <summary>Squeeze: removes the listed axes, each of which must be 1.</summary>
    /// <param name="axes">The axes to remove (negative from the end).</param>
    /// <param name="inputDims">The input's dims.</param>
    /// <param name="dims">The output dims (inputDims.Length - axes.Length of them).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SqueezeDims(ReadOnlySpan<long> axes, ReadOnlySpan<int> inputDims, Span<int> dims)
    {
        int rank = inputDims.Length;
        Span<bool> removed = stackalloc bool[Math.Max(rank, 1)];
        foreach (long a in axes)
        {
            long axis = a < 0 ? a + rank : a;
            if (axis < 0 || axis >= rank || removed[(int)axis] || inputDims[(int)axis] != 1) throw new ArgumentException($"Squeeze axis {a} is out of range, repeated, or not 1.");
            removed[(int)axis] = true;
        }
        for (int i = 0, k = 0; i < rank; i++) if (!removed[i]) dims[k++] = inputDims[i];
    }

    /// <summary>Expand: the numpy broadcast of the input's dims and <paramref name="shape"/>.</summary>
    /// <param name="shape">The target shape tensor.</param>
    /// <param name="inputDims">The input's dims.</param>
    /// <param name="dims">The output dims (the larger rank of the two).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ExpandDims(ReadOnlySpan<long> shape, ReadOnlySpan<int> inputDims, Span<int> dims)
    {
        int rank = Math.Max(shape.Length, inputDims.Length);
        for (int i = 0; i < rank; i++)
        {
            int ki = i - (rank - inputDims.Length), ks = i - (rank - shape.Length);
            long a = ki >= 0 ? inputDims[ki] : 1, b = ks >= 0 ? shape[ks] : 1;
            if (b < 0 || b > int.MaxValue) throw new ArgumentException($"Expand dim {b} is out of range.");
            if (a != b && a != 1 && b != 1) throw new ArgumentException($"Dims {a} and {b} do not broadcast at axis {i}.");
            dims[i] = (int)(a == 1 ? b : a);
        }
    }

    /// <summary>A shape tensor's values as dims (ConstantOfShape).</summary>
    /// <param name="shape">The shape tensor.</param>
    /// <param name="dims">The dims.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ShapeDims(ReadOnlySpan<long> shape, Span<int> dims)
    {
        for (int i = 0; i < shape.Length; i++)
        {
            if (shape[i] < 0 || shape[i] > int.MaxValue) throw new ArgumentException($"Dim {shape[i]} is out of range.");
            dims[i] = (int)shape[i];
        }
    }

    /// <summary>Split: the part lengths from a 'split' tensor (int64, or revision 1's float one); they must be whole, non-negative and sum to the axis.</summary>
    /// <param name="split">The lengths, one per part.</param>
    /// <param name="axisLength">The split axis' length.</param>
    /// <param name="parts">How many parts the node has.</param>
    /// <param name="dims">The part lengths (parts of them).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SplitDims<T>(ReadOnlySpan<T> split, int axisLength, int parts, Span<int> dims) where T : unmanaged, INumber<T>
    {
        if (split.Length != parts) throw new ArgumentException($"'split' has {split.Length} values for {parts} outputs.");
        long sum = 0;
        for (int i = 0; i < parts; i++)
        {
            T v = split[i];
            if (!T.IsInteger(v) || T.IsNegative(v) || v > T.CreateTruncating(int.MaxValue)) throw new ArgumentException($"Split length {v} is not a whole number in range.");
            dims[i] = int.CreateTruncating(v);
            sum += dims[i];
        }
        if (sum != axisLength) throw new ArgumentException($"'split' sums to {sum} but the axis has {axisLength}.");
    }

    /// <summary>
    /// Split into equal parts: the axis must divide evenly, unless <paramref name="uneven"/> (revision 18's
    /// num_outputs), where every part has ceil(n / parts) and the last what remains.
    /// </summary>
    /// <param name="axisLength">The split axis' length.</param>
    /// <param name="parts">How many parts.</param>
    /// <param name="uneven">Whether the last part may be smaller.</param>
    /// <param name="dims">The part lengths (parts of them).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SplitEqualDims(int axisLength, int parts, bool uneven, Span<int> dims)
    {
        if (parts < 1) throw new ArgumentException("Split needs at least one part.");
        int chunk = axisLength / parts, last = chunk;
        if (axisLength % parts != 0)
        {
            if (!uneven) throw new ArgumentException($"An axis of {axisLength} does not split into {parts} equal parts.");
            chunk++;
            last = axisLength - chunk * (parts - 1);
            if (last < 0) throw new ArgumentException($"An axis of {axisLength} cannot be cut into {parts} parts of {chunk} with a smaller last one.");
        }
        for (int i = 0; i < parts - 1; i++) dims[i] = chunk;
        dims[parts - 1] = last;
    }

    /// <summary>Tile: output dim i = input dim i × repeats[i].</summary>
    /// <param name="repeats">One non-negative count per axis.</param>
    /// <param name="inputDims">The input's dims.</param>
    /// <param name="dims">The output dims (inputDims.Length of them).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TileDims(ReadOnlySpan<long> repeats, ReadOnlySpan<int> inputDims, Span<int> dims)
    {
        if (repeats.Length != inputDims.Length) throw new ArgumentException($"'repeats' has {repeats.Length} values for an input of rank {inputDims.Length}.");
        for (int i = 0; i < repeats.Length; i++)
        {
            long d = repeats[i] * inputDims[i];
            if (repeats[i] < 0 || repeats[i] > int.MaxValue || d > int.MaxValue) throw new ArgumentException($"Tile repeat {repeats[i]} is out of range.");
            dims[i] = (int)d;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long Product(ReadOnlySpan<int> dims)
    {
        long p = 1;
        foreach (int d in dims) p *= d;
        return p;
    }
}

using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// ONNX Einsum by direct loops over the label space, in double. The compiler numbers the labels (output labels
/// first, then the summed ones) and gives each operand one stride per label: the sum of the strides of its axes
/// carrying that label (which walks diagonals for repeated labels), 0 where it lacks the label or broadcasts it.
/// </summary>
public static class Einsum
{
    /// <summary>y[out labels] = Σ over the summed labels of a[...].</summary>
    /// <param name="a">The one operand.</param>
    /// <param name="y">Output.</param>
    /// <param name="sizes">Each label's extent (output labels first).</param>
    /// <param name="outputLabels">How many of the labels are the output's.</param>
    /// <param name="aStrides">a's stride per label.</param>
    public static void Unary<T>(ReadOnlySpan<T> a, Span<T> y, ReadOnlySpan<int> sizes, int outputLabels, ReadOnlySpan<int> aStrides) where T : unmanaged, INumberBase<T> =>
        Binary(a, a, y, sizes, outputLabels, aStrides, aStrides, false);

    /// <summary>y[out labels] = Σ over the summed labels of a[...]·b[...].</summary>
    /// <param name="a">First operand.</param>
    /// <param name="b">Second operand.</param>
    /// <param name="y">Output.</param>
    /// <param name="sizes">Each label's extent (output labels first).</param>
    /// <param name="outputLabels">How many of the labels are the output's.</param>
    /// <param name="aStrides">a's stride per label.</param>
    /// <param name="bStrides">b's stride per label.</param>
    public static void Binary<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y, ReadOnlySpan<int> sizes, int outputLabels, ReadOnlySpan<int> aStrides, ReadOnlySpan<int> bStrides) where T : unmanaged, INumberBase<T> =>
        Binary(a, b, y, sizes, outputLabels, aStrides, bStrides, true);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Binary<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y, ReadOnlySpan<int> sizes, int outputLabels, ReadOnlySpan<int> aStrides, ReadOnlySpan<int> bStrides, bool twoOperands)
        where T : unmanaged, INumberBase<T>
    {
        int labels = sizes.Length;
        if (labels > 32 || outputLabels < 0 || outputLabels > labels || aStrides.Length != labels || bStrides.Length != labels)
            throw new ArgumentException("Einsum: bad label tables.");
        long outCount = 1, sumCount = 1;
        for (int l = 0; l < labels; l++)
        {
            if (sizes[l] < 0) throw new ArgumentException("Einsum: negative extent.");
            if (l < outputLabels) outCount *= sizes[l]; else sumCount *= sizes[l];
        }
        Simd.Need(y.Length, outCount, nameof(y));
        Span<int> index = stackalloc int[32];
        index.Clear();
        for (long o = 0; o < outCount; o++)
        {
            int aBase = 0, bBase = 0;
            for (int l = 0; l < outputLabels; l++) { aBase += index[l] * aStrides[l]; bBase += index[l] * bStrides[l]; }
            double sum = 0;
            for (int l = outputLabels; l < labels; l++) index[l] = 0;
            for (long s = 0; s < sumCount; s++)
            {
                int ai = aBase, bi = bBase;
                for (int l = outputLabels; l < labels; l++) { ai += index[l] * aStrides[l]; bi += index[l] * bStrides[l]; }
                double v = double.CreateTruncating(a[ai]);
                if (twoOperands) v *= double.CreateTruncating(b[bi]);
                sum += v;
                for (int l = labels - 1; l >= outputLabels; l--)
                {
                    if (++index[l] < sizes[l]) break;
                    index[l] = 0;
                }
            }
            y[(int)o] = T.CreateTruncating(sum);
            for (int l = outputLabels - 1; l >= 0; l--)
            {
                if (++index[l] < sizes[l]) break;
                index[l] = 0;
            }
        }
    }
}

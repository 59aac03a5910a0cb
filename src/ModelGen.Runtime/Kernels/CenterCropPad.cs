using System;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>ONNX CenterCropPad: each axis centre-cropped or zero-padded to its new length.</summary>
public static class CenterCropPad
{
    /// <summary>
    /// y[o] = x[o - padBefore + cropBefore] where that lies inside x, else 0; per axis cropBefore =
    /// ⌊(in - out)/2⌋ when shrinking and padBefore = ⌊(out - in)/2⌋ when growing.
    /// </summary>
    /// <param name="x">Input of shape <paramref name="inShape"/>.</param>
    /// <param name="y">Output of shape <paramref name="outShape"/>.</param>
    /// <param name="inShape">Input dims (rank at most 8).</param>
    /// <param name="outShape">Output dims, same rank.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<int> inShape, ReadOnlySpan<int> outShape) where T : unmanaged
    {
        int rank = inShape.Length;
        if (rank > 8 || outShape.Length != rank) throw new ArgumentException("CenterCropPad: rank above 8 or mismatched shapes.");
        Span<int> shift = stackalloc int[8], inStrides = stackalloc int[8], index = stackalloc int[8];
        long inTotal = 1, outTotal = 1;
        for (int d = rank - 1; d >= 0; d--)
        {
            if (inShape[d] < 0 || outShape[d] < 0) throw new ArgumentException("CenterCropPad: negative dims.");
            inStrides[d] = (int)inTotal;
            inTotal *= inShape[d];
            outTotal *= outShape[d];
            int diff = inShape[d] - outShape[d];
            shift[d] = diff >= 0 ? diff / 2 : -((-diff) / 2);
        }
        Simd.Need(x.Length, inTotal, nameof(x));
        Simd.Need(y.Length, outTotal, nameof(y));
        index.Clear();
        for (long o = 0; o < outTotal; o++)
        {
            long src = 0;
            bool inside = true;
            for (int d = 0; d < rank && inside; d++)
            {
                int i = index[d] + shift[d];
                inside = i >= 0 && i < inShape[d];
                src += (long)i * inStrides[d];
            }
            y[(int)o] = inside ? x[(int)src] : default;
            for (int d = rank - 1; d >= 0; d--)
            {
                if (++index[d] < outShape[d]) break;
                index[d] = 0;
            }
        }
    }

    /// <summary>dims = the target lengths read at run time; each must not be negative.</summary>
    /// <param name="shape">The target lengths, one per listed axis.</param>
    /// <param name="dims">The same as dims.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Dims<T>(ReadOnlySpan<T> shape, Span<int> dims) where T : unmanaged, System.Numerics.INumberBase<T>
    {
        Simd.Need(shape.Length, dims.Length, nameof(shape));
        for (int i = 0; i < dims.Length; i++)
        {
            long v = long.CreateSaturating(shape[i]);
            if (v < 0 || v > int.MaxValue) throw new ArgumentException($"CenterCropPad length {v} is out of range.", nameof(shape));
            dims[i] = (int)v;
        }
    }
}

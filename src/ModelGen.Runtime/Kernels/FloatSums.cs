using System;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// Sums over runs of float16, float or double elements that keep their precision: float and float16 are summed
/// (vectorised, by TensorPrimitives) in float over chunks of <see cref="Chunk"/> elements, the chunk sums in double;
/// double is summed in double. float16 is widened to float chunk by chunk first, so nothing is summed in Half.
/// </summary>
internal static class FloatSums
{
    /// <summary>Elements per float chunk (bounds the stack buffer and the float rounding of one chunk's sum).</summary>
    public const int Chunk = 256;

    /// <summary>Σ x.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double Sum<T>(ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double)) return TensorPrimitives.Sum(MemoryMarshal.Cast<T, double>(x));
        Span<float> buffer = stackalloc float[Chunk];
        double sum = 0;
        for (int i = 0; i < x.Length; i += Chunk) sum += TensorPrimitives.Sum(AsSingle(x.Slice(i, Math.Min(Chunk, x.Length - i)), buffer));
        return sum;
    }

    /// <summary>Σ (x − mean)².</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double SumOfSquaredDeviations<T>(ReadOnlySpan<T> x, double mean) where T : unmanaged, IFloatingPointIeee754<T>
    {
        double sum = 0;
        if (typeof(T) == typeof(double))
        {
            Span<double> d = stackalloc double[Chunk];
            var xd = MemoryMarshal.Cast<T, double>(x);
            for (int i = 0; i < xd.Length; i += Chunk)
            {
                var part = d.Slice(0, Math.Min(Chunk, xd.Length - i));
                TensorPrimitives.Subtract(xd.Slice(i, part.Length), mean, part);
                sum += TensorPrimitives.SumOfSquares<double>(part);
            }
            return sum;
        }
        Span<float> buffer = stackalloc float[Chunk], centred = stackalloc float[Chunk];
        float m = (float)mean;
        for (int i = 0; i < x.Length; i += Chunk)
        {
            var part = AsSingle(x.Slice(i, Math.Min(Chunk, x.Length - i)), buffer);
            var c = centred.Slice(0, part.Length);
            TensorPrimitives.Subtract(part, m, c);
            sum += TensorPrimitives.SumOfSquares<float>(c);
        }
        return sum;
    }

    /// <summary>Σ x².</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static double SumOfSquares<T>(ReadOnlySpan<T> x) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(double)) return TensorPrimitives.SumOfSquares(MemoryMarshal.Cast<T, double>(x));
        Span<float> buffer = stackalloc float[Chunk];
        double sum = 0;
        for (int i = 0; i < x.Length; i += Chunk) sum += TensorPrimitives.SumOfSquares<float>(AsSingle(x.Slice(i, Math.Min(Chunk, x.Length - i)), buffer));
        return sum;
    }

    /// <summary>A chunk (at most <see cref="Chunk"/> elements) as floats: float reinterpreted, anything else widened into <paramref name="buffer"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ReadOnlySpan<float> AsSingle<T>(ReadOnlySpan<T> chunk, Span<float> buffer) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (typeof(T) == typeof(float)) return MemoryMarshal.Cast<T, float>(chunk);
        var b = buffer.Slice(0, chunk.Length);
        if (typeof(T) == typeof(Half)) TensorPrimitives.ConvertToSingle(MemoryMarshal.Cast<T, Half>(chunk), b);
        else for (int i = 0; i < chunk.Length; i++) b[i] = float.CreateTruncating(chunk[i]);
        return b;
    }
}

using System;
using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;

namespace ModelGen.Runtime.Kernels;

/// <summary>Element-wise unary operators.</summary>
public static class Unary
{
    /// <summary>y = max(x, 0). NaN stays NaN (a NaN is not &lt; 0, so it is passed through).</summary>
    /// <param name="x">Input.</param>
    /// <param name="y">Output, at least x.Length elements.</param>
    public static unsafe void Relu<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, INumber<T>
    {
        int n = x.Length;
        Simd.Need(y.Length, n, nameof(y));
        if (n == 0) return;
        fixed (T* px = x, py = y)
        {
            int i = 0;
            if (Vector128<T>.IsSupported)
            {
                // y = x & ~(x < 0): keeps NaN and -0 exactly like the scalar twin below, and is branch-free.
                if (Vector512.IsHardwareAccelerated)
                    for (; i <= n - Vector512<T>.Count; i += Vector512<T>.Count)
                    {
                        Vector512<T> v = Vector512.Load(px + i);
                        Vector512.AndNot(v, Vector512.LessThan(v, Vector512<T>.Zero)).Store(py + i);
                    }
                if (Vector256.IsHardwareAccelerated)
                    for (; i <= n - Vector256<T>.Count; i += Vector256<T>.Count)
                    {
                        Vector256<T> v = Vector256.Load(px + i);
                        Vector256.AndNot(v, Vector256.LessThan(v, Vector256<T>.Zero)).Store(py + i);
                    }
                if (Vector128.IsHardwareAccelerated)
                    for (; i <= n - Vector128<T>.Count; i += Vector128<T>.Count)
                    {
                        Vector128<T> v = Vector128.Load(px + i);
                        Vector128.AndNot(v, Vector128.LessThan(v, Vector128<T>.Zero)).Store(py + i);
                    }
            }
            for (; i < n; i++)
            {
                T v = px[i];
                py[i] = v < T.Zero ? T.Zero : v;
            }
        }
    }

    /// <summary>y = e^x (vectorised for float/double by TensorPrimitives, which has its own scalar fallback).</summary>
    /// <param name="x">Input.</param>
    /// <param name="y">Output, at least x.Length elements.</param>
    public static void Exp<T>(ReadOnlySpan<T> x, Span<T> y) where T : unmanaged, IExponentialFunctions<T>
    {
        Simd.Need(y.Length, x.Length, nameof(y));
        TensorPrimitives.Exp(x, y.Slice(0, x.Length));
    }
}

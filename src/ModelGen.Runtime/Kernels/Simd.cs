using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// One float vector width, as a set of static operations. Hot loops are written once, generic over
/// <c>TOps</c> (a struct, so the JIT specialises and inlines each width); the 512-bit instantiation
/// is therefore the same code as the 256/128-bit ones that run on machines without AVX-512.
/// </summary>
internal unsafe interface IFloatVec<TV> where TV : struct
{
    static abstract int Count { get; }
    static abstract TV Zero { get; }
    static abstract TV Load(float* p);
    /// <summary>p[0], p[2], ..., p[2·(Count−1)]: the inputs of a stride-2 row; reads 2·Count floats.</summary>
    static abstract TV LoadEven(float* p);
    static abstract void Store(TV v, float* p);
    static abstract TV Splat(float x);
    /// <summary>a * b + c; fused where the hardware has FMA, separate multiply and add otherwise.</summary>
    static abstract TV MulAdd(TV a, TV b, TV c);
    static abstract TV Mul(TV a, TV b);
    static abstract TV Add(TV a, TV b);
    static abstract TV Sub(TV a, TV b);
    static abstract float Sum(TV v);
    /// <summary>Lane-wise maximum with <see cref="Math.Max(float, float)"/>'s rules: a NaN wins, and +0 is above −0.</summary>
    static abstract TV Max(TV a, TV b);
}

internal unsafe struct F512 : IFloatVec<Vector512<float>>
{
    public static int Count => Vector512<float>.Count;
    public static Vector512<float> Zero => Vector512<float>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Load(float* p) => Vector512.Load(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<float> LoadEven(float* p) => Avx512F.IsSupported
        ? Avx512F.PermuteVar16x32x2(Vector512.Load(p), Vector512.Create(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30), Vector512.Load(p + 16))
        : Vector512.Create(F256.LoadEven(p), F256.LoadEven(p + 16));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector512<float> v, float* p) => v.Store(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Splat(float x) => Vector512.Create(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> MulAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) => Vector512.MultiplyAddEstimate(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Mul(Vector512<float> a, Vector512<float> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Sub(Vector512<float> a, Vector512<float> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Vector512<float> v) => Vector512.Sum(v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<float> Max(Vector512<float> a, Vector512<float> b) => Vector512.Max(a, b);
}

internal unsafe struct F256 : IFloatVec<Vector256<float>>
{
    public static int Count => Vector256<float>.Count;
    public static Vector256<float> Zero => Vector256<float>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Load(float* p) => Vector256.Load(p);
    // Per 128-bit lane (a0 a2 b0 b2 | a4 a6 b4 b6), then the middle 64-bit pairs swapped into order.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> LoadEven(float* p) => Avx2.IsSupported
        ? Avx2.Permute4x64(Avx.Shuffle(Vector256.Load(p), Vector256.Load(p + 8), 0x88).AsDouble(), 0xD8).AsSingle()
        : Vector256.Create(F128.LoadEven(p), F128.LoadEven(p + 8));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector256<float> v, float* p) => v.Store(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Splat(float x) => Vector256.Create(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> MulAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) => Vector256.MultiplyAddEstimate(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Mul(Vector256<float> a, Vector256<float> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Sub(Vector256<float> a, Vector256<float> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Vector256<float> v) => Vector256.Sum(v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector256<float> Max(Vector256<float> a, Vector256<float> b) => Vector256.Max(a, b);
}

internal unsafe struct F128 : IFloatVec<Vector128<float>>
{
    public static int Count => Vector128<float>.Count;
    public static Vector128<float> Zero => Vector128<float>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Load(float* p) => Vector128.Load(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<float> LoadEven(float* p) =>
        Sse.IsSupported ? Sse.Shuffle(Vector128.Load(p), Vector128.Load(p + 4), 0x88)
        : AdvSimd.Arm64.IsSupported ? AdvSimd.Arm64.UnzipEven(Vector128.Load(p), Vector128.Load(p + 4))
        : Vector128.Create(p[0], p[2], p[4], p[6]);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector128<float> v, float* p) => v.Store(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Splat(float x) => Vector128.Create(x);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> MulAdd(Vector128<float> a, Vector128<float> b, Vector128<float> c) => Vector128.MultiplyAddEstimate(a, b, c);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Mul(Vector128<float> a, Vector128<float> b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Add(Vector128<float> a, Vector128<float> b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Sub(Vector128<float> a, Vector128<float> b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(Vector128<float> v) => Vector128.Sum(v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector128<float> Max(Vector128<float> a, Vector128<float> b) => Vector128.Max(a, b);
}

/// <summary>
/// One float as a one-lane vector: the scalar twin of a kernel written over <see cref="IFloatVec{TV}"/> (for lanes of
/// work that have no other scalar form, such as the Winograd transforms over tiles).
/// </summary>
internal unsafe struct FScalar : IFloatVec<float>
{
    public static int Count => 1;
    public static float Zero => 0f;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Load(float* p) => *p;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float LoadEven(float* p) => *p;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(float v, float* p) => *p = v;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Splat(float x) => x;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float MulAdd(float a, float b, float c) => a * b + c;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Mul(float a, float b) => a * b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Add(float a, float b) => a + b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sub(float a, float b) => a - b;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Sum(float v) => v;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static float Max(float a, float b) => Math.Max(a, b);
}

/// <summary>Small shared helpers: float SIMD loops (each with a scalar tail/twin) and index arithmetic.</summary>
internal static unsafe class Simd
{
    /// <summary>Copies n floats between distinct buffers: inline up to 64 (<see cref="CopyShort"/>), else by Buffer.MemoryCopy.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Copy(float* src, float* dst, int n)
    {
        if (n <= 64) CopyShort(src, dst, n);
        else Buffer.MemoryCopy(src, dst, (long)n * sizeof(float), (long)n * sizeof(float));
    }

    /// <summary>
    /// Copies n floats between distinct buffers inline: whole 256-bit vectors, then one last vector that ends at the
    /// end and may overlap the one before (so a 14-float run is two vectors), scalars only below 4 floats. For the
    /// short runs of im2col, where a Buffer.MemoryCopy call per run cost as much as the copying.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    public static void CopyShort(float* src, float* dst, int n)
    {
        if (Vector256.IsHardwareAccelerated && n >= 8)
        {
            int i = 0;
            for (; i + 8 <= n; i += 8) Vector256.Store(Vector256.Load(src + i), dst + i);
            if (i < n) Vector256.Store(Vector256.Load(src + n - 8), dst + n - 8);
        }
        else if (Vector128.IsHardwareAccelerated && n >= 4)
        {
            int i = 0;
            for (; i + 4 <= n; i += 4) Vector128.Store(Vector128.Load(src + i), dst + i);
            if (i < n) Vector128.Store(Vector128.Load(src + n - 4), dst + n - 4);
        }
        else for (int i = 0; i < n; i++) dst[i] = src[i];
    }

    /// <summary>y[i] += s * x[i] for i in [0, n).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Axpy(float* x, float* y, int n, float s)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated) i = Axpy<F512, Vector512<float>>(x, y, n, s);
        else if (Vector256.IsHardwareAccelerated) i = Axpy<F256, Vector256<float>>(x, y, n, s);
        else if (Vector128.IsHardwareAccelerated) i = Axpy<F128, Vector128<float>>(x, y, n, s);
        for (; i < n; i++) y[i] += s * x[i];
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Axpy<TOps, TV>(float* x, float* y, int n, float s) where TOps : struct, IFloatVec<TV> where TV : struct
    {
        int i = 0, w = TOps.Count;
        TV vs = TOps.Splat(s);
        for (; i <= n - w; i += w) TOps.Store(TOps.MulAdd(TOps.Load(x + i), vs, TOps.Load(y + i)), y + i);
        return i;
    }

    /// <summary>y[i] = x[i] * s + t for i in [0, n).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ScaleShift(float* x, float* y, int n, float s, float t)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated) i = ScaleShift<F512, Vector512<float>>(x, y, n, s, t);
        else if (Vector256.IsHardwareAccelerated) i = ScaleShift<F256, Vector256<float>>(x, y, n, s, t);
        else if (Vector128.IsHardwareAccelerated) i = ScaleShift<F128, Vector128<float>>(x, y, n, s, t);
        for (; i < n; i++) y[i] = x[i] * s + t;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int ScaleShift<TOps, TV>(float* x, float* y, int n, float s, float t) where TOps : struct, IFloatVec<TV> where TV : struct
    {
        int i = 0, w = TOps.Count;
        TV vs = TOps.Splat(s), vt = TOps.Splat(t);
        for (; i <= n - w; i += w) TOps.Store(TOps.MulAdd(TOps.Load(x + i), vs, vt), y + i);
        return i;
    }

    /// <summary>Ceiling of a / b for b &gt; 0 and any sign of a.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int CeilDiv(int a, int b) => a >= 0 ? (a + b - 1) / b : -(-a / b);

    /// <summary>Product of the entries as a checked int (shapes here index spans, so they must fit).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Product(ReadOnlySpan<int> dims, string name)
    {
        long p = 1;
        foreach (int d in dims)
        {
            if (d < 0) throw new ArgumentException($"Negative dimension {d} in {name}.", name);
            p *= d;
            if (p > int.MaxValue) throw new ArgumentException($"{name} has more than int.MaxValue elements.", name);
        }
        return (int)p;
    }

    /// <summary>Throws when a span holds fewer than <paramref name="needed"/> elements.</summary>
    public static void Need(int length, long needed, string name)
    {
        if (length < needed) throw new ArgumentException($"{name} has {length} elements; at least {needed} are needed.", name);
    }
}

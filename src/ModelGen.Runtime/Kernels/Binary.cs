using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// Element-wise Add/Sub/Mul/Div with numpy broadcasting resolved by the compiler into per-axis strides.
/// </summary>
/// <remarks>
/// Axes are first normalised (size-1 axes dropped, neighbours that are contiguous for both inputs merged), so
/// "same shape", "one side scalar" and "inner axis contiguous" all become a single SIMD row loop; the rest
/// walks the outer axes with an odometer (offsets updated by strides, no per-element div/mod).
/// </remarks>
public static class Binary
{
    /// <summary>y = a + b.</summary>
    /// <param name="a">First input.</param>
    /// <param name="b">Second input.</param>
    /// <param name="y">Output, dense with shape <paramref name="outShape"/>.</param>
    /// <param name="outShape">y's shape (rank 0..8).</param>
    /// <param name="aStrides">a's element stride per output axis (0 where broadcast).</param>
    /// <param name="bStrides">b's element stride per output axis (0 where broadcast).</param>
    public static void Add<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y, ReadOnlySpan<int> outShape, ReadOnlySpan<int> aStrides, ReadOnlySpan<int> bStrides)
        where T : unmanaged, INumber<T> => Apply<AddOp<T>, T>(a, b, y, outShape, aStrides, bStrides);

    /// <summary>y = a - b.</summary>
    /// <param name="a">First input.</param>
    /// <param name="b">Second input.</param>
    /// <param name="y">Output, dense with shape <paramref name="outShape"/>.</param>
    /// <param name="outShape">y's shape (rank 0..8).</param>
    /// <param name="aStrides">a's element stride per output axis (0 where broadcast).</param>
    /// <param name="bStrides">b's element stride per output axis (0 where broadcast).</param>
    public static void Sub<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y, ReadOnlySpan<int> outShape, ReadOnlySpan<int> aStrides, ReadOnlySpan<int> bStrides)
        where T : unmanaged, INumber<T> => Apply<SubOp<T>, T>(a, b, y, outShape, aStrides, bStrides);

    /// <summary>y = a * b.</summary>
    /// <param name="a">First input.</param>
    /// <param name="b">Second input.</param>
    /// <param name="y">Output, dense with shape <paramref name="outShape"/>.</param>
    /// <param name="outShape">y's shape (rank 0..8).</param>
    /// <param name="aStrides">a's element stride per output axis (0 where broadcast).</param>
    /// <param name="bStrides">b's element stride per output axis (0 where broadcast).</param>
    public static void Mul<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y, ReadOnlySpan<int> outShape, ReadOnlySpan<int> aStrides, ReadOnlySpan<int> bStrides)
        where T : unmanaged, INumber<T> => Apply<MulOp<T>, T>(a, b, y, outShape, aStrides, bStrides);

    /// <summary>y = a / b (integer division truncates toward zero, as in C#; integer division by zero throws).</summary>
    /// <param name="a">First input.</param>
    /// <param name="b">Second input.</param>
    /// <param name="y">Output, dense with shape <paramref name="outShape"/>.</param>
    /// <param name="outShape">y's shape (rank 0..8).</param>
    /// <param name="aStrides">a's element stride per output axis (0 where broadcast).</param>
    /// <param name="bStrides">b's element stride per output axis (0 where broadcast).</param>
    public static void Div<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y, ReadOnlySpan<int> outShape, ReadOnlySpan<int> aStrides, ReadOnlySpan<int> bStrides)
        where T : unmanaged, INumber<T> => Apply<DivOp<T>, T>(a, b, y, outShape, aStrides, bStrides);

    private interface IOp<T> where T : unmanaged, INumber<T>
    {
        static abstract bool Vectorizable { get; }
        static abstract T Apply(T a, T b);
        static abstract Vector128<T> Apply(Vector128<T> a, Vector128<T> b);
        static abstract Vector256<T> Apply(Vector256<T> a, Vector256<T> b);
        static abstract Vector512<T> Apply(Vector512<T> a, Vector512<T> b);
    }

    private readonly struct AddOp<T> : IOp<T> where T : unmanaged, INumber<T>
    {
        public static bool Vectorizable => Vector128<T>.IsSupported;
        public static T Apply(T a, T b) => a + b;
        public static Vector128<T> Apply(Vector128<T> a, Vector128<T> b) => a + b;
        public static Vector256<T> Apply(Vector256<T> a, Vector256<T> b) => a + b;
        public static Vector512<T> Apply(Vector512<T> a, Vector512<T> b) => a + b;
    }

    private readonly struct SubOp<T> : IOp<T> where T : unmanaged, INumber<T>
    {
        public static bool Vectorizable => Vector128<T>.IsSupported;
        public static T Apply(T a, T b) => a - b;
        public static Vector128<T> Apply(Vector128<T> a, Vector128<T> b) => a - b;
        public static Vector256<T> Apply(Vector256<T> a, Vector256<T> b) => a - b;
        public static Vector512<T> Apply(Vector512<T> a, Vector512<T> b) => a - b;
    }

    private readonly struct MulOp<T> : IOp<T> where T : unmanaged, INumber<T>
    {
        // Integer vector multiply is not hardware-accelerated for every width/type; restrict to 32/64-bit lanes.
        public static bool Vectorizable => Vector128<T>.IsSupported && (typeof(T) == typeof(float) || typeof(T) == typeof(double) || typeof(T) == typeof(int) || typeof(T) == typeof(uint));
        public static T Apply(T a, T b) => a * b;
        public static Vector128<T> Apply(Vector128<T> a, Vector128<T> b) => a * b;
        public static Vector256<T> Apply(Vector256<T> a, Vector256<T> b) => a * b;
        public static Vector512<T> Apply(Vector512<T> a, Vector512<T> b) => a * b;
    }

    private readonly struct DivOp<T> : IOp<T> where T : unmanaged, INumber<T>
    {
        // Only floating-point division has vector instructions (and integer x/0 must throw like the scalar path).
        public static bool Vectorizable => typeof(T) == typeof(float) || typeof(T) == typeof(double);
        public static T Apply(T a, T b) => a / b;
        public static Vector128<T> Apply(Vector128<T> a, Vector128<T> b) => a / b;
        public static Vector256<T> Apply(Vector256<T> a, Vector256<T> b) => a / b;
        public static Vector512<T> Apply(Vector512<T> a, Vector512<T> b) => a / b;
    }

    private static unsafe void Apply<TOp, T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y, ReadOnlySpan<int> outShape,
        ReadOnlySpan<int> aStrides, ReadOnlySpan<int> bStrides) where TOp : struct, IOp<T> where T : unmanaged, INumber<T>
    {
        int rank = outShape.Length;
        if (rank > 8 || aStrides.Length != rank || bStrides.Length != rank)
            throw new ArgumentException("outShape, aStrides and bStrides must have the same length (at most 8).");

        // Normalise: drop size-1 axes, merge an axis into its outer neighbour when both inputs step through
        // the pair as one run (outer stride == inner stride * inner size; also true for two broadcast axes).
        Span<int> shape = stackalloc int[8], sa = stackalloc int[8], sb = stackalloc int[8];
        int r = 0;
        long total = 1, aLast = 0, bLast = 0;
        for (int d = 0; d < rank; d++)
        {
            int n = outShape[d], da = aStrides[d], db = bStrides[d];
            if (n < 0 || da < 0 || db < 0) throw new ArgumentException("Negative size or stride.");
            total *= n;
            if (n == 1) continue;
            aLast += (long)(n - 1) * da;
            bLast += (long)(n - 1) * db;
            if (r > 0 && sa[r - 1] == (long)da * n && sb[r - 1] == (long)db * n)
            {
                shape[r - 1] *= n;
                sa[r - 1] = da;
                sb[r - 1] = db;
            }
            else
            {
                shape[r] = n; sa[r] = da; sb[r] = db; r++;
            }
        }
        if (total == 0) return;
        Simd.Need(y.Length, total, nameof(y));
        Simd.Need(a.Length, aLast + 1, nameof(a));
        Simd.Need(b.Length, bLast + 1, nameof(b));

        fixed (T* pa = a, pb = b, py = y)
        {
            if (r == 0)
            {
                *py = TOp.Apply(*pa, *pb);
                return;
            }
            int inner = shape[r - 1], ia = sa[r - 1], ib = sb[r - 1];
            long rows = total / inner;
            Span<int> idx = stackalloc int[8];
            idx.Clear();
            nint aOff = 0, bOff = 0;
            T* yRow = py;
            for (long row = 0; row < rows; row++, yRow += inner)
            {
                Row<TOp, T>(pa + aOff, ia, pb + bOff, ib, yRow, inner);
                for (int d = r - 2; d >= 0; d--)
                {
                    aOff += sa[d];
                    bOff += sb[d];
                    if (++idx[d] < shape[d]) break;
                    aOff -= (nint)sa[d] * shape[d];
                    bOff -= (nint)sb[d] * shape[d];
                    idx[d] = 0;
                }
            }
        }
    }

    /// <summary>One output row: SIMD when each input is contiguous (stride 1) or fixed (stride 0).</summary>
    private static unsafe void Row<TOp, T>(T* a, int sa, T* b, int sb, T* y, int n) where TOp : struct, IOp<T> where T : unmanaged, INumber<T>
    {
        int i = 0;
        if (TOp.Vectorizable && (sa | sb) <= 1)
        {
            if (sa == 1 && sb == 1) i = RowVV<TOp, T>(a, b, y, n);
            else if (sa == 1) i = RowVS<TOp, T>(a, *b, y, n);
            else if (sb == 1) i = RowSV<TOp, T>(*a, b, y, n);
        }
        for (; i < n; i++) y[i] = TOp.Apply(a[(nint)i * sa], b[(nint)i * sb]);
    }

    private static unsafe int RowVV<TOp, T>(T* a, T* b, T* y, int n) where TOp : struct, IOp<T> where T : unmanaged, INumber<T>
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; i <= n - Vector512<T>.Count; i += Vector512<T>.Count) TOp.Apply(Vector512.Load(a + i), Vector512.Load(b + i)).Store(y + i);
        if (Vector256.IsHardwareAccelerated)
            for (; i <= n - Vector256<T>.Count; i += Vector256<T>.Count) TOp.Apply(Vector256.Load(a + i), Vector256.Load(b + i)).Store(y + i);
        if (Vector128.IsHardwareAccelerated)
            for (; i <= n - Vector128<T>.Count; i += Vector128<T>.Count) TOp.Apply(Vector128.Load(a + i), Vector128.Load(b + i)).Store(y + i);
        return i;
    }

    private static unsafe int RowVS<TOp, T>(T* a, T b, T* y, int n) where TOp : struct, IOp<T> where T : unmanaged, INumber<T>
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<T> vb = Vector512.Create(b);
            for (; i <= n - Vector512<T>.Count; i += Vector512<T>.Count) TOp.Apply(Vector512.Load(a + i), vb).Store(y + i);
        }
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<T> vb = Vector256.Create(b);
            for (; i <= n - Vector256<T>.Count; i += Vector256<T>.Count) TOp.Apply(Vector256.Load(a + i), vb).Store(y + i);
        }
        if (Vector128.IsHardwareAccelerated)
        {
            Vector128<T> vb = Vector128.Create(b);
            for (; i <= n - Vector128<T>.Count; i += Vector128<T>.Count) TOp.Apply(Vector128.Load(a + i), vb).Store(y + i);
        }
        return i;
    }

    private static unsafe int RowSV<TOp, T>(T a, T* b, T* y, int n) where TOp : struct, IOp<T> where T : unmanaged, INumber<T>
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            Vector512<T> va = Vector512.Create(a);
            for (; i <= n - Vector512<T>.Count; i += Vector512<T>.Count) TOp.Apply(va, Vector512.Load(b + i)).Store(y + i);
        }
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<T> va = Vector256.Create(a);
            for (; i <= n - Vector256<T>.Count; i += Vector256<T>.Count) TOp.Apply(va, Vector256.Load(b + i)).Store(y + i);
        }
        if (Vector128.IsHardwareAccelerated)
        {
            Vector128<T> va = Vector128.Create(a);
            for (; i <= n - Vector128<T>.Count; i += Vector128<T>.Count) TOp.Apply(va, Vector128.Load(b + i)).Store(y + i);
        }
        return i;
    }
}

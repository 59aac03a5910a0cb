using System;
using System.Runtime.Intrinsics;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// The elementwise loops: y[i] = f(inputs at i), with numpy broadcasting resolved by the compiler into per-axis
/// strides (0 where an input broadcasts). The function comes as a struct type argument (see <see cref="IMap2{TA,TB,TY}"/>);
/// the V variants also run its vector bodies, widest first, and finish with the scalar body, which is the scalar twin.
/// </summary>
/// <remarks>
/// Axes are first normalised (size-1 axes dropped, neighbours contiguous for every input merged), so "same shape",
/// "one side scalar" and "inner axis contiguous" all become a single row loop; the rest walks the outer axes with an
/// odometer (offsets updated by strides, no per-element div/mod).
/// </remarks>
public static class Elementwise
{
    /// <summary>
    /// Throws unless a span holds at least <paramref name="needed"/> elements: the loops the compiler generates for fused
    /// elementwise nodes check each span once, at the top, and then load and store vectors without further checks.
    /// </summary>
    /// <param name="length">The span's length.</param>
    /// <param name="needed">The elements the loop reads or writes.</param>
    /// <param name="name">The span, for the message.</param>
    public static void Need(int length, long needed, string name) => Simd.Need(length, needed, name);

    /// <summary>y[i] = f(x[i]) for i &lt; count.</summary>
    /// <param name="x">Input.</param>
    /// <param name="y">Output.</param>
    /// <param name="count">Elements.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Map1<TOp, TX, TY>(ReadOnlySpan<TX> x, Span<TY> y, int count)
        where TOp : struct, IMap1<TX, TY> where TX : unmanaged where TY : unmanaged
    {
        Simd.Need(x.Length, count, nameof(x));
        Simd.Need(y.Length, count, nameof(y));
        fixed (TX* px = x)
        fixed (TY* py = y)
            for (int i = 0; i < count; i++) py[i] = TOp.Apply(px[i]);
    }

    /// <summary>y[i] = f(x[i]) for i &lt; count, vectorised.</summary>
    /// <param name="x">Input.</param>
    /// <param name="y">Output (may be x itself).</param>
    /// <param name="count">Elements.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Map1V<TOp, T>(ReadOnlySpan<T> x, Span<T> y, int count)
        where TOp : struct, IVectorMap1<T> where T : unmanaged
    {
        Simd.Need(x.Length, count, nameof(x));
        Simd.Need(y.Length, count, nameof(y));
        fixed (T* px = x, py = y)
        {
            int i = 0;
            if (Vector512.IsHardwareAccelerated)
                for (; i <= count - Vector512<T>.Count; i += Vector512<T>.Count) TOp.Apply(Vector512.Load(px + i)).Store(py + i);
            if (Vector256.IsHardwareAccelerated)
                for (; i <= count - Vector256<T>.Count; i += Vector256<T>.Count) TOp.Apply(Vector256.Load(px + i)).Store(py + i);
            if (Vector128.IsHardwareAccelerated)
                for (; i <= count - Vector128<T>.Count; i += Vector128<T>.Count) TOp.Apply(Vector128.Load(px + i)).Store(py + i);
            for (; i < count; i++) py[i] = TOp.Apply(px[i]);
        }
    }

    /// <summary>y = f(a, b) with broadcasting.</summary>
    /// <param name="a">First input.</param>
    /// <param name="b">Second input.</param>
    /// <param name="y">Output, dense with shape <paramref name="shape"/>.</param>
    /// <param name="shape">y's shape (rank 0..8).</param>
    /// <param name="aStrides">a's element stride per output axis (0 where broadcast).</param>
    /// <param name="bStrides">b's element stride per output axis (0 where broadcast).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Map2<TOp, TA, TB, TY>(ReadOnlySpan<TA> a, ReadOnlySpan<TB> b, Span<TY> y, ReadOnlySpan<int> shape, ReadOnlySpan<int> aStrides, ReadOnlySpan<int> bStrides)
        where TOp : struct, IMap2<TA, TB, TY> where TA : unmanaged where TB : unmanaged where TY : unmanaged
    {
        var walk = new StridedWalk(shape, aStrides, bStrides, default);
        if (walk.Total == 0) return;
        walk.Check(y.Length, a.Length, b.Length, 1);
        fixed (TA* pa = a)
        fixed (TB* pb = b)
        fixed (TY* py = y)
        {
            TY* yRow = py;
            for (long row = 0; row < walk.Rows; row++, yRow += walk.Inner)
            {
                TA* ra = pa + walk.Offset0;
                TB* rb = pb + walk.Offset1;
                for (int i = 0; i < walk.Inner; i++) yRow[i] = TOp.Apply(ra[(nint)i * walk.Inner0], rb[(nint)i * walk.Inner1]);
                walk.Next();
            }
        }
    }

    /// <summary>y = f(a, b) with broadcasting, vectorised where a row's inputs are contiguous or fixed.</summary>
    /// <param name="a">First input.</param>
    /// <param name="b">Second input.</param>
    /// <param name="y">Output, dense with shape <paramref name="shape"/>.</param>
    /// <param name="shape">y's shape (rank 0..8).</param>
    /// <param name="aStrides">a's element stride per output axis (0 where broadcast).</param>
    /// <param name="bStrides">b's element stride per output axis (0 where broadcast).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Map2V<TOp, T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Span<T> y, ReadOnlySpan<int> shape, ReadOnlySpan<int> aStrides, ReadOnlySpan<int> bStrides)
        where TOp : struct, IVectorMap2<T> where T : unmanaged
    {
        var walk = new StridedWalk(shape, aStrides, bStrides, default);
        if (walk.Total == 0) return;
        walk.Check(y.Length, a.Length, b.Length, 1);
        fixed (T* pa = a, pb = b, py = y)
        {
            T* yRow = py;
            for (long row = 0; row < walk.Rows; row++, yRow += walk.Inner)
            {
                Row<TOp, T>(pa + walk.Offset0, walk.Inner0, pb + walk.Offset1, walk.Inner1, yRow, walk.Inner);
                walk.Next();
            }
        }
    }

    /// <summary>y = f(a, b, c) with broadcasting (Where).</summary>
    /// <param name="a">First input.</param>
    /// <param name="b">Second input.</param>
    /// <param name="c">Third input.</param>
    /// <param name="y">Output, dense with shape <paramref name="shape"/>.</param>
    /// <param name="shape">y's shape (rank 0..8).</param>
    /// <param name="aStrides">a's element stride per output axis (0 where broadcast).</param>
    /// <param name="bStrides">b's element stride per output axis (0 where broadcast).</param>
    /// <param name="cStrides">c's element stride per output axis (0 where broadcast).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Map3<TOp, TA, TB, TC, TY>(ReadOnlySpan<TA> a, ReadOnlySpan<TB> b, ReadOnlySpan<TC> c, Span<TY> y, ReadOnlySpan<int> shape,
        ReadOnlySpan<int> aStrides, ReadOnlySpan<int> bStrides, ReadOnlySpan<int> cStrides)
        where TOp : struct, IMap3<TA, TB, TC, TY> where TA : unmanaged where TB : unmanaged where TC : unmanaged where TY : unmanaged
    {
        var walk = new StridedWalk(shape, aStrides, bStrides, cStrides);
        if (walk.Total == 0) return;
        walk.Check(y.Length, a.Length, b.Length, c.Length);
        fixed (TA* pa = a)
        fixed (TB* pb = b)
        fixed (TC* pc = c)
        fixed (TY* py = y)
        {
            TY* yRow = py;
            for (long row = 0; row < walk.Rows; row++, yRow += walk.Inner)
            {
                TA* ra = pa + walk.Offset0;
                TB* rb = pb + walk.Offset1;
                TC* rc = pc + walk.Offset2;
                for (int i = 0; i < walk.Inner; i++) yRow[i] = TOp.Apply(ra[(nint)i * walk.Inner0], rb[(nint)i * walk.Inner1], rc[(nint)i * walk.Inner2]);
                walk.Next();
            }
        }
    }

    /// <summary>One output row: SIMD when each input is contiguous (stride 1) or fixed (stride 0); the scalar body finishes it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void Row<TOp, T>(T* a, int sa, T* b, int sb, T* y, int n) where TOp : struct, IVectorMap2<T> where T : unmanaged
    {
        int i = 0;
        if (sa == 1 && sb == 1) i = RowVV<TOp, T>(a, b, y, n);
        else if (sa == 1 && sb == 0) i = RowVS<TOp, T>(a, *b, y, n);
        else if (sa == 0 && sb == 1) i = RowSV<TOp, T>(*a, b, y, n);
        for (; i < n; i++) y[i] = TOp.Apply(a[(nint)i * sa], b[(nint)i * sb]);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe int RowVV<TOp, T>(T* a, T* b, T* y, int n) where TOp : struct, IVectorMap2<T> where T : unmanaged
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

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe int RowVS<TOp, T>(T* a, T b, T* y, int n) where TOp : struct, IVectorMap2<T> where T : unmanaged
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var vb = Vector512.Create(b);
            for (; i <= n - Vector512<T>.Count; i += Vector512<T>.Count) TOp.Apply(Vector512.Load(a + i), vb).Store(y + i);
        }
        if (Vector256.IsHardwareAccelerated)
        {
            var vb = Vector256.Create(b);
            for (; i <= n - Vector256<T>.Count; i += Vector256<T>.Count) TOp.Apply(Vector256.Load(a + i), vb).Store(y + i);
        }
        if (Vector128.IsHardwareAccelerated)
        {
            var vb = Vector128.Create(b);
            for (; i <= n - Vector128<T>.Count; i += Vector128<T>.Count) TOp.Apply(Vector128.Load(a + i), vb).Store(y + i);
        }
        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe int RowSV<TOp, T>(T a, T* b, T* y, int n) where TOp : struct, IVectorMap2<T> where T : unmanaged
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var va = Vector512.Create(a);
            for (; i <= n - Vector512<T>.Count; i += Vector512<T>.Count) TOp.Apply(va, Vector512.Load(b + i)).Store(y + i);
        }
        if (Vector256.IsHardwareAccelerated)
        {
            var va = Vector256.Create(a);
            for (; i <= n - Vector256<T>.Count; i += Vector256<T>.Count) TOp.Apply(va, Vector256.Load(b + i)).Store(y + i);
        }
        if (Vector128.IsHardwareAccelerated)
        {
            var va = Vector128.Create(a);
            for (; i <= n - Vector128<T>.Count; i += Vector128<T>.Count) TOp.Apply(va, Vector128.Load(b + i)).Store(y + i);
        }
        return i;
    }
}

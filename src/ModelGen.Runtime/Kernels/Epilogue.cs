using System;
using System.Runtime.Intrinsics;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// What a Conv, Gemm or MatMul kernel applies to each block of its output right after computing it, while the block is
/// still in cache: y[i] = f(y[i]) or y[i] = f(y[i], residual[i]), where the residual has exactly y's layout. The
/// compiler fuses the activation (and residual Add) that followed the product into this; <see cref="NoEpilogue{T}"/>
/// is the plain kernel, which the JIT specialises to nothing.
/// </summary>
/// <typeparam name="T">Element type.</typeparam>
public interface IEpilogue<T> where T : unmanaged
{
    /// <summary>Whether <see cref="Apply"/> does anything (false lets the kernels skip their epilogue loops).</summary>
    static abstract bool IsIdentity { get; }

    /// <summary>Applies the function to y[offset .. offset + count) (reading residual at the same indices).</summary>
    /// <param name="y">The kernel's output.</param>
    /// <param name="residual">The residual operand, y's shape, or empty for a one-operand epilogue.</param>
    /// <param name="offset">First element of the block.</param>
    /// <param name="count">Elements in the block.</param>
    static abstract void Apply(Span<T> y, ReadOnlySpan<T> residual, int offset, int count);
}

/// <summary>No epilogue: the kernel's output as computed.</summary>
/// <typeparam name="T">Element type.</typeparam>
public readonly struct NoEpilogue<T> : IEpilogue<T> where T : unmanaged
{
    /// <inheritdoc/>
    public static bool IsIdentity => true;

    /// <inheritdoc/>
    public static void Apply(Span<T> y, ReadOnlySpan<T> residual, int offset, int count) { }
}

/// <summary>y[i] = f(y[i]), scalar (the function has no vector form).</summary>
/// <typeparam name="TOp">The function (a generated struct).</typeparam>
/// <typeparam name="T">Element type.</typeparam>
public readonly struct Epilogue1<TOp, T> : IEpilogue<T> where TOp : struct, IMap1<T, T> where T : unmanaged
{
    /// <inheritdoc/>
    public static bool IsIdentity => false;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Apply(Span<T> y, ReadOnlySpan<T> residual, int offset, int count)
    {
        var block = y.Slice(offset, count);
        for (int i = 0; i < block.Length; i++) block[i] = TOp.Apply(block[i]);
    }
}

/// <summary>y[i] = f(y[i]), vectorised, widest vectors first; the scalar body finishes the block (the scalar twin).</summary>
/// <typeparam name="TOp">The function (a generated struct).</typeparam>
/// <typeparam name="T">Element type.</typeparam>
public readonly struct Epilogue1V<TOp, T> : IEpilogue<T> where TOp : struct, IVectorMap1<T> where T : unmanaged
{
    /// <inheritdoc/>
    public static bool IsIdentity => false;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Apply(Span<T> y, ReadOnlySpan<T> residual, int offset, int count)
    {
        var block = y.Slice(offset, count);
        fixed (T* p = block)
        {
            int i = 0;
            if (Vector512.IsHardwareAccelerated)
                for (; i <= count - Vector512<T>.Count; i += Vector512<T>.Count) TOp.Apply(Vector512.Load(p + i)).Store(p + i);
            if (Vector256.IsHardwareAccelerated)
                for (; i <= count - Vector256<T>.Count; i += Vector256<T>.Count) TOp.Apply(Vector256.Load(p + i)).Store(p + i);
            if (Vector128.IsHardwareAccelerated)
                for (; i <= count - Vector128<T>.Count; i += Vector128<T>.Count) TOp.Apply(Vector128.Load(p + i)).Store(p + i);
            for (; i < count; i++) p[i] = TOp.Apply(p[i]);
        }
    }
}

/// <summary>y[i] = f(y[i], residual[i]), scalar.</summary>
/// <typeparam name="TOp">The function (a generated struct): argument 0 is the product, argument 1 the residual.</typeparam>
/// <typeparam name="T">Element type.</typeparam>
public readonly struct Epilogue2<TOp, T> : IEpilogue<T> where TOp : struct, IMap2<T, T, T> where T : unmanaged
{
    /// <inheritdoc/>
    public static bool IsIdentity => false;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Apply(Span<T> y, ReadOnlySpan<T> residual, int offset, int count)
    {
        var block = y.Slice(offset, count);
        var r = residual.Slice(offset, count);
        for (int i = 0; i < block.Length; i++) block[i] = TOp.Apply(block[i], r[i]);
    }
}

/// <summary>y[i] = f(y[i], residual[i]), vectorised; the scalar body finishes the block.</summary>
/// <typeparam name="TOp">The function (a generated struct): argument 0 is the product, argument 1 the residual.</typeparam>
/// <typeparam name="T">Element type.</typeparam>
public readonly struct Epilogue2V<TOp, T> : IEpilogue<T> where TOp : struct, IVectorMap2<T> where T : unmanaged
{
    /// <inheritdoc/>
    public static bool IsIdentity => false;

    /// <inheritdoc/>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static unsafe void Apply(Span<T> y, ReadOnlySpan<T> residual, int offset, int count)
    {
        var block = y.Slice(offset, count);
        var r = residual.Slice(offset, count);
        fixed (T* p = block, q = r)
        {
            int i = 0;
            if (Vector512.IsHardwareAccelerated)
                for (; i <= count - Vector512<T>.Count; i += Vector512<T>.Count) TOp.Apply(Vector512.Load(p + i), Vector512.Load(q + i)).Store(p + i);
            if (Vector256.IsHardwareAccelerated)
                for (; i <= count - Vector256<T>.Count; i += Vector256<T>.Count) TOp.Apply(Vector256.Load(p + i), Vector256.Load(q + i)).Store(p + i);
            if (Vector128.IsHardwareAccelerated)
                for (; i <= count - Vector128<T>.Count; i += Vector128<T>.Count) TOp.Apply(Vector128.Load(p + i), Vector128.Load(q + i)).Store(p + i);
            for (; i < count; i++) p[i] = TOp.Apply(p[i], q[i]);
        }
    }
}

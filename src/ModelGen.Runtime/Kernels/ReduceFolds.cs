using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>One reduction's fold over an accumulator type: the identity it starts from, one step, and the final value from the accumulator and the element count.</summary>
internal interface IFold
{
    static abstract TAcc Seed<TAcc>() where TAcc : INumber<TAcc>;
    static abstract TAcc Step<TAcc>(TAcc acc, TAcc v) where TAcc : INumber<TAcc>;
    static abstract TAcc Finish<TAcc>(TAcc acc, long count) where TAcc : INumber<TAcc>;
    /// <summary>Whether the result converts to the element type saturating (Max/Min seeds) rather than wrapping (sums).</summary>
    static abstract bool Saturates { get; }
}

internal struct SumOf : IFold
{
    public static bool Saturates => false;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TAcc Seed<TAcc>() where TAcc : INumber<TAcc> => TAcc.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TAcc Step<TAcc>(TAcc acc, TAcc v) where TAcc : INumber<TAcc> => acc + v;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TAcc Finish<TAcc>(TAcc acc, long count) where TAcc : INumber<TAcc> => acc;
}

internal struct MeanOf : IFold
{
    public static bool Saturates => false;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TAcc Seed<TAcc>() where TAcc : INumber<TAcc> => TAcc.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TAcc Step<TAcc>(TAcc acc, TAcc v) where TAcc : INumber<TAcc> => acc + v;
    // An empty mean is 0/0: NaN for floats; integers have no NaN and stay 0 rather than dividing by zero.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TAcc Finish<TAcc>(TAcc acc, long count) where TAcc : INumber<TAcc> =>
        count == 0 && typeof(TAcc) != typeof(double) ? acc : acc / TAcc.CreateTruncating(count);
}

internal struct MaxOf : IFold
{
    public static bool Saturates => true;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TAcc Seed<TAcc>() where TAcc : INumber<TAcc> => TAcc.CreateSaturating(double.NegativeInfinity);
    // NaN wins and stays: v > NaN is false, so a NaN accumulator is never replaced.
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TAcc Step<TAcc>(TAcc acc, TAcc v) where TAcc : INumber<TAcc> => TAcc.IsNaN(v) || v > acc ? v : acc;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TAcc Finish<TAcc>(TAcc acc, long count) where TAcc : INumber<TAcc> => acc;
}

internal struct MinOf : IFold
{
    public static bool Saturates => true;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TAcc Seed<TAcc>() where TAcc : INumber<TAcc> => TAcc.CreateSaturating(double.PositiveInfinity);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TAcc Step<TAcc>(TAcc acc, TAcc v) where TAcc : INumber<TAcc> => TAcc.IsNaN(v) || v < acc ? v : acc;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TAcc Finish<TAcc>(TAcc acc, long count) where TAcc : INumber<TAcc> => acc;
}

internal struct ProdOf : IFold
{
    public static bool Saturates => false;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TAcc Seed<TAcc>() where TAcc : INumber<TAcc> => TAcc.One;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TAcc Step<TAcc>(TAcc acc, TAcc v) where TAcc : INumber<TAcc> => acc * v;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TAcc Finish<TAcc>(TAcc acc, long count) where TAcc : INumber<TAcc> => acc;
}

internal struct L1Of : IFold
{
    public static bool Saturates => false;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TAcc Seed<TAcc>() where TAcc : INumber<TAcc> => TAcc.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TAcc Step<TAcc>(TAcc acc, TAcc v) where TAcc : INumber<TAcc> => acc + TAcc.Abs(v);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TAcc Finish<TAcc>(TAcc acc, long count) where TAcc : INumber<TAcc> => acc;
}

internal struct SumSquareOf : IFold
{
    public static bool Saturates => false;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TAcc Seed<TAcc>() where TAcc : INumber<TAcc> => TAcc.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TAcc Step<TAcc>(TAcc acc, TAcc v) where TAcc : INumber<TAcc> => acc + v * v;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TAcc Finish<TAcc>(TAcc acc, long count) where TAcc : INumber<TAcc> => acc;
}

/// <summary>√(Σ x²); integer results truncate the root, as ONNX's reference does when it casts back.</summary>
internal struct L2Of : IFold
{
    public static bool Saturates => false;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TAcc Seed<TAcc>() where TAcc : INumber<TAcc> => TAcc.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TAcc Step<TAcc>(TAcc acc, TAcc v) where TAcc : INumber<TAcc> => acc + v * v;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TAcc Finish<TAcc>(TAcc acc, long count) where TAcc : INumber<TAcc> => TAcc.CreateTruncating(Math.Sqrt(double.CreateTruncating(acc)));
}

/// <summary>log Σ x (an empty sum gives log 0 = -inf).</summary>
internal struct LogSumOf : IFold
{
    public static bool Saturates => false;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TAcc Seed<TAcc>() where TAcc : INumber<TAcc> => TAcc.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TAcc Step<TAcc>(TAcc acc, TAcc v) where TAcc : INumber<TAcc> => acc + v;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TAcc Finish<TAcc>(TAcc acc, long count) where TAcc : INumber<TAcc> => TAcc.CreateSaturating(Math.Log(double.CreateTruncating(acc)));
}

/// <summary>
/// log Σ exp x, summed in double without a max shift: exact for |x| below about 700, which float inputs of
/// real models stay far inside; ONNX's reference gives the same values there.
/// </summary>
internal struct LogSumExpOf : IFold
{
    public static bool Saturates => false;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TAcc Seed<TAcc>() where TAcc : INumber<TAcc> => TAcc.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TAcc Step<TAcc>(TAcc acc, TAcc v) where TAcc : INumber<TAcc> => acc + TAcc.CreateSaturating(Math.Exp(double.CreateTruncating(v)));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static TAcc Finish<TAcc>(TAcc acc, long count) where TAcc : INumber<TAcc> => TAcc.CreateSaturating(Math.Log(double.CreateTruncating(acc)));
}

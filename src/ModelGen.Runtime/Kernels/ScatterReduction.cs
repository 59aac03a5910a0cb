using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>The codes of ONNX's scatter 'reduction' attribute, as the scatter kernels take them.</summary>
public static class ScatterReduction
{
    /// <summary>"none": the update replaces the element.</summary>
    public const int None = 0;
    /// <summary>"add".</summary>
    public const int Add = 1;
    /// <summary>"mul".</summary>
    public const int Mul = 2;
    /// <summary>"max" (NaN propagates).</summary>
    public const int Max = 3;
    /// <summary>"min" (NaN propagates).</summary>
    public const int Min = 4;
}

/// <summary>How a scatter combines the current element with an update; a struct so the JIT inlines it per kernel.</summary>
internal interface IScatterCombine<T>
{
    static abstract T Apply(T current, T update);
}

internal struct ScatterAssign<T> : IScatterCombine<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Apply(T current, T update) => update;
}

internal struct ScatterAdd<T> : IScatterCombine<T> where T : INumber<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Apply(T current, T update) => current + update;
}

internal struct ScatterMul<T> : IScatterCombine<T> where T : INumber<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Apply(T current, T update) => current * update;
}

// NaN wins in max and min (numpy's maximum/minimum, which ONNX's reference uses for ScatterND).
internal struct ScatterMax<T> : IScatterCombine<T> where T : INumber<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Apply(T current, T update) => T.IsNaN(current) || T.IsNaN(update) ? (T.IsNaN(current) ? current : update) : update > current ? update : current;
}

internal struct ScatterMin<T> : IScatterCombine<T> where T : INumber<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static T Apply(T current, T update) => T.IsNaN(current) || T.IsNaN(update) ? (T.IsNaN(current) ? current : update) : update < current ? update : current;
}

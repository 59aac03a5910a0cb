namespace ModelGen.Gpu.Kernels;

/// <summary>A compile-time integer carried as a struct type argument.</summary>
/// <remarks>
/// ILGPU specialises a generic kernel per struct type argument and folds <c>default(T).Value</c> to a constant, so a
/// kernel written over <c>TSize : IConstant</c> gets constant loop bounds (unrolled) and constant shared-memory sizes
/// without one copy of the code per size.
/// </remarks>
public interface IConstant
{
    /// <summary>The constant.</summary>
    int Value { get; }
}

/// <summary>The constant 3 (a 3×3 depthwise window).</summary>
public readonly struct Const3 : IConstant
{
    /// <inheritdoc/>
    public int Value => 3;
}

/// <summary>The constant 5 (a 5×5 depthwise window).</summary>
public readonly struct Const5 : IConstant
{
    /// <inheritdoc/>
    public int Value => 5;
}

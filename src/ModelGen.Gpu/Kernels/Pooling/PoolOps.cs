namespace ModelGen.Gpu.Kernels.Pooling;

/// <summary>The combining rule of a pooling window.</summary>
public interface IPoolOp
{
    /// <summary>The value of an empty window so far.</summary>
    float Identity { get; }

    /// <summary>Adds one input to the window's value.</summary>
    float Combine(float acc, float value);

    /// <summary>The output from the combined value and the number of inputs it divides by.</summary>
    float Finish(float acc, int count);
}

/// <summary>MaxPool: the largest input in the window (padding never wins).</summary>
public readonly struct MaxPoolOp : IPoolOp
{
    /// <inheritdoc/>
    public float Identity => float.NegativeInfinity;

    /// <inheritdoc/>
    public float Combine(float acc, float value) => value > acc ? value : acc;

    /// <inheritdoc/>
    public float Finish(float acc, int count) => acc;
}

/// <summary>AveragePool: the sum divided by the count (valid inputs, or the padded window with count_include_pad).</summary>
public readonly struct AveragePoolOp : IPoolOp
{
    /// <inheritdoc/>
    public float Identity => 0f;

    /// <inheritdoc/>
    public float Combine(float acc, float value) => acc + value;

    /// <inheritdoc/>
    public float Finish(float acc, int count) => acc / count;
}

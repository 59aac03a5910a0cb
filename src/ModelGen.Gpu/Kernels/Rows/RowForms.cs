using ILGPU.Algorithms;

namespace ModelGen.Gpu.Kernels.Rows;

/// <summary>How a softmax-like row kernel turns x, the row max and Σexp(x − max) into its output.</summary>
public interface ISoftmaxForm
{
    /// <summary>The output for element <paramref name="x"/> of a row.</summary>
    float Finish(float x, float max, float sumExp);
}

/// <summary>ONNX Softmax: exp(x − max) / Σexp(x − max).</summary>
public readonly struct SoftmaxForm : ISoftmaxForm
{
    /// <inheritdoc/>
    public float Finish(float x, float max, float sumExp) => XMath.Exp(x - max) / sumExp;
}

/// <summary>ONNX LogSoftmax: x − max − log Σexp(x − max), never exp then log (which underflows to −∞).</summary>
public readonly struct LogSoftmaxForm : ISoftmaxForm
{
    /// <inheritdoc/>
    public float Finish(float x, float max, float sumExp) => x - max - XMath.Log(sumExp);
}

/// <summary>What a row reduction does with its combined value: ReduceSum and ReduceMax keep it, ReduceMean divides.</summary>
public interface IReduceFinish
{
    /// <summary>The row's result from the combined value of its <paramref name="count"/> elements.</summary>
    float Finish(float combined, int count);
}

/// <summary>The combined value itself (sum, max, min).</summary>
public readonly struct KeepFinish : IReduceFinish
{
    /// <inheritdoc/>
    public float Finish(float combined, int count) => combined;
}

/// <summary>The combined sum divided by the element count (mean).</summary>
public readonly struct MeanFinish : IReduceFinish
{
    /// <inheritdoc/>
    public float Finish(float combined, int count) => combined / count;
}

using ILGPU.Algorithms;

namespace ModelGen.Gpu.Kernels.Elementwise;

/// <summary>A scalar function of one float, the body of a unary kernel or a fused epilogue.</summary>
/// <remarks>Implementations are structs: ILGPU specialises the kernel per struct type and inlines the call.</remarks>
public interface IUnaryOp
{
    /// <summary>Applies the function.</summary>
    float Apply(float x);
}

/// <summary>x (the epilogue of a product with no activation).</summary>
public readonly struct IdentityOp : IUnaryOp
{
    /// <inheritdoc/>
    public float Apply(float x) => x;
}

/// <summary>ONNX Relu: max(x, 0).</summary>
public readonly struct ReluOp : IUnaryOp
{
    /// <inheritdoc/>
    public float Apply(float x) => x > 0f ? x : 0f;
}

/// <summary>ONNX LeakyRelu: x for x ≥ 0, else alpha·x.</summary>
public readonly struct LeakyReluOp : IUnaryOp
{
    /// <summary>The slope below zero (ONNX default 0.01).</summary>
    public readonly float Alpha;

    /// <summary>Creates the op with its slope.</summary>
    public LeakyReluOp(float alpha) => Alpha = alpha;

    /// <inheritdoc/>
    public float Apply(float x) => x >= 0f ? x : Alpha * x;
}

/// <summary>ONNX Clip: x clamped to [Min, Max] (Relu6 is Clip(0, 6)).</summary>
public readonly struct ClipOp : IUnaryOp
{
    /// <summary>The lower bound.</summary>
    public readonly float Min;

    /// <summary>The upper bound.</summary>
    public readonly float Max;

    /// <summary>Creates the op with its bounds.</summary>
    public ClipOp(float min, float max)
    {
        Min = min;
        Max = max;
    }

    /// <inheritdoc/>
    public float Apply(float x) => x < Min ? Min : (x > Max ? Max : x);
}

/// <summary>ONNX Sigmoid: 1 / (1 + e^-x).</summary>
public readonly struct SigmoidOp : IUnaryOp
{
    /// <inheritdoc/>
    public float Apply(float x) => 1f / (1f + XMath.Exp(-x));
}

/// <summary>ONNX Tanh.</summary>
public readonly struct TanhOp : IUnaryOp
{
    /// <inheritdoc/>
    public float Apply(float x) => XMath.Tanh(x);
}

/// <summary>ONNX Exp.</summary>
public readonly struct ExpOp : IUnaryOp
{
    /// <inheritdoc/>
    public float Apply(float x) => XMath.Exp(x);
}

/// <summary>ONNX Sqrt.</summary>
public readonly struct SqrtOp : IUnaryOp
{
    /// <inheritdoc/>
    public float Apply(float x) => XMath.Sqrt(x);
}

/// <summary>ONNX Neg.</summary>
public readonly struct NegOp : IUnaryOp
{
    /// <inheritdoc/>
    public float Apply(float x) => -x;
}

using ILGPU.Algorithms;

namespace ModelGen.Gpu.Kernels.Elementwise;

/// <summary>A scalar function of two floats, the body of a broadcasting binary kernel.</summary>
/// <remarks>Implementations are structs: ILGPU specialises the kernel per struct type and inlines the call.</remarks>
public interface IBinaryOp
{
    /// <summary>Applies the function.</summary>
    float Apply(float a, float b);
}

/// <summary>ONNX Add.</summary>
public readonly struct AddOp : IBinaryOp
{
    /// <inheritdoc/>
    public float Apply(float a, float b) => a + b;
}

/// <summary>ONNX Sub.</summary>
public readonly struct SubOp : IBinaryOp
{
    /// <inheritdoc/>
    public float Apply(float a, float b) => a - b;
}

/// <summary>ONNX Mul.</summary>
public readonly struct MulOp : IBinaryOp
{
    /// <inheritdoc/>
    public float Apply(float a, float b) => a * b;
}

/// <summary>ONNX Div.</summary>
public readonly struct DivOp : IBinaryOp
{
    /// <inheritdoc/>
    public float Apply(float a, float b) => a / b;
}

/// <summary>ONNX Max of two inputs.</summary>
public readonly struct MaxOp : IBinaryOp
{
    /// <inheritdoc/>
    public float Apply(float a, float b) => a >= b ? a : b;
}

/// <summary>ONNX Min of two inputs.</summary>
public readonly struct MinOp : IBinaryOp
{
    /// <inheritdoc/>
    public float Apply(float a, float b) => a <= b ? a : b;
}

/// <summary>ONNX Pow.</summary>
public readonly struct PowOp : IBinaryOp
{
    /// <inheritdoc/>
    public float Apply(float a, float b) => XMath.Pow(a, b);
}

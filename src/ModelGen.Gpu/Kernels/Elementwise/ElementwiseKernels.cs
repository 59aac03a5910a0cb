using ILGPU;
using ModelGen.Gpu.Kernels.DataMovement;

namespace ModelGen.Gpu.Kernels.Elementwise;

/// <summary>The elementwise kernels: grid-stride loops over a struct functor, plus fill.</summary>
/// <remarks>Explicitly grouped: the host picks the launch (<see cref="LaunchConfigs.GridStride"/>).</remarks>
internal static class ElementwiseKernels
{
    /// <summary>y[i] = op(x[i]) over y's length (x is at least as long).</summary>
    public static void Unary<TOp>(ArrayView<float> x, ArrayView<float> y, TOp op)
        where TOp : struct, IUnaryOp
    {
        for (long i = GridStride.Start; i < y.Length; i += GridStride.Step)
        {
            y[i] = op.Apply(x[i]);
        }
    }

    /// <summary>y[i] = op(a[mapA(i)], b[mapB(i)]): a binary op with ONNX broadcasting through the two index maps.</summary>
    public static void Binary<TOp>(
        ArrayView<float> a, IndexMap6 mapA, ArrayView<float> b, IndexMap6 mapB, ArrayView<float> y, TOp op)
        where TOp : struct, IBinaryOp
    {
        for (long i = GridStride.Start; i < y.Length; i += GridStride.Step)
        {
            y[i] = op.Apply(a[mapA.Offset(i)], b[mapB.Offset(i)]);
        }
    }

    /// <summary>y[i] = value.</summary>
    public static void Fill(ArrayView<float> y, float value)
    {
        for (long i = GridStride.Start; i < y.Length; i += GridStride.Step)
        {
            y[i] = value;
        }
    }
}

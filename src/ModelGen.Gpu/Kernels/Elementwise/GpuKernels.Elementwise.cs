using System.Collections.Generic;
using ILGPU;
using ILGPU.Runtime;
using ModelGen.Gpu.Kernels.DataMovement;
using ModelGen.Gpu.Kernels.Elementwise;

namespace ModelGen.Gpu.Kernels;

public sealed partial class GpuKernels
{
    /// <summary>y = op(x) elementwise; x and y have the same length (they may be the same view).</summary>
    public void Unary<TOp>(AcceleratorStream stream, ArrayView<float> x, ArrayView<float> y, TOp op)
        where TOp : struct, IUnaryOp
    {
        RequireSameLength(x, y, nameof(x), nameof(y));
        var launch = cache.GetOrLoad(
            new KernelKey("Unary", typeof(TOp), typeof(void)),
            static a => a.LoadKernel<ArrayView<float>, ArrayView<float>, TOp>(ElementwiseKernels.Unary));
        launch(stream, LaunchConfigs.GridStride(Accelerator, y.Length), x, y, op);
    }

    /// <summary>y = op(a, b) with ONNX multidirectional broadcasting from the two input shapes to y's shape.</summary>
    public void Binary<TOp>(
        AcceleratorStream stream,
        ArrayView<float> a, IReadOnlyList<long> aShape,
        ArrayView<float> b, IReadOnlyList<long> bShape,
        ArrayView<float> y, IReadOnlyList<long> yShape, TOp op)
        where TOp : struct, IBinaryOp
    {
        IndexMap6 mapA = IndexMap6.Broadcast(yShape, aShape);
        IndexMap6 mapB = IndexMap6.Broadcast(yShape, bShape);
        RequireLength(a, Elements(aShape), nameof(a));
        RequireLength(b, Elements(bShape), nameof(b));
        RequireLength(y, mapA.Length, nameof(y));
        var launch = cache.GetOrLoad(
            new KernelKey("Binary", typeof(TOp), typeof(void)),
            static acc => acc.LoadKernel<ArrayView<float>, IndexMap6, ArrayView<float>, IndexMap6, ArrayView<float>, TOp>(
                ElementwiseKernels.Binary));
        launch(stream, LaunchConfigs.GridStride(Accelerator, mapA.Length), a, mapA, b, mapB, y.SubView(0, mapA.Length), op);
    }

    /// <summary>Every element of y set to <paramref name="value"/>.</summary>
    public void Fill(AcceleratorStream stream, ArrayView<float> y, float value)
    {
        var launch = cache.GetOrLoad(
            new KernelKey("Fill", typeof(float), typeof(void)),
            static a => a.LoadKernel<ArrayView<float>, float>(ElementwiseKernels.Fill));
        launch(stream, LaunchConfigs.GridStride(Accelerator, y.Length), y, value);
    }

    private static long Elements(IReadOnlyList<long> shape)
    {
        long count = 1;
        foreach (long dim in shape)
        {
            count *= dim;
        }

        return count;
    }
}

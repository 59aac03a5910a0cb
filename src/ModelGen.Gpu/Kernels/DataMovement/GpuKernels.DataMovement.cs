using System.Collections.Generic;
using ILGPU;
using ILGPU.Runtime;
using ModelGen.Gpu.Kernels.DataMovement;

namespace ModelGen.Gpu.Kernels;

public sealed partial class GpuKernels
{
    /// <summary>y[i] = x[map(i)] for the map's length: the general index-mapping copy.</summary>
    public void Mapped<T>(AcceleratorStream stream, ArrayView<T> x, IndexMap6 map, ArrayView<T> y)
        where T : unmanaged
    {
        RequireLength(y, map.Length, nameof(y));
        var launch = cache.GetOrLoad(
            new KernelKey("Mapped", typeof(T), typeof(void)),
            static a => a.LoadKernel<ArrayView<T>, IndexMap6, ArrayView<T>>(GatherKernels.Mapped));
        launch(stream, LaunchConfigs.GridStride(Accelerator, map.Length), x, map, y.SubView(0, map.Length));
    }

    /// <summary>ONNX Transpose of x (shape <paramref name="shape"/>, rank ≤ 6) by <paramref name="permutation"/> into y.</summary>
    public void Transpose<T>(AcceleratorStream stream, ArrayView<T> x, IReadOnlyList<long> shape, IReadOnlyList<int> permutation, ArrayView<T> y)
        where T : unmanaged
    {
        IndexMap6 map = IndexMap6.Transpose(shape, permutation);
        RequireLength(x, map.Length, nameof(x));
        Mapped(stream, x, map, y);
    }

    /// <summary>y = x, element for element, on the stream (x and y have the same length).</summary>
    public void Copy<T>(AcceleratorStream stream, ArrayView<T> x, ArrayView<T> y)
        where T : unmanaged
    {
        Convert(stream, "Copy", x, y, GatherKernels.Copy);
    }
}

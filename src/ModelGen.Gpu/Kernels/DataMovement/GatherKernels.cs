using ILGPU;

namespace ModelGen.Gpu.Kernels.DataMovement;

/// <summary>Index-mapping copies: y[i] = x[map(i)] (Transpose, Expand, a strided copy), for any 4-byte element.</summary>
internal static class GatherKernels
{
    /// <summary>y[i] = x[map.Offset(i)] for every i below y's length.</summary>
    /// <remarks>Generic over the element so int and float tensors share one kernel (only loads and stores).</remarks>
    public static void Mapped<T>(ArrayView<T> x, IndexMap6 map, ArrayView<T> y)
        where T : unmanaged
    {
        for (long i = GridStride.Start; i < y.Length; i += GridStride.Step)
        {
            y[i] = x[map.Offset(i)];
        }
    }

    /// <summary>y[i] = x[i]: a contiguous copy on the stream (views of the same arena).</summary>
    public static void Copy<T>(ArrayView<T> x, ArrayView<T> y)
        where T : unmanaged
    {
        for (long i = GridStride.Start; i < y.Length; i += GridStride.Step)
        {
            y[i] = x[i];
        }
    }
}

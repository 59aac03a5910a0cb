using System;
using ILGPU;
using ILGPU.Runtime;
using ModelGen.Gpu.Kernels.Elementwise;
using Half = ILGPU.Half;

namespace ModelGen.Gpu.Kernels;

public sealed partial class GpuKernels
{
    /// <summary>fp16 storage to fp32 (same lengths).</summary>
    public void HalfToFloat(AcceleratorStream stream, ArrayView<Half> x, ArrayView<float> y) =>
        Convert(stream, "HalfToFloat", x, y, CastKernels.HalfToFloat);

    /// <summary>fp32 to fp16 storage, rounded to nearest (same lengths).</summary>
    public void FloatToHalf(AcceleratorStream stream, ArrayView<float> x, ArrayView<Half> y) =>
        Convert(stream, "FloatToHalf", x, y, CastKernels.FloatToHalf);

    /// <summary>bf16 bits to fp32 (same lengths).</summary>
    public void BFloat16ToFloat(AcceleratorStream stream, ArrayView<ushort> x, ArrayView<float> y) =>
        Convert(stream, "BFloat16ToFloat", x, y, CastKernels.BFloat16ToFloat);

    /// <summary>fp32 to bf16 bits, rounded to nearest even (same lengths).</summary>
    public void FloatToBFloat16(AcceleratorStream stream, ArrayView<float> x, ArrayView<ushort> y) =>
        Convert(stream, "FloatToBFloat16", x, y, CastKernels.FloatToBFloat16);

    /// <summary>Launches a one-input, one-output grid-stride kernel over y (static method groups are cached delegates: no allocation).</summary>
    private void Convert<TIn, TOut>(
        AcceleratorStream stream, string family, ArrayView<TIn> x, ArrayView<TOut> y, Action<ArrayView<TIn>, ArrayView<TOut>> kernel)
        where TIn : unmanaged
        where TOut : unmanaged
    {
        RequireSameLength(x, y, nameof(x), nameof(y));
        var launch = cache.GetOrLoad(new KernelKey(family, typeof(TIn), typeof(TOut)), kernel, static (a, k) => a.LoadKernel(k));
        launch(stream, LaunchConfigs.GridStride(Accelerator, y.Length), x, y);
    }
}

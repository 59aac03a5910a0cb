using ILGPU;
using ILGPU.Runtime;
using ModelGen.Gpu.Kernels.Pooling;

namespace ModelGen.Gpu.Kernels;

public sealed partial class GpuKernels
{
    /// <summary>ONNX MaxPool (2-D, NCHW, floor mode, the Indices output not produced).</summary>
    public void MaxPool(AcceleratorStream stream, PoolArgs args, ArrayView<float> x, ArrayView<float> y) =>
        Pool<MaxPoolOp>(stream, args, x, y);

    /// <summary>ONNX AveragePool (2-D, NCHW, floor mode), honouring count_include_pad.</summary>
    public void AveragePool(AcceleratorStream stream, PoolArgs args, ArrayView<float> x, ArrayView<float> y) =>
        Pool<AveragePoolOp>(stream, args, x, y);

    private void Pool<TPool>(AcceleratorStream stream, PoolArgs args, ArrayView<float> x, ArrayView<float> y)
        where TPool : struct, IPoolOp
    {
        RequireLength(x, (long)args.N * args.C * args.H * args.W, nameof(x));
        RequireLength(y, args.OutputLength, nameof(y));
        var launch = cache.GetOrLoad(
            new KernelKey("Pool2D", typeof(TPool), typeof(void)),
            static a => a.LoadKernel<PoolArgs, ArrayView<float>, ArrayView<float>>(PoolKernels.Pool2D<TPool>));
        launch(stream, LaunchConfigs.GridStride(Accelerator, args.OutputLength), args, x, y.SubView(0, args.OutputLength));
    }
}

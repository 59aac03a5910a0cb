using System;
using ILGPU;
using ILGPU.Algorithms.ScanReduceOperations;
using ILGPU.Runtime;
using ModelGen.Gpu.Kernels.Rows;

namespace ModelGen.Gpu.Kernels;

/// <summary>What a row reduction computes over each row.</summary>
public enum RowReduction
{
    /// <summary>ONNX ReduceSum.</summary>
    Sum,

    /// <summary>ONNX ReduceMean.</summary>
    Mean,

    /// <summary>ONNX ReduceMax.</summary>
    Max,

    /// <summary>ONNX ReduceMin.</summary>
    Min,

    /// <summary>ONNX ReduceLogSumExp: log Σexp(x), shifted by the row max.</summary>
    LogSumExp,
}

public sealed partial class GpuKernels
{
    /// <summary>ONNX Softmax (or LogSoftmax with <paramref name="log"/>) over each row of a [Rows, Cols] tensor.</summary>
    public void Softmax(AcceleratorStream stream, RowArgs args, ArrayView<float> x, ArrayView<float> y, bool log = false)
    {
        CheckRows(args, x, y, (long)args.Rows * args.Cols);
        KernelConfig config = LaunchConfigs.Rows(Accelerator, args.Rows, args.Cols);
        if (log)
        {
            cache.GetOrLoad(
                new KernelKey("Softmax", typeof(LogSoftmaxForm), typeof(void)),
                static a => a.LoadKernel<RowArgs, ArrayView<float>, ArrayView<float>>(RowKernels.Softmax<LogSoftmaxForm>))(stream, config, args, x, y);
        }
        else
        {
            cache.GetOrLoad(
                new KernelKey("Softmax", typeof(SoftmaxForm), typeof(void)),
                static a => a.LoadKernel<RowArgs, ArrayView<float>, ArrayView<float>>(RowKernels.Softmax<SoftmaxForm>))(stream, config, args, x, y);
        }
    }

    /// <summary>y[row] = the reduction of row <c>row</c> of a [Rows, Cols] tensor (keepdims is only a shape matter).</summary>
    public void ReduceRows(AcceleratorStream stream, RowArgs args, ArrayView<float> x, ArrayView<float> y, RowReduction reduction)
    {
        CheckRows(args, x, y, args.Rows);
        KernelConfig config = LaunchConfigs.Rows(Accelerator, args.Rows, args.Cols);
        Action<AcceleratorStream, KernelConfig, RowArgs, ArrayView<float>, ArrayView<float>> launch = reduction switch
        {
            RowReduction.Sum => LoadReduce<AddFloat, KeepFinish>(),
            RowReduction.Mean => LoadReduce<AddFloat, MeanFinish>(),
            RowReduction.Max => LoadReduce<MaxFloat, KeepFinish>(),
            RowReduction.Min => LoadReduce<MinFloat, KeepFinish>(),
            RowReduction.LogSumExp => cache.GetOrLoad(
                new KernelKey("LogSumExpRows", typeof(float), typeof(void)),
                static a => a.LoadKernel<RowArgs, ArrayView<float>, ArrayView<float>>(RowKernels.LogSumExp)),
            _ => throw new ArgumentOutOfRangeException(nameof(reduction), reduction, "Not a row reduction."),
        };
        launch(stream, config, args, x, y);
    }

    /// <summary>
    /// ONNX LayerNormalization over the last axis of a [Rows, Cols] tensor (axis = −1), with scale and optional bias
    /// of length Cols (<see cref="RowArgs.HasBias"/>; bias may be <see cref="ArrayView{T}.Empty"/> without one); or
    /// InstanceNormalization, with one scale and bias per channel (<see cref="RowArgs.ScaleChannels"/> of them).
    /// </summary>
    public void LayerNorm(AcceleratorStream stream, RowArgs args, ArrayView<float> x, ArrayView<float> scale, ArrayView<float> bias, ArrayView<float> y)
    {
        CheckRows(args, x, y, (long)args.Rows * args.Cols);
        int affine = args.ScaleChannels != 0 ? args.ScaleChannels : args.Cols;
        RequireLength(scale, affine, nameof(scale));
        if (args.HasBias != 0)
        {
            RequireLength(bias, affine, nameof(bias));
        }

        var launch = cache.GetOrLoad(
            new KernelKey("LayerNorm", typeof(float), typeof(void)),
            static a => a.LoadKernel<RowArgs, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>>(RowKernels.LayerNorm));
        launch(stream, LaunchConfigs.Rows(Accelerator, args.Rows, args.Cols), args, x, scale, bias, y);
    }

    private Action<AcceleratorStream, KernelConfig, RowArgs, ArrayView<float>, ArrayView<float>> LoadReduce<TCombine, TFinish>()
        where TCombine : struct, IScanReduceOperation<float>
        where TFinish : struct, IReduceFinish =>
        cache.GetOrLoad(
            new KernelKey("ReduceRows", typeof(TCombine), typeof(TFinish)),
            static a => a.LoadKernel<RowArgs, ArrayView<float>, ArrayView<float>>(RowKernels.Reduce<TCombine, TFinish>));

    private static void CheckRows(in RowArgs p, ArrayView<float> x, ArrayView<float> y, long outputLength)
    {
        if (p.Rows < 1 || p.Cols < 1)
        {
            throw new ArgumentException($"Row kernels need at least one row and one column, got {p.Rows}×{p.Cols}.");
        }

        RequireLength(x, (long)p.Rows * p.Cols, nameof(x));
        RequireLength(y, outputLength, nameof(y));
    }
}

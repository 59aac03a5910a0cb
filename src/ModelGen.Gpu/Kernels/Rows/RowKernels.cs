using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Algorithms.ScanReduceOperations;

namespace ModelGen.Gpu.Kernels.Rows;

/// <summary>
/// Row kernels: one group per row (grid-striding over rows), the group's threads striding along the row and
/// combining with ILGPU.Algorithms' group all-reduce: Softmax, LogSoftmax, row reductions (ReduceLogSumExp included)
/// and LayerNormalization.
/// </summary>
/// <remarks>
/// The barrier after each all-reduce keeps a fast thread from starting the next reduction (which reuses the
/// reduction's shared memory) while a slow one still reads the last result.
/// </remarks>
internal static class RowKernels
{
    /// <summary>Softmax-like rows: max, then Σexp(x − max), then <typeparamref name="TForm"/> per element.</summary>
    public static void Softmax<TForm>(RowArgs p, ArrayView<float> x, ArrayView<float> y)
        where TForm : struct, ISoftmaxForm
    {
        TForm form = default;
        for (int row = Grid.IdxX; row < p.Rows; row += Grid.DimX)
        {
            long start = (long)row * p.Cols;
            float max = CombineRow<MaxFloat>(x, start, p.Cols);
            float sum = SumExpRow(x, start, p.Cols, max);
            for (int col = Group.IdxX; col < p.Cols; col += Group.DimX)
            {
                y[start + col] = form.Finish(x[start + col], max, sum);
            }
        }
    }

    /// <summary>y[row] = finish(combine over the row): ReduceSum, ReduceMean, ReduceMax, ReduceMin over trailing axes.</summary>
    public static void Reduce<TCombine, TFinish>(RowArgs p, ArrayView<float> x, ArrayView<float> y)
        where TCombine : struct, IScanReduceOperation<float>
        where TFinish : struct, IReduceFinish
    {
        for (int row = Grid.IdxX; row < p.Rows; row += Grid.DimX)
        {
            float combined = CombineRow<TCombine>(x, (long)row * p.Cols, p.Cols);
            if (Group.IdxX == 0)
            {
                y[row] = default(TFinish).Finish(combined, p.Cols);
            }
        }
    }

    /// <summary>
    /// y[row] = log Σexp(x) over the row as max + log Σexp(x − max), so that large values do not overflow; a row whose
    /// max is infinite gives that infinity (−∞ for a row of −∞, where x − max would be NaN).
    /// </summary>
    public static void LogSumExp(RowArgs p, ArrayView<float> x, ArrayView<float> y)
    {
        for (int row = Grid.IdxX; row < p.Rows; row += Grid.DimX)
        {
            long start = (long)row * p.Cols;
            float max = CombineRow<MaxFloat>(x, start, p.Cols);
            float sum = SumExpRow(x, start, p.Cols, max);
            if (Group.IdxX == 0)
            {
                y[row] = XMath.IsInfinity(max) ? max : max + XMath.Log(sum);
            }
        }
    }

    /// <summary>
    /// ONNX LayerNormalization over the last axis (and InstanceNormalization, whose scale and bias are per row: see
    /// <see cref="RowArgs.ScaleChannels"/>): y = (x − mean) / sqrt(var + ε) · scale (+ bias), with the variance
    /// taken as the mean squared deviation in a second pass (one-pass E[x²] − E[x]² loses digits when |mean| ≫ σ).
    /// </summary>
    public static void LayerNorm(RowArgs p, ArrayView<float> x, ArrayView<float> scale, ArrayView<float> bias, ArrayView<float> y)
    {
        for (int row = Grid.IdxX; row < p.Rows; row += Grid.DimX)
        {
            long start = (long)row * p.Cols;
            // RMSNormalization subtracts no mean, so its "variance" is the mean square. The branch is the same for the whole
            // group (one RowArgs per launch), so every thread still meets the same barriers.
            float mean = p.Rms != 0 ? 0f : CombineRow<AddFloat>(x, start, p.Cols) / p.Cols;
            float localSquares = 0f;
            for (int col = Group.IdxX; col < p.Cols; col += Group.DimX)
            {
                float deviation = x[start + col] - mean;
                localSquares += deviation * deviation;
            }

            float variance = GroupExtensions.AllReduce<float, AddFloat>(localSquares) / p.Cols;
            Group.Barrier();
            float inverseStd = XMath.Rsqrt(variance + p.Epsilon);
            // InstanceNormalization: one scale and bias per channel, the row's (the branch is uniform over the launch).
            int channel = p.ScaleChannels != 0 ? row % p.ScaleChannels : 0;
            for (int col = Group.IdxX; col < p.Cols; col += Group.DimX)
            {
                int at = p.ScaleChannels != 0 ? channel : col;
                float value = (x[start + col] - mean) * inverseStd * scale[at];
                y[start + col] = p.HasBias != 0 ? value + bias[at] : value;
            }
        }
    }

    /// <summary>The whole group's Σexp(x − max) over x[start..start+cols), the same value in every thread.</summary>
    private static float SumExpRow(ArrayView<float> x, long start, int cols, float max)
    {
        float localSum = 0f;
        for (int col = Group.IdxX; col < cols; col += Group.DimX)
        {
            localSum += XMath.Exp(x[start + col] - max);
        }

        float sum = GroupExtensions.AllReduce<float, AddFloat>(localSum);
        Group.Barrier();
        return sum;
    }

    /// <summary>The whole group's combination of x[start..start+cols), the same value in every thread.</summary>
    private static float CombineRow<TCombine>(ArrayView<float> x, long start, int cols)
        where TCombine : struct, IScanReduceOperation<float>
    {
        TCombine combine = default;
        float local = combine.Identity;
        for (int col = Group.IdxX; col < cols; col += Group.DimX)
        {
            local = combine.Apply(local, x[start + col]);
        }

        float combined = GroupExtensions.AllReduce<float, TCombine>(local);
        Group.Barrier();
        return combined;
    }
}

using System;
using System.Linq;
using ModelGen.Gpu.Kernels;
using ModelGen.Gpu.Kernels.Rows;
using ModelGen.Gpu.Tests.Support;
using Xunit;

namespace ModelGen.Gpu.Tests.Numerics;

[Collection(GpuNumericsCollection.Name)]
public sealed class RowTests : NumericTest
{
    public RowTests(DeviceFixture devices)
        : base(devices)
    {
    }

    public static TheoryData<string, int, int> Shapes()
    {
        var data = new TheoryData<string, int, int>();
        foreach (object[] row in GpuBackends.All())
        {
            // Short rows (one partial warp per row) and rows longer than a group (threads stride along them).
            data.Add((string)row[0], 7, 33);
            data.Add((string)row[0], 3, 700);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Softmax_and_log_softmax_match(string backend, int rows, int cols)
    {
        // Large offsets: without the max shift exp would overflow to infinity.
        float[] x = DeviceArrays.Random(rows * cols, seed: 30).Select((v, i) => v * 8f + (i % cols == 0 ? 90f : 0f)).ToArray();
        using var input = Upload(backend, x);
        using var output = Zeros<float>(backend, x.Length);
        RowArgs args = RowArgs.Create(rows, cols);

        Kernels(backend).Softmax(Stream(backend), args, input.View, output.View);
        Close.All(Reference.Softmax(x, rows, cols, log: false), Download(backend, output.View), atol: 1e-7);
        Kernels(backend).Softmax(Stream(backend), args, input.View, output.View, log: true);
        Close.All(Reference.Softmax(x, rows, cols, log: true), Download(backend, output.View), atol: 1e-4);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Row_reductions_match(string backend, int rows, int cols)
    {
        float[] x = DeviceArrays.Random(rows * cols, seed: 31);
        using var input = Upload(backend, x);
        using var output = Zeros<float>(backend, rows);
        RowArgs args = RowArgs.Create(rows, cols);

        foreach (RowReduction reduction in Enum.GetValues<RowReduction>())
        {
            Kernels(backend).ReduceRows(Stream(backend), args, input.View, output.View, reduction);
            double[] want = Enumerable.Range(0, rows).Select(r =>
            {
                double[] row = x.Skip(r * cols).Take(cols).Select(v => (double)v).ToArray();
                return reduction switch
                {
                    RowReduction.Sum => row.Sum(),
                    RowReduction.Mean => row.Average(),
                    RowReduction.Max => row.Max(),
                    RowReduction.LogSumExp => row.Max() + Math.Log(row.Sum(v => Math.Exp(v - row.Max()))),
                    _ => row.Min(),
                };
            }).ToArray();
            Close.All(want, Download(backend, output.View), atol: 1e-4);
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Layer_norm_matches_with_and_without_bias(string backend, int rows, int cols)
    {
        // An offset far larger than the spread: the two-pass variance must not cancel.
        float[] x = DeviceArrays.Random(rows * cols, seed: 32).Select(v => v + 100f).ToArray();
        float[] scale = DeviceArrays.Random(cols, seed: 33);
        float[] bias = DeviceArrays.Random(cols, seed: 34);
        using var input = Upload(backend, x);
        using var dscale = Upload(backend, scale);
        using var dbias = Upload(backend, bias);
        using var output = Zeros<float>(backend, x.Length);

        Kernels(backend).LayerNorm(Stream(backend), RowArgs.Create(rows, cols, 1e-5f, hasBias: true), input.View, dscale.View, dbias.View, output.View);
        Close.All(Reference.LayerNorm(x, scale, bias, rows, cols, 1e-5), Download(backend, output.View), rtol: 1e-3, atol: 1e-4);
        Kernels(backend).LayerNorm(Stream(backend), RowArgs.Create(rows, cols, 1e-5f), input.View, dscale.View, ILGPU.ArrayView<float>.Empty, output.View);
        Close.All(Reference.LayerNorm(x, scale, null, rows, cols, 1e-5), Download(backend, output.View), rtol: 1e-3, atol: 1e-4);
    }
}

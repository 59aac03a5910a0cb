using System;
using ModelGen.Gpu.Kernels.Elementwise;
using ModelGen.Gpu.Tests.Support;
using Xunit;

namespace ModelGen.Gpu.Tests.Numerics;

[Collection(GpuNumericsCollection.Name)]
public sealed class ElementwiseTests : NumericTest
{
    public ElementwiseTests(DeviceFixture devices)
        : base(devices)
    {
    }

    [Theory]
    [MemberData(nameof(GpuBackends.All), MemberType = typeof(GpuBackends))]
    public void Unary_ops_match_their_definitions(string backend)
    {
        // 3,001 elements: not a multiple of the group size, so the grid-stride tail is exercised.
        float[] x = DeviceArrays.Random(3001, seed: 1);
        x[0] = 0f;
        using var input = Upload(backend, x);
        using var output = Zeros<float>(backend, x.Length);

        Check(backend, input, output, x, default(ReluOp), v => Math.Max(v, 0));
        Check(backend, input, output, x, new LeakyReluOp(0.1f), v => v >= 0 ? v : 0.1 * v);
        Check(backend, input, output, x, new ClipOp(-0.25f, 0.5f), v => Math.Clamp(v, -0.25, 0.5));
        Check(backend, input, output, x, default(SigmoidOp), v => 1 / (1 + Math.Exp(-v)));
        Check(backend, input, output, x, default(TanhOp), Math.Tanh);
        Check(backend, input, output, x, default(ExpOp), Math.Exp);
        Check(backend, input, output, x, default(NegOp), v => -v);
    }

    [Theory]
    [MemberData(nameof(GpuBackends.All), MemberType = typeof(GpuBackends))]
    public void Sqrt_matches_on_non_negative_inputs(string backend)
    {
        float[] x = Array.ConvertAll(DeviceArrays.Random(500, seed: 2), Math.Abs);
        using var input = Upload(backend, x);
        using var output = Zeros<float>(backend, x.Length);
        Check(backend, input, output, x, default(SqrtOp), Math.Sqrt);
    }

    [Theory]
    [MemberData(nameof(GpuBackends.All), MemberType = typeof(GpuBackends))]
    public void Binary_ops_broadcast_both_ways(string backend)
    {
        // [3, 1, 5] op [4, 1] -> [3, 4, 5]: each side is broadcast along an axis the other has.
        // a is positive so Pow is defined; b is kept away from 0 for Div.
        float[] a = Array.ConvertAll(DeviceArrays.Random(15, seed: 3), v => v + 1.5f);
        float[] b = Array.ConvertAll(DeviceArrays.Random(4, seed: 4), v => v + 2f);
        using var left = Upload(backend, a);
        using var right = Upload(backend, b);
        using var output = Zeros<float>(backend, 60);
        long[] aShape = [3, 1, 5], bShape = [4, 1], yShape = [3, 4, 5];

        void Check<TOp>(TOp op, Func<double, double, double> expected)
            where TOp : struct, IBinaryOp
        {
            Kernels(backend).Binary(Stream(backend), left.View, aShape, right.View, bShape, output.View, yShape, op);
            var want = new double[60];
            for (int i = 0; i < 3; i++)
            {
                for (int j = 0; j < 4; j++)
                {
                    for (int k = 0; k < 5; k++)
                    {
                        want[(i * 4 + j) * 5 + k] = expected(a[i * 5 + k], b[j]);
                    }
                }
            }

            Close.All(want, Download(backend, output.View));
        }

        Check(default(AddOp), (x, y) => x + y);
        Check(default(SubOp), (x, y) => x - y);
        Check(default(MulOp), (x, y) => x * y);
        Check(default(DivOp), (x, y) => x / y);
        Check(default(MaxOp), Math.Max);
        Check(default(MinOp), Math.Min);
        Check(default(PowOp), Math.Pow);
    }

    [Theory]
    [MemberData(nameof(GpuBackends.All), MemberType = typeof(GpuBackends))]
    public void Fill_sets_every_element(string backend)
    {
        using var output = Zeros<float>(backend, 777);
        Kernels(backend).Fill(Stream(backend), output.View, 2.5f);
        Assert.All(Download(backend, output.View), v => Assert.Equal(2.5f, v));
    }

    private void Check<TOp>(string backend, DeviceArray<float> input, DeviceArray<float> output, float[] x, TOp op, Func<double, double> expected)
        where TOp : struct, IUnaryOp
    {
        Kernels(backend).Unary(Stream(backend), input.View, output.View, op);
        Close.All(Array.ConvertAll(x, v => expected(v)), Download(backend, output.View));
    }
}

using System;
using System.Linq;
using ModelGen.Runtime.Kernels;
using Xunit;
using static ModelGen.Tests.Runtime.Kernels.KernelTestUtil;

namespace ModelGen.Tests.Runtime.Kernels;

/// <summary>The shared LayerNormalization / RMSNormalization / InstanceNormalization kernel against a per-element reference.</summary>
public class NormalizationTests
{
    /// <summary>Broadcast strides of <paramref name="operand"/> (right-aligned) over <paramref name="shape"/>.</summary>
    private static int[] StridesOver(int[] operand, int[] shape)
    {
        var s = new int[shape.Length];
        int stride = 1;
        for (int i = shape.Length - 1; i >= 0; i--)
        {
            int k = i - (shape.Length - operand.Length);
            if (k < 0) continue;
            s[i] = operand[k] == 1 && shape[i] != 1 ? 0 : stride;
            stride *= operand[k];
        }
        return s;
    }

    private static int Offset(int flat, int[] shape, int[] strides)
    {
        int[] idx = Unravel(flat, shape);
        int off = 0;
        for (int d = 0; d < shape.Length; d++) off += idx[d] * strides[d];
        return off;
    }

    private static (double[] y, double[] mean, double[] inv) Reference(float[] x, float[] scale, float[]? bias, int[] shape, int axis, bool rms, double eps,
        int[] scaleShape, int[]? biasShape)
    {
        int rows = Product(shape[..axis]), cols = Product(shape[axis..]);
        var y = new double[x.Length];
        var mean = new double[rows];
        var inv = new double[rows];
        int[] ss = StridesOver(scaleShape, shape), bs = biasShape == null ? ss : StridesOver(biasShape, shape);
        for (int r = 0; r < rows; r++)
        {
            var row = x.Skip(r * cols).Take(cols).Select(v => (double)v).ToArray();
            double m = rms ? 0 : row.Average();
            double v = row.Select(e => (e - m) * (e - m)).Average();
            mean[r] = m;
            inv[r] = 1 / Math.Sqrt(v + eps);
            for (int c = 0; c < cols; c++)
            {
                int k = r * cols + c;
                y[k] = (row[c] - m) * inv[r] * scale[Offset(k, shape, ss)] + (bias == null ? 0 : bias[Offset(k, shape, bs)]);
            }
        }
        return (y, mean, inv);
    }

    public static TheoryData<int[], int, int[], int[]?, bool> Cases() => new TheoryData<int[], int, int[], int[]?, bool>
    {
        { new[] { 3, 4 }, 1, new[] { 4 }, new[] { 4 }, false },
        { new[] { 2, 3, 5 }, 1, new[] { 3, 5 }, new[] { 3, 5 }, false },
        { new[] { 2, 3, 5 }, 0, new[] { 2, 3, 5 }, new[] { 2, 3, 5 }, false }, // scale as large as X: runs span rows
        { new[] { 2, 3, 4, 5 }, 2, new[] { 1, 5 }, new[] { 4, 1 }, false },   // broadcast inside the normalised dims
        { new[] { 2, 3, 4, 5 }, 2, new[] { 3, 1, 1 }, null, false },          // per channel (InstanceNormalization's form)
        { new[] { 2, 3, 300 }, 2, new[] { 300 }, new[] { 300 }, false },      // rows longer than a float chunk
        { new[] { 3, 4 }, 1, new[] { 4 }, null, true },
        { new[] { 2, 3, 4, 5 }, 1, new[] { 3, 1, 5 }, null, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void FloatMatchesReference(int[] shape, int axis, int[] scaleShape, int[]? biasShape, bool rms)
    {
        float[] x = RandomFloats(Product(shape), 3, -2, 3);
        float[] scale = RandomFloats(Product(scaleShape), 4);
        float[]? bias = biasShape == null ? null : RandomFloats(Product(biasShape), 5);
        int rows = Product(shape[..axis]);
        var y = new float[x.Length];
        var mean = new float[rows];
        var inv = new float[rows];
        Normalization.Run<float, float>(x, scale, bias, y, rms ? Span<float>.Empty : mean, inv, rows, x.Length / rows, 1e-3f, rms,
            shape, StridesOver(scaleShape, shape), biasShape == null ? Array.Empty<int>() : StridesOver(biasShape, shape));
        var (ey, em, ei) = Reference(x, scale, bias, shape, axis, rms, 1e-3f, scaleShape, biasShape);
        AssertClose(ey, y);
        if (!rms) AssertClose(em, mean);
        AssertClose(ei, inv);
    }

    [Fact]
    public void HalfInputComputesStatisticsInFloatOrBetter()
    {
        // Values near 1000 with a spread of about 1: Half sums would lose the deviations entirely.
        int n = 512;
        var xf = Enumerable.Range(0, n).Select(i => 1000f + (i % 8) * 0.5f).ToArray();
        var x = xf.Select(v => (Half)v).ToArray();
        var scale = Enumerable.Repeat((Half)1, n).ToArray();
        var y = new Half[n];
        var mean = new float[1];
        var inv = new float[1];
        Normalization.Run<Half, Half>(x, scale, ReadOnlySpan<Half>.Empty, y, mean, inv, 1, n, 1e-5f, false, new[] { n }, new[] { 1 }, Array.Empty<int>());
        var (ey, em, _) = Reference(x.Select(v => (float)v).ToArray(), scale.Select(v => (float)v).ToArray(), null, new[] { n }, 0, false, 1e-5, new[] { n }, null);
        AssertClose(em, mean, 1e-6);
        AssertClose(ey, y.Select(v => (float)v).ToArray(), 2e-3);
    }

    [Fact]
    public void ScaleMayHaveItsOwnType()
    {
        // RMSNormalization's V: float16 input, double scale and output.
        var x = new[] { (Half)1, (Half)2, (Half)3, (Half)4 };
        double[] scale = { 1, 0.5 };
        var y = new double[4];
        var inv = new float[2];
        Normalization.Run<Half, double>(x, scale, ReadOnlySpan<double>.Empty, y, Span<float>.Empty, inv, 2, 2, 0f, true, new[] { 2, 2 }, new[] { 0, 1 }, Array.Empty<int>());
        double r0 = Math.Sqrt(2.5), r1 = Math.Sqrt(12.5);
        AssertClose(new[] { 1 / r0, 1 / r0, 3 / r1, 2 / r1 }, y, 1e-6);
    }

    [Fact]
    public void BadArgumentsThrow()
    {
        var x = new float[6];
        var s = new float[3];
        Assert.Throws<ArgumentException>(() => Normalization.Run<float, float>(x, s, ReadOnlySpan<float>.Empty, new float[6], new float[2], new float[2], 2, 4, 1e-5f, false, new[] { 2, 3 }, new[] { 0, 1 }, Array.Empty<int>()));
        Assert.Throws<ArgumentException>(() => Normalization.Run<float, float>(x, s, ReadOnlySpan<float>.Empty, new float[6], new float[1], new float[2], 2, 3, 1e-5f, false, new[] { 2, 3 }, new[] { 0, 1 }, Array.Empty<int>()));
        Assert.Throws<ArgumentException>(() => Normalization.Run<float, float>(x, new float[2], ReadOnlySpan<float>.Empty, new float[6], new float[2], new float[2], 2, 3, 1e-5f, false, new[] { 2, 3 }, new[] { 0, 1 }, Array.Empty<int>()));
    }
}

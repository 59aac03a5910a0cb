using System;
using ModelGen.Runtime.Kernels;
using Xunit;

namespace ModelGen.Tests.Runtime.Kernels;

/// <summary>The FFT behind DFT and STFT against the DFT's defining sum, on power-of-two and other lengths.</summary>
public class FftTests
{
    /// <summary>X[k] = Σ_j x[j]·e^(∓2πijk/n), each angle computed afresh (no shared table, no recursion).</summary>
    private static double[] Naive(double[] x, int n, bool inverse)
    {
        var y = new double[2 * n];
        double sign = inverse ? 1 : -1;
        for (int k = 0; k < n; k++)
            for (int j = 0; j < n; j++)
            {
                double angle = sign * 2 * Math.PI * ((long)j * k % n) / n, c = Math.Cos(angle), s = Math.Sin(angle);
                y[2 * k] += x[2 * j] * c - x[2 * j + 1] * s;
                y[2 * k + 1] += x[2 * j] * s + x[2 * j + 1] * c;
            }
        return y;
    }

    [Theory]
    [InlineData(1, false)]
    [InlineData(2, false)]
    [InlineData(3, true)]
    [InlineData(8, false)]
    [InlineData(10, true)]
    [InlineData(16, true)]
    [InlineData(17, false)]
    [InlineData(64, false)]
    [InlineData(100, false)]
    [InlineData(256, true)]
    public void MatchesTheDefiningSum(int n, bool inverse)
    {
        var random = new Random(n * 7 + (inverse ? 1 : 0));
        var x = new double[2 * n];
        for (int i = 0; i < x.Length; i++) x[i] = random.NextDouble() * 2 - 1;
        var work = new double[Fft.WorkLength(n)];
        Span<double> data = work.AsSpan(0, 2 * n), twiddles = work.AsSpan(2 * n, 2 * n), temp = work.AsSpan(4 * n, 2 * n);
        x.CopyTo(data);
        Fft.Twiddles(n, twiddles);
        Fft.Transform(data, n, inverse, twiddles, temp);
        var expected = Naive(x, n, inverse);
        for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - data[i]) <= 1e-10 * Math.Max(1, n), $"n={n} element {i}: {data[i]} vs {expected[i]}");
    }

    [Theory]
    [InlineData(9)]
    [InlineData(12)]
    [InlineData(32)]
    public void RandomLengthsRoundTrip(int seed)
    {
        var random = new Random(seed);
        for (int trial = 0; trial < 20; trial++)
        {
            int n = random.Next(1, 130);
            var x = new double[2 * n];
            for (int i = 0; i < x.Length; i++) x[i] = random.NextDouble() * 10 - 5;
            var work = new double[Fft.WorkLength(n)];
            Span<double> data = work.AsSpan(0, 2 * n), twiddles = work.AsSpan(2 * n, 2 * n), temp = work.AsSpan(4 * n, 2 * n);
            x.CopyTo(data);
            Fft.Twiddles(n, twiddles);
            Fft.Transform(data, n, false, twiddles, temp);
            var expected = Naive(x, n, false);
            for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - data[i]) <= 1e-9 * n, $"n={n} element {i}: {data[i]} vs {expected[i]}");
            Fft.Transform(data, n, true, twiddles, temp);
            for (int i = 0; i < x.Length; i++) Assert.True(Math.Abs(x[i] - data[i] / n) <= 1e-10 * n, $"round trip n={n} element {i}");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(10)]
    [InlineData(12)]
    [InlineData(20)]
    [InlineData(45)]
    [InlineData(60)]
    [InlineData(100)]
    public void FloatPassesMatchTheDefiningSum(int n)
    {
        Assert.True(FloatFft.Supports(n));
        var random = new Random(n);
        var x = new double[2 * n];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(random.NextDouble() * 2 - 1);
        foreach (bool forward in new[] { true, false })
        {
            var data = new float[2 * n];
            for (int i = 0; i < data.Length; i++) data[i] = (float)x[i];
            var twiddles = new float[2 * n];
            FloatFft.Twiddles(n, twiddles);
            FloatFft.Transform(data, n, forward, forward ? 1f : 1f / n, twiddles, new float[2 * n]);
            var expected = Naive(x, n, !forward);
            for (int i = 0; i < expected.Length; i++)
            {
                double e = forward ? expected[i] : expected[i] / n;
                Assert.True(Math.Abs(e - data[i]) <= 1e-5 * Math.Max(1, Math.Sqrt(n)), $"n={n} forward={forward} element {i}: {data[i]} vs {e}");
            }
        }
    }

    [Fact]
    public void FloatPassesLeaveOtherFactorsToTheDoubleKernel()
    {
        foreach (int n in new[] { 7, 8, 14, 16, 49, 64, 121 }) Assert.False(FloatFft.Supports(n), n.ToString());
    }

    [Fact]
    public void SignalKernelsDoNotAllocate()
    {
        // Every array is created up front: after warm-up a call must allocate nothing (twiddles live in the scratch).
        float[] real = new float[10 * 10], complex = new float[10 * 10 * 2], y = new float[10 * 10 * 2], signal = new float[128], frames = new float[15 * 9 * 2];
        double[] work = new double[Fft.WorkLength(16)];
        int[] realShape = { 10, 10, 1 }, complexShape = { 10, 10, 2 };
        long[] step = { 8 }, length = { 16 };
        int[] size = { 10 }, mels = { 8 }, dft = { 16 }, rate = { 8192 };
        float[] low = { 0 }, high = { 4096 }, window = new float[10], weights = new float[9 * 8];
        void Check(Action call)
        {
            call();
            call();
            long before = GC.GetAllocatedBytesForCurrentThread();
            call();
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        Check(() => Dft.Run<float, long>(real, default, y, realShape, 0, 0, false, false, work));
        Check(() => Dft.Run<float, long>(complex, default, y, complexShape, 1, 0, true, false, work));
        Check(() => Stft.Run<float, long>(signal, step, default, length, frames, 1, 128, 1, true, work));
        Check(() => Window.Run<float>(window, 10, 0.5, 0.5, 0, true));
        Check(() => MelWeightMatrix.Run<int, float, float>(mels, dft, rate, low, high, weights));
    }

    [Fact]
    public void DftKernelDoesRfftAndIrfftAlongAMiddleAxis()
    {
        // x [2, 6, 3, 1] real; RFFT along axis 1 gives [2, 4, 3, 2]; IRFFT of that gives x back.
        var random = new Random(5);
        int[] shape = { 2, 6, 3, 1 };
        var x = new float[36];
        for (int i = 0; i < x.Length; i++) x[i] = (float)(random.NextDouble() * 2 - 1);
        var spectrum = new float[2 * 4 * 3 * 2];
        Dft.Run<float, long>(x, default, spectrum, shape, 1, 0, false, true, new double[Fft.WorkLength(6)]);
        for (int o = 0; o < 2; o++)
            for (int k = 0; k < 4; k++)
                for (int i = 0; i < 3; i++)
                {
                    double re = 0, im = 0;
                    for (int j = 0; j < 6; j++)
                    {
                        double angle = -2 * Math.PI * j * k / 6, v = x[(o * 6 + j) * 3 + i];
                        re += v * Math.Cos(angle);
                        im += v * Math.Sin(angle);
                    }
                    int at = ((o * 4 + k) * 3 + i) * 2;
                    Assert.Equal(re, spectrum[at], 4);
                    Assert.Equal(im, spectrum[at + 1], 4);
                }
        var back = new float[36];
        Dft.Run<float, long>(spectrum, new long[] { -3 }, back, new[] { 2, 4, 3, 2 }, 0, 0, true, true, new double[Fft.WorkLength(6)]);
        for (int i = 0; i < x.Length; i++) Assert.Equal(x[i], back[i], 4);
    }
}

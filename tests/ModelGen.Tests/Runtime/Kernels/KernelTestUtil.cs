using System;
using Xunit;

namespace ModelGen.Tests.Runtime.Kernels;

/// <summary>Shared helpers for the kernel tests: seeded inputs, shape arithmetic, tolerant comparison.</summary>
internal static class KernelTestUtil
{
    public static float[] RandomFloats(int n, int seed, float lo = -1f, float hi = 1f)
    {
        var rng = new Random(seed);
        var a = new float[n];
        for (int i = 0; i < n; i++) a[i] = lo + (float)rng.NextDouble() * (hi - lo);
        return a;
    }

    public static double[] RandomDoubles(int n, int seed)
    {
        var rng = new Random(seed);
        var a = new double[n];
        for (int i = 0; i < n; i++) a[i] = rng.NextDouble() * 2 - 1;
        return a;
    }

    public static int[] RandomInts(int n, int seed, int lo = -9, int hi = 10)
    {
        var rng = new Random(seed);
        var a = new int[n];
        for (int i = 0; i < n; i++) a[i] = rng.Next(lo, hi);
        return a;
    }

    public static int Product(int[] shape)
    {
        int p = 1;
        foreach (int d in shape) p *= d;
        return p;
    }

    /// <summary>Row-major strides of a dense tensor.</summary>
    public static int[] Strides(int[] shape)
    {
        var s = new int[shape.Length];
        for (int d = shape.Length - 1, acc = 1; d >= 0; acc *= shape[d], d--) s[d] = acc;
        return s;
    }

    /// <summary>Row-major multi-index of a flat offset.</summary>
    public static int[] Unravel(int flat, int[] shape)
    {
        var idx = new int[shape.Length];
        for (int d = shape.Length - 1; d >= 0; d--) { idx[d] = flat % shape[d]; flat /= shape[d]; }
        return idx;
    }

    /// <summary>|expected - actual| ≤ rel * max(1, |expected|) element-wise (NaN must match NaN).</summary>
    public static void AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<float> actual, double rel = 1e-4)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i], a = actual[i];
            if (double.IsNaN(e)) { Assert.True(double.IsNaN(a), $"[{i}] expected NaN, got {a}"); continue; }
            if (double.IsInfinity(e)) { Assert.Equal(e, a); continue; }
            Assert.True(Math.Abs(e - a) <= rel * Math.Max(1, Math.Abs(e)), $"[{i}] expected {e}, got {a}");
        }
    }

    public static void AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double rel = 1e-9)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double e = expected[i], a = actual[i];
            if (double.IsNaN(e)) { Assert.True(double.IsNaN(a), $"[{i}] expected NaN, got {a}"); continue; }
            Assert.True(Math.Abs(e - a) <= rel * Math.Max(1, Math.Abs(e)), $"[{i}] expected {e}, got {a}");
        }
    }

    public static double[] ToDouble(float[] a) => Array.ConvertAll(a, v => (double)v);
}

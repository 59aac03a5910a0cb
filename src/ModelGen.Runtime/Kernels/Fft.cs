using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// The discrete Fourier transform of one complex sequence in double, interleaved (re, im): an iterative radix-2 FFT
/// for power-of-two lengths, a direct O(n²) sum over the same twiddle table otherwise. Callers keep the table and
/// the buffers (planner scratch), so a transform allocates nothing.
/// </summary>
public static class Fft
{
    /// <summary>Doubles of scratch a length-<paramref name="n"/> transform needs: the sequence, the twiddles and the direct sum's result.</summary>
    /// <param name="n">The transform length.</param>
    public static long WorkLength(long n) => 6 * n;

    /// <summary>table[2k], table[2k+1] = cos(2πk/n), −sin(2πk/n) for k below n: the forward twiddles e^(−2πik/n).</summary>
    /// <param name="n">The transform length.</param>
    /// <param name="table">At least 2n doubles.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Twiddles(int n, Span<double> table)
    {
        Simd.Need(table.Length, 2L * n, nameof(table));
        for (int k = 0; k < n; k++)
        {
            // Angles folded into the first half-turn keep cos/sin arguments small, so the table is symmetric to the last bit.
            double angle = 2 * Math.PI * Math.Min(k, n - k) / n;
            table[2 * k] = Math.Cos(angle);
            table[2 * k + 1] = k <= n - k ? -Math.Sin(angle) : Math.Sin(angle);
        }
    }

    /// <summary>
    /// data ← Σ_j data[j]·e^(∓2πijk/n) (minus forward, plus with <paramref name="inverse"/>; no 1/n scaling), in place.
    /// </summary>
    /// <param name="data">2n doubles: the sequence, interleaved re, im.</param>
    /// <param name="n">The length.</param>
    /// <param name="inverse">Conjugate twiddles (the inverse transform, unscaled).</param>
    /// <param name="twiddles">The table from <see cref="Twiddles"/> for n.</param>
    /// <param name="temp">2n doubles for lengths that are not powers of two.</param>
    public static void Transform(Span<double> data, int n, bool inverse, ReadOnlySpan<double> twiddles, Span<double> temp)
    {
        if (n < 0) throw new ArgumentException("Fft: negative length.", nameof(n));
        Simd.Need(data.Length, 2L * n, nameof(data));
        Simd.Need(twiddles.Length, 2L * n, nameof(twiddles));
        if (n <= 1) return;
        double sign = inverse ? -1 : 1;
        if (BitOperations.IsPow2(n)) Radix2(data, n, sign, twiddles);
        else Direct(data, n, sign, twiddles, temp);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Radix2(Span<double> data, int n, double sign, ReadOnlySpan<double> twiddles)
    {
        int bits = BitOperations.Log2((uint)n);
        for (int i = 0; i < n; i++)
        {
            int j = (int)(ReverseBits((uint)i) >> (32 - bits));
            if (j > i)
            {
                (data[2 * i], data[2 * j]) = (data[2 * j], data[2 * i]);
                (data[2 * i + 1], data[2 * j + 1]) = (data[2 * j + 1], data[2 * i + 1]);
            }
        }
        for (int size = 2; size <= n; size <<= 1)
        {
            int half = size >> 1, stride = n / size;
            for (int start = 0; start < n; start += size)
                for (int k = 0; k < half; k++)
                {
                    double wr = twiddles[2 * k * stride], wi = sign * twiddles[2 * k * stride + 1];
                    int a = 2 * (start + k), b = 2 * (start + k + half);
                    double br = data[b] * wr - data[b + 1] * wi, bi = data[b] * wi + data[b + 1] * wr;
                    double ar = data[a], ai = data[a + 1];
                    data[a] = ar + br;
                    data[a + 1] = ai + bi;
                    data[b] = ar - br;
                    data[b + 1] = ai - bi;
                }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Direct(Span<double> data, int n, double sign, ReadOnlySpan<double> twiddles, Span<double> temp)
    {
        Simd.Need(temp.Length, 2L * n, nameof(temp));
        for (int k = 0; k < n; k++)
        {
            double re = 0, im = 0;
            // (j·k) mod n, stepped so it never overflows.
            for (int j = 0, w = 0; j < n; j++, w = w + k >= n ? w + k - n : w + k)
            {
                double wr = twiddles[2 * w], wi = sign * twiddles[2 * w + 1];
                re += data[2 * j] * wr - data[2 * j + 1] * wi;
                im += data[2 * j] * wi + data[2 * j + 1] * wr;
            }
            temp[2 * k] = re;
            temp[2 * k + 1] = im;
        }
        temp.Slice(0, 2 * n).CopyTo(data);
    }

    private static uint ReverseBits(uint v)
    {
        v = ((v >> 1) & 0x55555555u) | ((v & 0x55555555u) << 1);
        v = ((v >> 2) & 0x33333333u) | ((v & 0x33333333u) << 2);
        v = ((v >> 4) & 0x0F0F0F0Fu) | ((v & 0x0F0F0F0Fu) << 4);
        v = ((v >> 8) & 0x00FF00FFu) | ((v & 0x00FF00FFu) << 8);
        return (v >> 16) | (v << 16);
    }
}

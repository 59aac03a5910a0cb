using System;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// Complex float transforms done in float with the mixed-radix passes (radix 4, 2, 3, 5, in that factor order) that
/// numpy's FFT (pocketfft) runs on complex64 data. ONNX's expected DFT outputs come from numpy, whose float32 rounding
/// is visible where the exact result is 0 (test_dft_inverse expects 1.9e-7 there); doing the same operations in the
/// same order reproduces it. Lengths with other factors (or a factor 8) use <see cref="Fft"/> in double instead.
/// </summary>
public static class FloatFft
{
    /// <summary>Most factors a supported length under 2^31 has.</summary>
    public const int MaxFactors = 32;

    /// <summary>numpy's factor order for length n (4s, then one 2 moved to the front, then odd factors); 0 when a factor is not 2, 3, 4 or 5.</summary>
    /// <param name="n">The length (at least 1).</param>
    /// <param name="factors">At least <see cref="MaxFactors"/> entries.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Factorize(int n, Span<int> factors)
    {
        int count = 0, len = n;
        if ((len & 7) == 0) return 0; // numpy takes radix-8 passes here, which this class does not mirror
        while ((len & 3) == 0) { factors[count++] = 4; len >>= 2; }
        if ((len & 1) == 0)
        {
            len >>= 1;
            factors[count++] = 2;
            (factors[0], factors[count - 1]) = (factors[count - 1], factors[0]);
        }
        for (int divisor = 3; divisor * divisor <= len; divisor += 2)
            while (len % divisor == 0)
            {
                if (divisor != 3 && divisor != 5) return 0;
                factors[count++] = divisor;
                len /= divisor;
            }
        if (len > 1)
        {
            if (len != 3 && len != 5) return 0;
            factors[count++] = len;
        }
        return count;
    }

    /// <summary>True when <see cref="Transform"/> takes length n: its factors are 2, 3, 4 and 5 only (no radix-8 pass).</summary>
    /// <param name="n">The length.</param>
    public static bool Supports(int n)
    {
        Span<int> factors = stackalloc int[MaxFactors];
        return n == 1 || (n > 1 && Factorize(n, factors) > 0);
    }

    /// <summary>
    /// Each pass's twiddles, pass after pass: e^(2πi·j·l1·i/n) for j in 1..radix−1 and i in 1..ido−1, rounded to float
    /// from double (numpy computes them in double too).
    /// </summary>
    /// <param name="n">A length <see cref="Supports"/> accepts.</param>
    /// <param name="table">At least 2n floats.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Twiddles(int n, Span<float> table)
    {
        Simd.Need(table.Length, 2L * n, nameof(table));
        Span<int> factors = stackalloc int[MaxFactors];
        int count = n > 1 ? Factorize(n, factors) : 0;
        int l1 = 1, at = 0;
        foreach (int ip in factors.Slice(0, count))
        {
            int ido = n / (l1 * ip);
            for (int j = 1; j < ip; j++)
                for (int i = 1; i < ido; i++)
                {
                    long m = (long)j * l1 * i;
                    double angle = 2 * Math.PI * m / n;
                    table[at++] = (float)Math.Cos(angle);
                    table[at++] = (float)Math.Sin(angle);
                }
            l1 *= ip;
        }
    }

    /// <summary>
    /// data ← fct · Σ_j data[j]·e^(∓2πijk/n) in float (minus forward), for a length <see cref="Supports"/> accepts.
    /// </summary>
    /// <param name="data">2n floats, interleaved re, im.</param>
    /// <param name="n">The length.</param>
    /// <param name="forward">Forward (else inverse, unscaled but for fct).</param>
    /// <param name="fct">The scale applied at the end (1 for none).</param>
    /// <param name="twiddles">The table from <see cref="Twiddles"/> for n.</param>
    /// <param name="other">2n floats: the passes alternate between it and data.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Transform(Span<float> data, int n, bool forward, float fct, ReadOnlySpan<float> twiddles, Span<float> other)
    {
        Span<int> factors = stackalloc int[MaxFactors];
        int count = n > 1 ? Factorize(n, factors) : 0;
        if (n < 1 || (n > 1 && count == 0)) throw new ArgumentException($"FloatFft: length {n} has a factor other than 2, 3, 4 and 5.", nameof(n));
        Simd.Need(data.Length, 2L * n, nameof(data));
        Simd.Need(twiddles.Length, 2L * n, nameof(twiddles));
        Simd.Need(other.Length, 2L * n, nameof(other));
        other = other.Slice(0, 2 * n);
        Span<float> p1 = data.Slice(0, 2 * n), p2 = other;
        int l1 = 1, tw = 0;
        foreach (int ip in factors.Slice(0, count))
        {
            int ido = n / (l1 * ip);
            var wa = twiddles.Slice(tw, 2 * (ip - 1) * (ido - 1));
            tw += 2 * (ip - 1) * (ido - 1);
            switch (ip)
            {
                case 2: Pass2(ido, l1, p1, p2, wa, forward); break;
                case 3: Pass3(ido, l1, p1, p2, wa, forward); break;
                case 4: Pass4(ido, l1, p1, p2, wa, forward); break;
                default: Pass5(ido, l1, p1, p2, wa, forward); break;
            }
            var swap = p1;
            p1 = p2;
            p2 = swap;
            l1 *= ip;
        }
        bool inOther = p1 == other;
        for (int i = 0; i < 2 * n; i++)
        {
            float v = inOther ? other[i] : data[i];
            data[i] = fct != 1f ? v * fct : v;
        }
    }

    /// <summary>A complex float; every operation rounds to float as it goes, like numpy's.</summary>
    private readonly struct C
    {
        public readonly float R, I;
        public C(float r, float i) { R = r; I = i; }
        public static C operator +(C a, C b) => new C(a.R + b.R, a.I + b.I);
        public static C operator -(C a, C b) => new C(a.R - b.R, a.I - b.I);
        public C Scale(float s) => new C(R * s, I * s);
    }

    private static C Get(ReadOnlySpan<float> s, int index) => new C(s[2 * index], s[2 * index + 1]);

    private static void Put(Span<float> s, int index, C v)
    {
        s[2 * index] = v.R;
        s[2 * index + 1] = v.I;
    }

    /// <summary>v·w inverse, v·conj(w) forward (numpy's twiddles are e^(+2πi·m/n)).</summary>
    private static C Twiddle(C v, ReadOnlySpan<float> wa, int index, bool forward)
    {
        float wr = wa[2 * index], wi = wa[2 * index + 1];
        return forward ? new C(v.R * wr + v.I * wi, v.I * wr - v.R * wi) : new C(v.R * wr - v.I * wi, v.R * wi + v.I * wr);
    }

    // In the passes: input element (a, b, c) is cc[a + ido·(b + radix·c)], output (a, b, c) is ch[a + ido·(b + l1·c)],
    // and twiddle (x, i) is wa[i − 1 + x·(ido − 1)].

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pass2(int ido, int l1, ReadOnlySpan<float> cc, Span<float> ch, ReadOnlySpan<float> wa, bool forward)
    {
        for (int k = 0; k < l1; k++)
            for (int i = 0; i < ido; i++)
            {
                C a = Get(cc, i + ido * (0 + 2 * k)), b = Get(cc, i + ido * (1 + 2 * k));
                Put(ch, i + ido * (k + l1 * 0), a + b);
                Put(ch, i + ido * (k + l1 * 1), i == 0 ? a - b : Twiddle(a - b, wa, i - 1, forward));
            }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pass3(int ido, int l1, ReadOnlySpan<float> cc, Span<float> ch, ReadOnlySpan<float> wa, bool forward)
    {
        const float tw1r = -0.5f;
        float tw1i = (forward ? -1 : 1) * (float)0.8660254037844386467637231707529362;
        for (int k = 0; k < l1; k++)
            for (int i = 0; i < ido; i++)
            {
                C t0 = Get(cc, i + ido * (0 + 3 * k)), c1 = Get(cc, i + ido * (1 + 3 * k)), c2 = Get(cc, i + ido * (2 + 3 * k));
                C t1 = c1 + c2, t2 = c1 - c2;
                Put(ch, i + ido * (k + l1 * 0), t0 + t1);
                C ca = t0 + t1.Scale(tw1r), cb = new C(-(t2.I * tw1i), t2.R * tw1i);
                if (i == 0)
                {
                    Put(ch, i + ido * (k + l1 * 1), ca + cb);
                    Put(ch, i + ido * (k + l1 * 2), ca - cb);
                }
                else
                {
                    Put(ch, i + ido * (k + l1 * 1), Twiddle(ca + cb, wa, i - 1, forward));
                    Put(ch, i + ido * (k + l1 * 2), Twiddle(ca - cb, wa, i - 1 + (ido - 1), forward));
                }
            }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pass4(int ido, int l1, ReadOnlySpan<float> cc, Span<float> ch, ReadOnlySpan<float> wa, bool forward)
    {
        for (int k = 0; k < l1; k++)
            for (int i = 0; i < ido; i++)
            {
                C c0 = Get(cc, i + ido * (0 + 4 * k)), c1 = Get(cc, i + ido * (1 + 4 * k)), c2 = Get(cc, i + ido * (2 + 4 * k)), c3 = Get(cc, i + ido * (3 + 4 * k));
                C t2 = c0 + c2, t1 = c0 - c2, t3 = c1 + c3, t4 = c1 - c3;
                // t4 turned by ∓90°.
                t4 = forward ? new C(t4.I, -t4.R) : new C(-t4.I, t4.R);
                if (i == 0)
                {
                    Put(ch, i + ido * (k + l1 * 0), t2 + t3);
                    Put(ch, i + ido * (k + l1 * 2), t2 - t3);
                    Put(ch, i + ido * (k + l1 * 1), t1 + t4);
                    Put(ch, i + ido * (k + l1 * 3), t1 - t4);
                }
                else
                {
                    Put(ch, i + ido * (k + l1 * 0), t2 + t3);
                    Put(ch, i + ido * (k + l1 * 1), Twiddle(t1 + t4, wa, i - 1, forward));
                    Put(ch, i + ido * (k + l1 * 2), Twiddle(t2 - t3, wa, i - 1 + (ido - 1), forward));
                    Put(ch, i + ido * (k + l1 * 3), Twiddle(t1 - t4, wa, i - 1 + 2 * (ido - 1), forward));
                }
            }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Pass5(int ido, int l1, ReadOnlySpan<float> cc, Span<float> ch, ReadOnlySpan<float> wa, bool forward)
    {
        float sign = forward ? -1 : 1;
        float tw1r = (float)0.3090169943749474241022934171828191, tw1i = sign * (float)0.9510565162951535721164393333793821;
        float tw2r = (float)-0.8090169943749474241022934171828191, tw2i = sign * (float)0.5877852522924731291687059546390728;
        for (int k = 0; k < l1; k++)
            for (int i = 0; i < ido; i++)
            {
                C t0 = Get(cc, i + ido * (0 + 5 * k)), c1 = Get(cc, i + ido * (1 + 5 * k)), c2 = Get(cc, i + ido * (2 + 5 * k));
                C c3 = Get(cc, i + ido * (3 + 5 * k)), c4 = Get(cc, i + ido * (4 + 5 * k));
                C t1 = c1 + c4, t4 = c1 - c4, t2 = c2 + c3, t3 = c2 - c3;
                Put(ch, i + ido * (k + l1 * 0), new C(t0.R + t1.R + t2.R, t0.I + t1.I + t2.I));
                Step5(ch, wa, ido, l1, k, i, 1, 4, t0, t1, t2, t3, t4, tw1r, tw2r, tw1i, tw2i, forward);
                Step5(ch, wa, ido, l1, k, i, 2, 3, t0, t1, t2, t3, t4, tw2r, tw1r, tw2i, -tw1i, forward);
            }
    }

    private static void Step5(Span<float> ch, ReadOnlySpan<float> wa, int ido, int l1, int k, int i, int u1, int u2,
        C t0, C t1, C t2, C t3, C t4, float twar, float twbr, float twai, float twbi, bool forward)
    {
        var ca = new C(t0.R + twar * t1.R + twbr * t2.R, t0.I + twar * t1.I + twbr * t2.I);
        var cb = new C(-(twai * t4.I + twbi * t3.I), twai * t4.R + twbi * t3.R);
        if (i == 0)
        {
            Put(ch, i + ido * (k + l1 * u1), ca + cb);
            Put(ch, i + ido * (k + l1 * u2), ca - cb);
        }
        else
        {
            Put(ch, i + ido * (k + l1 * u1), Twiddle(ca + cb, wa, i - 1 + (u1 - 1) * (ido - 1), forward));
            Put(ch, i + ido * (k + l1 * u2), Twiddle(ca - cb, wa, i - 1 + (u2 - 1) * (ido - 1), forward));
        }
    }
}

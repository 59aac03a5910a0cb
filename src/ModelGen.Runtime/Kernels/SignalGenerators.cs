using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>ONNX HannWindow, HammingWindow and BlackmanWindow: generalized cosine windows, when only run time knows the size.</summary>
public static class Window
{
    /// <summary>count[0] = size[0], checked.</summary>
    /// <param name="size">One element: the window length.</param>
    /// <param name="count">One element: the length as a dim.</param>
    public static void Size<TI>(ReadOnlySpan<TI> size, Span<int> count) where TI : unmanaged, IBinaryInteger<TI>
    {
        Simd.Need(size.Length, 1, nameof(size));
        long n = long.CreateTruncating(size[0]);
        if (n < 0 || n > int.MaxValue) throw new ArgumentException($"The window size {n} must be in [0, int.MaxValue].", nameof(size));
        count[0] = (int)n;
    }

    /// <summary>y[k] = a0 − a1·cos(2πk/N) + a2·cos(4πk/N) in double, N = size (periodic) or size − 1 (symmetric).</summary>
    /// <param name="y">Output [size].</param>
    /// <param name="size">The window length.</param>
    /// <param name="a0">Constant term.</param>
    /// <param name="a1">First cosine's weight.</param>
    /// <param name="a2">Second cosine's weight.</param>
    /// <param name="periodic">N = size, else size − 1.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T>(Span<T> y, int size, double a0, double a1, double a2, bool periodic) where T : unmanaged, INumberBase<T>
    {
        if (size < 0) throw new ArgumentException("Window: negative size.", nameof(size));
        Simd.Need(y.Length, size, nameof(y));
        double period = periodic ? size : size - 1;
        for (int k = 0; k < size; k++)
        {
            double angle = 2 * Math.PI * k / period;
            y[k] = T.CreateTruncating(a0 - a1 * Math.Cos(angle) + a2 * Math.Cos(2 * angle));
        }
    }
}

/// <summary>
/// ONNX MelWeightMatrix, when only run time knows its inputs: triangular filters of peak 1 whose edges are mel-spaced
/// between the two edge frequencies and rounded down to DFT bins, [dft_length/2 + 1, num_mel_bins]. The mel edges
/// are computed in the edge frequencies' type, the bins in double, as ONNX's reference does.
/// </summary>
public static class MelWeightMatrix
{
    /// <summary>dims = [dft_length/2 + 1, num_mel_bins], checked.</summary>
    /// <param name="numMelBins">One element.</param>
    /// <param name="dftLength">One element.</param>
    /// <param name="dims">Spectrogram bins, then mel bins.</param>
    public static void OutputDims<TI>(ReadOnlySpan<TI> numMelBins, ReadOnlySpan<TI> dftLength, Span<int> dims) where TI : unmanaged, IBinaryInteger<TI>
    {
        Simd.Need(numMelBins.Length, 1, nameof(numMelBins));
        Simd.Need(dftLength.Length, 1, nameof(dftLength));
        long mel = long.CreateTruncating(numMelBins[0]), dft = long.CreateTruncating(dftLength[0]);
        if (mel < 1 || dft < 1 || mel > int.MaxValue || dft > int.MaxValue) throw new ArgumentException($"MelWeightMatrix: num_mel_bins {mel} and dft_length {dft} must be positive.");
        dims[0] = (int)(dft / 2 + 1);
        dims[1] = (int)mel;
    }

    /// <summary>y = the mel weight matrix (see the class remarks).</summary>
    /// <param name="numMelBins">One element: the filters.</param>
    /// <param name="dftLength">One element: the DFT length.</param>
    /// <param name="sampleRate">One element: samples per second.</param>
    /// <param name="lowerEdgeHertz">One element: the lowest filter's lower edge.</param>
    /// <param name="upperEdgeHertz">One element: the highest filter's upper edge.</param>
    /// <param name="y">Output [dft_length/2 + 1, num_mel_bins].</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<TI, TF, T>(ReadOnlySpan<TI> numMelBins, ReadOnlySpan<TI> dftLength, ReadOnlySpan<TI> sampleRate,
        ReadOnlySpan<TF> lowerEdgeHertz, ReadOnlySpan<TF> upperEdgeHertz, Span<T> y)
        where TI : unmanaged, IBinaryInteger<TI> where TF : unmanaged, IFloatingPointIeee754<TF> where T : unmanaged, INumberBase<T>
    {
        Span<int> dims = stackalloc int[2];
        OutputDims(numMelBins, dftLength, dims);
        Simd.Need(sampleRate.Length, 1, nameof(sampleRate));
        Simd.Need(lowerEdgeHertz.Length, 1, nameof(lowerEdgeHertz));
        Simd.Need(upperEdgeHertz.Length, 1, nameof(upperEdgeHertz));
        int bins = dims[0], mels = dims[1];
        Simd.Need(y.Length, (long)bins * mels, nameof(y));
        long dft = long.CreateTruncating(dftLength[0]), rate = long.CreateTruncating(sampleRate[0]);
        if (rate == 0) throw new ArgumentException("MelWeightMatrix: sample_rate must not be 0.", nameof(sampleRate));
        TF low = Mel(lowerEdgeHertz[0]), high = Mel(upperEdgeHertz[0]);
        double step = double.CreateTruncating((high - low) / TF.CreateTruncating(mels + 2)), lowMel = double.CreateTruncating(low);
        y.Slice(0, bins * mels).Clear();
        long left = Edge(0, step, lowMel, dft, rate), center = Edge(1, step, lowMel, dft, rate);
        for (int m = 0; m < mels; m++)
        {
            long right = Edge(m + 2, step, lowMel, dft, rate);
            if (Math.Min(left, Math.Min(center, right)) < 0 || Math.Max(left, Math.Max(center, right)) > bins)
                throw new ArgumentException("MelWeightMatrix: a filter edge falls outside the DFT bins (check the edge frequencies against sample_rate).");
            if (center == left) Set(y, center, m, mels, bins, 1);
            else
                for (long j = left; j <= center; j++) Set(y, j, m, mels, bins, (double)(j - left) / (center - left));
            for (long j = center; j < right; j++) Set(y, j, m, mels, bins, (double)(right - j) / (right - center));
            left = center;
            center = right;
        }
    }

    /// <summary>2595·log10(1 + f/700), in f's type.</summary>
    private static TF Mel<TF>(TF hertz) where TF : unmanaged, IFloatingPointIeee754<TF> =>
        TF.CreateTruncating(2595) * TF.Log10(TF.One + hertz / TF.CreateTruncating(700));

    /// <summary>Filter edge <paramref name="k"/>: ⌊(dft_length + 1)·hertz(low + k·step) / sample_rate⌋ in double.</summary>
    private static long Edge(int k, double step, double lowMel, long dft, long rate)
    {
        double hertz = 700 * (Math.Pow(10, (k * step + lowMel) / 2595) - 1);
        return (long)FloorDivide((dft + 1) * hertz, rate);
    }

    /// <summary>a // b as numpy computes it for doubles (through fmod, so an exact multiple stays exact).</summary>
    private static double FloorDivide(double a, double b)
    {
        double mod = a % b, div = (a - mod) / b;
        if (mod != 0 && (b < 0) != (mod < 0)) div -= 1;
        double floor = Math.Floor(div);
        return div - floor > 0.5 ? floor + 1 : floor;
    }

    private static void Set<T>(Span<T> y, long bin, int mel, int mels, int bins, double value) where T : unmanaged, INumberBase<T>
    {
        if (bin >= bins) throw new ArgumentException("MelWeightMatrix: a filter edge falls outside the DFT bins.");
        y[(int)bin * mels + mel] = T.CreateTruncating(value);
    }
}

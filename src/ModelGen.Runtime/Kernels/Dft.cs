using System;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// ONNX DFT: the transform of each 1-D sequence along one axis of [dims..., components] (components 1 real, 2
/// complex), computed in double through <see cref="Fft"/>. The sequence is cut or zero-padded to the DFT length;
/// onesided forward keeps bins 0..n/2 (RFFT), onesided inverse rebuilds the Hermitian spectrum and returns the real
/// signal (IRFFT). The axis comes from the plan or, read at run time, from a one-element tensor. Complex float
/// input whose length <see cref="FloatFft"/> supports is transformed in float the way numpy does it instead.
/// </summary>
public static class Dft
{
    /// <summary>The DFT length: <paramref name="dftLength"/> when positive, else the axis length (2·(length−1) for IRFFT).</summary>
    private static int Length(int axisLength, int dftLength, bool inverse, bool onesided) =>
        dftLength > 0 ? dftLength : inverse && onesided ? 2 * (axisLength - 1) : axisLength;

    /// <summary>The output length along the axis: n/2+1 bins for RFFT, n otherwise.</summary>
    private static int OutLength(int n, bool inverse, bool onesided) => onesided && !inverse ? n / 2 + 1 : n;

    /// <summary>The axis in [0, rank−2]: the run-time tensor's value when there is one, else <paramref name="planned"/>.</summary>
    private static int Axis<TA>(ReadOnlySpan<TA> axis, int planned, int rank) where TA : unmanaged, IBinaryInteger<TA>
    {
        if (axis.IsEmpty) return planned;
        long a = long.CreateTruncating(axis[0]);
        if (a < 0) a += rank;
        if (a < 0 || a > rank - 2) throw new ArgumentException($"DFT: axis {long.CreateTruncating(axis[0])} is out of range for rank {rank} (the last axis holds the components).", nameof(axis));
        return (int)a;
    }

    /// <summary>The output's dims but the last (the components), for an axis known only at run time.</summary>
    /// <param name="axis">One element: the axis.</param>
    /// <param name="inShape">The input's shape.</param>
    /// <param name="dftLength">The DFT length, or 0 for the default.</param>
    /// <param name="inverse">Inverse transform.</param>
    /// <param name="onesided">One-sided (RFFT forward, IRFFT inverse).</param>
    /// <param name="dims">rank − 1 dims.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void OutputDims<TA>(ReadOnlySpan<TA> axis, ReadOnlySpan<int> inShape, int dftLength, bool inverse, bool onesided, Span<int> dims)
        where TA : unmanaged, IBinaryInteger<TA>
    {
        Simd.Need(axis.Length, 1, nameof(axis));
        int rank = inShape.Length, a = Axis(axis, 0, rank);
        Simd.Need(dims.Length, rank - 1, nameof(dims));
        for (int i = 0; i < rank - 1; i++) dims[i] = inShape[i];
        dims[a] = OutLength(Length(inShape[a], dftLength, inverse, onesided), inverse, onesided);
    }

    /// <summary>y = the DFT of x along the axis (see the class remarks); the inverse is scaled by 1/n.</summary>
    /// <param name="x">Input [dims..., 1 or 2].</param>
    /// <param name="axis">Empty, or one element: the axis read at run time (else <paramref name="plannedAxis"/>).</param>
    /// <param name="y">Output [dims with the axis resized..., 2], or [..., 1] for IRFFT.</param>
    /// <param name="inShape">x's shape.</param>
    /// <param name="plannedAxis">The axis in [0, rank−2] when <paramref name="axis"/> is empty.</param>
    /// <param name="dftLength">The DFT length, or 0 for the default.</param>
    /// <param name="inverse">Inverse transform.</param>
    /// <param name="onesided">One-sided (RFFT forward, IRFFT inverse).</param>
    /// <param name="work">At least <see cref="Fft.WorkLength"/>(n) doubles.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T, TA>(ReadOnlySpan<T> x, ReadOnlySpan<TA> axis, Span<T> y, ReadOnlySpan<int> inShape, int plannedAxis, int dftLength,
        bool inverse, bool onesided, Span<double> work)
        where T : unmanaged, IFloatingPointIeee754<T> where TA : unmanaged, IBinaryInteger<TA>
    {
        int rank = inShape.Length;
        if (rank < 2) throw new ArgumentException("DFT: the input needs a signal axis and a components axis.", nameof(inShape));
        int a = Axis(axis, plannedAxis, rank), comps = inShape[rank - 1];
        if (comps != 1 && comps != 2) throw new ArgumentException($"DFT: the last dim must be 1 (real) or 2 (complex), not {comps}.", nameof(inShape));
        int total = Simd.Product(inShape, nameof(inShape));
        int outer = Simd.Product(inShape.Slice(0, a), nameof(inShape)), inner = Simd.Product(inShape.Slice(a + 1, rank - a - 2), nameof(inShape));
        int inLen = inShape[a], n = Length(inLen, dftLength, inverse, onesided);
        if (n < 1) throw new ArgumentException($"DFT: the length {n} must be positive.", nameof(dftLength));
        int outLen = OutLength(n, inverse, onesided), outComps = inverse && onesided ? 1 : 2;
        Simd.Need(x.Length, total, nameof(x));
        Simd.Need(y.Length, (long)outer * outLen * inner * outComps, nameof(y));
        Simd.Need(work.Length, Fft.WorkLength(n), nameof(work));
        // IRFFT reads bins 0..n/2 only; the rest are their conjugates.
        int take = Math.Min(inLen, inverse && onesided ? n / 2 + 1 : n);
        if (typeof(T) == typeof(float) && comps == 2 && !(inverse && onesided) && FloatFft.Supports(n))
        {
            // numpy transforms complex64 in float: so does this, with its passes, to round as ONNX's expected outputs do.
            var floats = MemoryMarshal.Cast<double, float>(work);
            Span<float> fdata = floats.Slice(0, 2 * n), ftwiddles = floats.Slice(2 * n, 2 * n), fother = floats.Slice(4 * n, 2 * n);
            FloatFft.Twiddles(n, ftwiddles);
            float fct = inverse ? 1f / n : 1f;
            for (int o = 0; o < outer; o++)
                for (int i = 0; i < inner; i++)
                {
                    fdata.Clear();
                    for (int k = 0; k < take; k++)
                    {
                        int at = ((o * inLen + k) * inner + i) * 2;
                        fdata[2 * k] = float.CreateTruncating(x[at]);
                        fdata[2 * k + 1] = float.CreateTruncating(x[at + 1]);
                    }
                    FloatFft.Transform(fdata, n, !inverse, fct, ftwiddles, fother);
                    for (int k = 0; k < outLen; k++)
                    {
                        int at = ((o * outLen + k) * inner + i) * 2;
                        y[at] = T.CreateTruncating(fdata[2 * k]);
                        y[at + 1] = T.CreateTruncating(fdata[2 * k + 1]);
                    }
                }
            return;
        }
        Span<double> data = work.Slice(0, 2 * n), twiddles = work.Slice(2 * n, 2 * n), temp = work.Slice(4 * n, 2 * n);
        Fft.Twiddles(n, twiddles);
        double scale = inverse ? 1.0 / n : 1.0;
        for (int o = 0; o < outer; o++)
            for (int i = 0; i < inner; i++)
            {
                data.Clear();
                for (int k = 0; k < take; k++)
                {
                    int at = ((o * inLen + k) * inner + i) * comps;
                    data[2 * k] = double.CreateTruncating(x[at]);
                    data[2 * k + 1] = comps == 2 ? double.CreateTruncating(x[at + 1]) : 0;
                }
                if (inverse && onesided)
                    for (int k = 1; k < n - k; k++)
                    {
                        data[2 * (n - k)] = data[2 * k];
                        data[2 * (n - k) + 1] = -data[2 * k + 1];
                    }
                Fft.Transform(data, n, inverse, twiddles, temp);
                for (int k = 0; k < outLen; k++)
                {
                    int at = ((o * outLen + k) * inner + i) * outComps;
                    y[at] = T.CreateTruncating(data[2 * k] * scale);
                    if (outComps == 2) y[at + 1] = T.CreateTruncating(data[2 * k + 1] * scale);
                }
            }
    }
}

/// <summary>
/// ONNX STFT: signal [batch, length, 1 or 2] cut into frames of the window's length every frame_step samples (zero
/// past the end), each weighted by the window (ones without one) and transformed with the DFT of frame_length points
/// (cut or zero-padded); the output is [batch, frames, bins, 2], bins = frame_length/2+1 when onesided.
/// </summary>
public static class Stft
{
    private static int Step<TI>(ReadOnlySpan<TI> frameStep) where TI : unmanaged, IBinaryInteger<TI>
    {
        Simd.Need(frameStep.Length, 1, nameof(frameStep));
        long step = long.CreateTruncating(frameStep[0]);
        if (step < 1 || step > int.MaxValue) throw new ArgumentException($"STFT: frame_step {step} must be positive.", nameof(frameStep));
        return (int)step;
    }

    private static int FrameLength<TI>(ReadOnlySpan<TI> frameLength, int windowLength, int signalLength) where TI : unmanaged, IBinaryInteger<TI>
    {
        long n = !frameLength.IsEmpty ? long.CreateTruncating(frameLength[0]) : windowLength > 0 ? windowLength : signalLength;
        if (n < 1 || n > signalLength) throw new ArgumentException($"STFT: frame_length {n} must be in [1, {signalLength}], the signal length.", nameof(frameLength));
        return (int)n;
    }

    /// <summary>The frame count and the bins per frame, when run time decides them.</summary>
    /// <param name="frameStep">One element: the hop.</param>
    /// <param name="frameLength">Empty, or one element: the DFT length.</param>
    /// <param name="windowLength">The window's length, or 0 without a window.</param>
    /// <param name="signalLength">The signal's length.</param>
    /// <param name="onesided">Keep bins 0..n/2.</param>
    /// <param name="dims">Frames, then bins.</param>
    public static void OutputDims<TI>(ReadOnlySpan<TI> frameStep, ReadOnlySpan<TI> frameLength, int windowLength, int signalLength, bool onesided, Span<int> dims)
        where TI : unmanaged, IBinaryInteger<TI>
    {
        Simd.Need(dims.Length, 2, nameof(dims));
        int step = Step(frameStep), n = FrameLength(frameLength, windowLength, signalLength);
        dims[0] = (signalLength - n) / step + 1;
        dims[1] = onesided ? n / 2 + 1 : n;
    }

    /// <summary>y = the STFT of the signal (see the class remarks).</summary>
    /// <param name="signal">[batch, signalLength, components].</param>
    /// <param name="frameStep">One element: the hop.</param>
    /// <param name="window">Empty, or the window.</param>
    /// <param name="frameLength">Empty, or one element: the DFT length.</param>
    /// <param name="y">Output [batch, frames, bins, 2].</param>
    /// <param name="batch">Batch size.</param>
    /// <param name="signalLength">Samples per signal.</param>
    /// <param name="components">1 (real) or 2 (complex).</param>
    /// <param name="onesided">Keep bins 0..n/2.</param>
    /// <param name="work">At least <see cref="Fft.WorkLength"/>(frame length) doubles.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T, TI>(ReadOnlySpan<T> signal, ReadOnlySpan<TI> frameStep, ReadOnlySpan<T> window, ReadOnlySpan<TI> frameLength, Span<T> y,
        int batch, int signalLength, int components, bool onesided, Span<double> work)
        where T : unmanaged, IFloatingPointIeee754<T> where TI : unmanaged, IBinaryInteger<TI>
    {
        if (batch < 0 || signalLength < 1 || (components != 1 && components != 2)) throw new ArgumentException("STFT: the signal must be [batch, length ≥ 1, 1 or 2].");
        int step = Step(frameStep), n = FrameLength(frameLength, window.Length, signalLength);
        int frames = (signalLength - n) / step + 1, bins = onesided ? n / 2 + 1 : n;
        int frameSpan = window.IsEmpty ? n : window.Length;
        Simd.Need(signal.Length, (long)batch * signalLength * components, nameof(signal));
        Simd.Need(y.Length, (long)batch * frames * bins * 2, nameof(y));
        Simd.Need(work.Length, Fft.WorkLength(n), nameof(work));
        Span<double> data = work.Slice(0, 2 * n), twiddles = work.Slice(2 * n, 2 * n), temp = work.Slice(4 * n, 2 * n);
        Fft.Twiddles(n, twiddles);
        for (int b = 0; b < batch; b++)
            for (int f = 0; f < frames; f++)
            {
                data.Clear();
                int begin = f * step;
                // The frame is the window's span of samples, cut to the DFT length.
                for (int k = 0, end = Math.Min(Math.Min(frameSpan, n), signalLength - begin); k < end; k++)
                {
                    int at = (b * signalLength + begin + k) * components;
                    double w = window.IsEmpty ? 1.0 : double.CreateTruncating(window[k]);
                    data[2 * k] = double.CreateTruncating(signal[at]) * w;
                    data[2 * k + 1] = components == 2 ? double.CreateTruncating(signal[at + 1]) * w : 0;
                }
                Fft.Transform(data, n, false, twiddles, temp);
                var row = y.Slice(((b * frames) + f) * bins * 2, bins * 2);
                for (int k = 0; k < 2 * bins; k++) row[k] = T.CreateTruncating(data[k]);
            }
    }
}

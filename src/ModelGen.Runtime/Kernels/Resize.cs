using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// ONNX Resize, and Upsample (which generated code runs through it). Every output element is a weighted sum of the
/// input elements around the point it maps to, the weights being products of one filter per resized axis. Per axis,
/// as onnx.reference computes it: the output index maps to x_original by the coordinate transformation; the ratio is
/// x_original minus its floor, or 1 when x_original is whole (so the left neighbour is preferred); the mode's filter
/// gives the weights of the n input indices nearest x_original, clamped to the edges; exclude_outside zeroes the
/// indices past the edges and renormalises. Axes whose scale is 1 and whose length is unchanged are copied through.
/// Sums are in double, and the result is saturated to T (integers round half to even).
/// </summary>
/// <remarks>
/// The int codes (the compiler's ResizeCodes has the same values): mode 0 nearest, 1 linear, 2 cubic; coordinate
/// 0 half_pixel, 1 half_pixel_symmetric, 2 pytorch_half_pixel, 3 align_corners, 4 asymmetric, 5 tf_crop_and_resize,
/// 6 tf_half_pixel_for_nn; nearest rounding 0 round_prefer_floor, 1 round_prefer_ceil, 2 floor, 3 ceil, 4 the rule
/// before Resize-11 (floor when upsampling, ceil when downsampling); keep-aspect-ratio policy 0 stretch, 1 not_larger,
/// 2 not_smaller.
/// </remarks>
public static class Resize
{
    private const int Nearest = 0, Linear = 1;
    private const int HalfPixel = 0, HalfPixelSymmetric = 1, PytorchHalfPixel = 2, AlignCorners = 3, Asymmetric = 4, TfCropAndResize = 5, TfHalfPixelForNn = 6;
    private const int RoundPreferFloor = 0, RoundPreferCeil = 1, Floor = 2, Ceil = 3;
    private const int Stretch = 0, NotLarger = 1;

    private const int MaxRank = 16;

    /// <summary>Filter taps of all axes but the innermost together, and of any one axis (stack buffers): antialiased cubic down to 1/256.</summary>
    public const int MaxTaps = 1024;

    // Taps of the innermost axis' positions held at once, and outer-tap combinations formed at once (stack buffers).
    private const int InnerBudget = 1024;
    private const int ComboBlock = 256;

    /// <summary>One resized axis: its lengths and input stride, its scale and roi, and where its taps sit in the shared buffers.</summary>
    private struct Axis
    {
        public int In, Out, Stride, Taps, At;
        public double Scale, RoiStart, RoiEnd;
        public bool Same, Outside;
    }

    /// <summary>The attributes that shape every axis' filter.</summary>
    private readonly struct Filter
    {
        public Filter(int mode, int coordinate, int nearestMode, double cubicA, bool excludeOutside, bool antialias, bool pick)
        {
            Pick = pick;
            Mode = mode;
            Coordinate = coordinate;
            NearestMode = nearestMode;
            CubicA = cubicA;
            ExcludeOutside = excludeOutside;
            Antialias = antialias;
        }

        public int Mode { get; }
        public int Coordinate { get; }
        public int NearestMode { get; }
        public double CubicA { get; }
        public bool ExcludeOutside { get; }
        public bool Antialias { get; }
        /// <summary>Nearest mode without exclude_outside: every axis has one tap, the element it picks.</summary>
        public bool Pick { get; }
    }

    /// <summary>Resize's output dims, for those only known at run time: the ones at <paramref name="which"/>.</summary>
    /// <param name="scales">One scale per axis in <paramref name="axes"/>, or empty when <paramref name="sizes"/> decide.</param>
    /// <param name="sizes">One target length per axis in <paramref name="axes"/>, or empty when <paramref name="scales"/> decide.</param>
    /// <param name="inputDims">The input's dims.</param>
    /// <param name="axes">The axes scales or sizes refer to (normalised, distinct).</param>
    /// <param name="policy">keep_aspect_ratio_policy (see the class remarks); only with sizes.</param>
    /// <param name="which">The output axes whose dims to write, in order.</param>
    /// <param name="dims">The dims of those axes.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void OutputDims(ReadOnlySpan<float> scales, ReadOnlySpan<long> sizes, ReadOnlySpan<int> inputDims, ReadOnlySpan<int> axes, int policy,
        ReadOnlySpan<int> which, Span<int> dims)
    {
        if (inputDims.Length > MaxRank) throw new ArgumentException($"Resize supports up to {MaxRank} dims.");
        Span<double> scale = stackalloc double[MaxRank];
        Span<int> all = stackalloc int[MaxRank];
        Geometry(inputDims, scales, sizes, axes, policy, scale, all);
        for (int i = 0; i < which.Length; i++) dims[i] = all[which[i]];
    }

    /// <summary>Float scales written as their IEEE bit patterns (Upsample-7's attribute travels in an int list).</summary>
    /// <param name="bits">The bit patterns.</param>
    /// <param name="scales">The floats (bits.Length of them).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ScalesFromBits(ReadOnlySpan<int> bits, Span<float> scales)
    {
        Simd.Need(scales.Length, bits.Length, nameof(scales));
        for (int i = 0; i < bits.Length; i++) scales[i] = BitConverter.Int32BitsToSingle(bits[i]);
    }

    /// <summary>y = x resized to <paramref name="outShape"/>, which must be what the scales or sizes give.</summary>
    /// <param name="x">Input, dense with shape <paramref name="inShape"/>.</param>
    /// <param name="y">Output, dense with shape <paramref name="outShape"/>.</param>
    /// <param name="inShape">x's dims (rank up to 16).</param>
    /// <param name="outShape">y's dims.</param>
    /// <param name="roi">tf_crop_and_resize's region, [starts..., ends...] over <paramref name="axes"/> in input-normalised coordinates; empty is the whole input.</param>
    /// <param name="scales">One scale per axis in <paramref name="axes"/>, or empty.</param>
    /// <param name="sizes">One target length per axis in <paramref name="axes"/>, or empty.</param>
    /// <param name="axes">The axes roi, scales and sizes refer to.</param>
    /// <param name="policy">keep_aspect_ratio_policy.</param>
    /// <param name="mode">Interpolation mode.</param>
    /// <param name="coordinate">coordinate_transformation_mode.</param>
    /// <param name="nearestMode">How nearest mode rounds.</param>
    /// <param name="cubicA">cubic_coeff_a.</param>
    /// <param name="excludeOutside">Zero the weights of indices outside the input and renormalise.</param>
    /// <param name="antialias">Stretch linear and cubic filters by 1/scale when downsampling.</param>
    /// <param name="extrapolation">tf_crop_and_resize's value for points outside the input.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run<T, TRoi>(ReadOnlySpan<T> x, Span<T> y, ReadOnlySpan<int> inShape, ReadOnlySpan<int> outShape,
        ReadOnlySpan<TRoi> roi, ReadOnlySpan<float> scales, ReadOnlySpan<long> sizes, ReadOnlySpan<int> axes, int policy,
        int mode, int coordinate, int nearestMode, float cubicA, bool excludeOutside, bool antialias, float extrapolation)
        where T : unmanaged, INumberBase<T> where TRoi : unmanaged, IFloatingPointIeee754<TRoi>
    {
        int rank = inShape.Length;
        if (rank > MaxRank || outShape.Length != rank) throw new ArgumentException($"inShape and outShape must have the same length (at most {MaxRank}).");
        Span<double> scale = stackalloc double[MaxRank];
        Span<int> expected = stackalloc int[MaxRank];
        Geometry(inShape, scales, sizes, axes, policy, scale, expected);
        for (int d = 0; d < rank; d++)
            if (expected[d] != outShape[d]) throw new ArgumentException($"Resize axis {d}: the output has {outShape[d]} but the scales or sizes give {expected[d]}.");
        int inTotal = Simd.Product(inShape, nameof(inShape));
        int outTotal = Simd.Product(outShape, nameof(outShape));
        Simd.Need(x.Length, inTotal, nameof(x));
        Simd.Need(y.Length, outTotal, nameof(y));
        if (outTotal == 0) return;
        if (inTotal == 0) throw new ArgumentException("Resize cannot fill a non-empty output from an empty input.");
        bool crop = coordinate == TfCropAndResize;
        if (crop && roi.Length != 0 && roi.Length != 2 * axes.Length) throw new ArgumentException($"roi has {roi.Length} values for {axes.Length} axes (it needs starts and ends).");

        // Every axis gets a filter; one the reference skips (scale 1, same length, whole roi) is one tap of weight 1 at the
        // same index, and so is every axis in nearest mode without exclude_outside, which copies the element it picks.
        bool pick = mode == Nearest && !excludeOutside;
        Span<Axis> axis = stackalloc Axis[rank];
        int inner = rank - 1, outerTaps = 0;
        bool unchanged = true;
        for (int d = rank - 1, stride = 1; d >= 0; stride *= inShape[d], d--)
        {
            double r0 = 0, r1 = 1;
            int listed = axes.IndexOf(d);
            if (crop && roi.Length != 0 && listed >= 0)
            {
                r0 = double.CreateTruncating(roi[listed]);
                r1 = double.CreateTruncating(roi[axes.Length + listed]);
            }
            bool same = IsClose(scale[d], 1) && outShape[d] == inShape[d] && (!crop || (r0 == 0 && IsClose(r1, 1)));
            int n = same || pick ? 1 : TapCount(mode, antialias, scale[d]);
            axis[d] = new Axis { In = inShape[d], Stride = stride, Out = outShape[d], Taps = n, Same = same, Scale = scale[d], RoiStart = r0, RoiEnd = r1 };
            if (d < inner)
            {
                axis[d].At = outerTaps;
                outerTaps += n;
            }
            unchanged &= same;
            if (n > MaxTaps || outerTaps > MaxTaps) throw new ArgumentException($"Resize needs more than {MaxTaps} filter taps (antialiasing a very large downscale).");
        }
        if (unchanged)
        {
            x.Slice(0, inTotal).CopyTo(y);
            return;
        }

        // The innermost axis' taps, for a chunk of its output positions at a time, serve every row; the other axes'
        // taps change per row, and their products (the row's combinations) are formed in blocks.
        var filter = new Filter(mode, coordinate, nearestMode, cubicA, excludeOutside, antialias, pick);
        int taps = axis[inner].Taps, length = outShape[inner], rows = outTotal / length;
        int chunk = Math.Max(1, Math.Min(length, InnerBudget / taps));
        Span<double> innerWeights = stackalloc double[chunk * taps];
        Span<int> innerOffsets = stackalloc int[chunk * taps];
        Span<bool> innerOutside = stackalloc bool[chunk];
        Span<double> acc = stackalloc double[chunk];
        Span<double> outerWeights = stackalloc double[Math.Max(outerTaps, 1)];
        Span<int> outerOffsets = stackalloc int[Math.Max(outerTaps, 1)];
        Span<double> comboWeights = stackalloc double[ComboBlock];
        Span<int> comboOffsets = stackalloc int[ComboBlock];
        Span<int> index = stackalloc int[Math.Max(inner, 1)];
        long combos = 1;
        for (int d = 0; d < inner; d++) combos *= axis[d].Taps;
        T fill = Saturate<T>(extrapolation);
        for (int c0 = 0; c0 < length; c0 += chunk)
        {
            int cn = Math.Min(chunk, length - c0);
            for (int i = 0; i < cn; i++)
                innerOutside[i] = Place(axis[inner], c0 + i, filter, innerWeights.Slice(i * taps, taps), innerOffsets.Slice(i * taps, taps));
            index.Clear();
            for (int d = 0; d < inner; d++) axis[d].Outside = Place(axis[d], 0, filter, outerWeights.Slice(axis[d].At, axis[d].Taps), outerOffsets.Slice(axis[d].At, axis[d].Taps));
            for (int r = 0; ;)
            {
                bool rowOutside = false;
                for (int d = 0; d < inner; d++) rowOutside |= axis[d].Outside;
                var dst = y.Slice(r * length + c0, cn);
                if (rowOutside) dst.Fill(fill);
                else if (pick)
                {
                    int rowBase = 0;
                    for (int d = 0; d < inner; d++) rowBase += outerOffsets[axis[d].At];
                    for (int i = 0; i < cn; i++) dst[i] = innerOutside[i] ? fill : x[rowBase + innerOffsets[i]];
                }
                else
                {
                    acc.Slice(0, cn).Clear();
                    for (long b0 = 0; b0 < combos; b0 += ComboBlock)
                    {
                        int bn = (int)Math.Min(ComboBlock, combos - b0);
                        Combinations(axis.Slice(0, inner), b0, outerWeights, outerOffsets, comboWeights.Slice(0, bn), comboOffsets.Slice(0, bn));
                        for (int c = 0; c < bn; c++)
                            Accumulate(x, comboOffsets[c], comboWeights[c], innerWeights, innerOffsets, taps, acc.Slice(0, cn));
                    }
                    for (int i = 0; i < cn; i++) dst[i] = innerOutside[i] ? fill : Saturate<T>(acc[i]);
                }
                if (++r == rows) break;
                int e = inner - 1;
                while (++index[e] == outShape[e]) index[e--] = 0;
                for (; e < inner; e++)
                    axis[e].Outside = Place(axis[e], index[e], filter, outerWeights.Slice(axis[e].At, axis[e].Taps), outerOffsets.Slice(axis[e].At, axis[e].Taps));
            }
        }
    }

    /// <summary>acc[i] += weight × Σ_k innerWeights[i, k] · x[at + innerOffsets[i, k]] over a row's positions (outside ones are overwritten later).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Accumulate<T>(ReadOnlySpan<T> x, int at, double weight, ReadOnlySpan<double> innerWeights, ReadOnlySpan<int> innerOffsets, int taps, Span<double> acc)
        where T : unmanaged, INumberBase<T>
    {
        var row = x.Slice(at);
        if (taps == 2)
        {
            for (int i = 0, t = 0; i < acc.Length; i++, t += 2)
                acc[i] += weight * (innerWeights[t] * double.CreateTruncating(row[innerOffsets[t]]) + innerWeights[t + 1] * double.CreateTruncating(row[innerOffsets[t + 1]]));
            return;
        }
        if (taps == 4)
        {
            for (int i = 0, t = 0; i < acc.Length; i++, t += 4)
                acc[i] += weight * (innerWeights[t] * double.CreateTruncating(row[innerOffsets[t]]) + innerWeights[t + 1] * double.CreateTruncating(row[innerOffsets[t + 1]]) +
                                    innerWeights[t + 2] * double.CreateTruncating(row[innerOffsets[t + 2]]) + innerWeights[t + 3] * double.CreateTruncating(row[innerOffsets[t + 3]]));
            return;
        }
        for (int i = 0, t = 0; i < acc.Length; i++)
        {
            double s = 0;
            for (int end = t + taps; t < end; t++) s += innerWeights[t] * double.CreateTruncating(row[innerOffsets[t]]);
            acc[i] += weight * s;
        }
    }

    /// <summary>
    /// Combinations <paramref name="first"/>.. of one tap per outer axis (the last axis varying fastest): each one's
    /// weight, the product of its taps' weights, and its input offset, the sum of theirs.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Combinations(ReadOnlySpan<Axis> outer, long first, ReadOnlySpan<double> weights, ReadOnlySpan<int> offsets, Span<double> comboWeights, Span<int> comboOffsets)
    {
        for (int c = 0; c < comboWeights.Length; c++)
        {
            long rest = first + c;
            double w = 1;
            int offset = 0;
            for (int d = outer.Length - 1; d >= 0; d--)
            {
                int n = outer[d].Taps, k = (int)(rest % n);
                rest /= n;
                w *= weights[outer[d].At + k];
                offset += offsets[outer[d].At + k];
            }
            comboWeights[c] = w;
            comboOffsets[c] = offset;
        }
    }

    /// <summary>
    /// The taps of output index <paramref name="i"/> on axis <paramref name="a"/>: their weights and clamped input offsets;
    /// true when the index maps outside a tf_crop_and_resize crop. In pick mode the one tap is the element nearest mode picks.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool Place(in Axis a, int i, in Filter f, Span<double> weights, Span<int> offsets)
    {
        if (a.Same)
        {
            weights[0] = 1;
            offsets[0] = i * a.Stride;
            return false;
        }
        double xo = Original(a, i, f.Coordinate);
        bool outside = f.Coordinate == TfCropAndResize && (xo < 0 || xo > a.In - 1);
        double whole = Math.Floor(xo);
        double ratio = xo == whole ? 1.0 : xo - whole;
        // The n indices nearest xo, ties to the smaller, found as the reference does on an edge-padded axis.
        int n = f.Pick ? 2 : a.Taps, h = n / 2;
        double padded = xo + h;
        double p = Math.Floor(padded);
        long start = (long)p + (padded - p == 0 ? -h : 1 - h) - h;
        if (f.Pick)
        {
            weights[0] = 1;
            offsets[0] = Clamp(start + (RoundsUp(f, ratio, a.Scale) ? 1 : 0), a.In) * a.Stride;
            return outside;
        }
        Coefficients(f, ratio, a.Scale, weights);
        if (f.ExcludeOutside)
        {
            double sum = 0;
            for (int k = 0; k < n; k++)
            {
                long at = start + k;
                if (at < 0 || at >= a.In) weights[k] = 0;
                sum += weights[k];
            }
            if (sum == 0) sum = 1;
            for (int k = 0; k < n; k++) weights[k] /= sum;
        }
        for (int k = 0; k < n; k++) offsets[k] = Clamp(start + k, a.In) * a.Stride;
        return outside;
    }

    private static int Clamp(long index, int length) => (int)Math.Clamp(index, 0, length - 1);

    /// <summary>x_original for output index <paramref name="i"/>, in the reference's order of operations (nearest rounding depends on it).</summary>
    private static double Original(in Axis a, int i, int coordinate)
    {
        double y = i, s = a.Scale, inLength = a.In;
        double outLength = s * a.In; // fractional when a scale gave it
        switch (coordinate)
        {
            case HalfPixel: return (y + 0.5) / s - 0.5;
            case HalfPixelSymmetric:
                double adjustment = a.Out / outLength;
                double center = inLength / 2;
                double offset = center * (1 - adjustment);
                return offset + (y + 0.5) / s - 0.5;
            case PytorchHalfPixel: return outLength == 1 ? -0.5 : (y + 0.5) / s - 0.5;
            case AlignCorners: return outLength == 1 ? 0 : y * (inLength - 1) / (outLength - 1);
            case Asymmetric: return y / s;
            case TfCropAndResize:
                double span = a.RoiEnd - a.RoiStart;
                double xo = outLength == 1 ? span * (inLength - 1) / 2 : y * span * (inLength - 1) / (outLength - 1);
                return xo + a.RoiStart * (inLength - 1);
            case TfHalfPixelForNn: return (y + 0.5) / s;
            default: throw new ArgumentException($"Unknown Resize coordinate transformation {coordinate}.");
        }
    }

    /// <summary>How many taps an axis' filter has: 2 (nearest, linear), 4 (cubic), more when antialiasing a downscale.</summary>
    private static int TapCount(int mode, bool antialias, double scale)
    {
        if (mode == Nearest || !antialias) return mode == Nearest || mode == Linear ? 2 : 4;
        double s = Math.Min(scale, 1);
        double count = 2 - 2 * (Math.Floor((mode == Linear ? -1 : -2) / s) + 1);
        return count > MaxTaps ? MaxTaps + 1 : (int)count;
    }

    /// <summary>The filter's weights for a point <paramref name="ratio"/> (in (0, 1]) past the tap before the middle.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Coefficients(in Filter f, double ratio, double scale, Span<double> c)
    {
        if (f.Mode == Nearest)
        {
            bool up = RoundsUp(f, ratio, scale);
            c[0] = up ? 0 : 1;
            c[1] = up ? 1 : 0;
            return;
        }
        double a = f.CubicA;
        if (!f.Antialias)
        {
            if (f.Mode == Linear)
            {
                c[0] = 1 - ratio;
                c[1] = ratio;
                return;
            }
            double r1 = ratio + 1, q = 1 - ratio, q1 = q + 1;
            c[0] = ((a * r1 - 5 * a) * r1 + 8 * a) * r1 - 4 * a;
            c[1] = ((a + 2) * ratio - (a + 3)) * ratio * ratio + 1;
            c[2] = ((a + 2) * q - (a + 3)) * q * q + 1;
            c[3] = ((a * q1 - 5 * a) * q1 + 8 * a) * q1 - 4 * a;
            return;
        }
        // Antialiased: the filter stretched by 1/scale when downscaling, its weights normalised to sum to 1.
        double s = Math.Min(scale, 1), sum = 0;
        if (f.Mode == Linear)
        {
            int start = (int)(Math.Floor(-1 / s) + 1);
            for (int k = 0; k < c.Length; k++)
            {
                double arg = (start + k - ratio) * s;
                c[k] = Math.Clamp(1 - Math.Abs(arg), 0, 1);
                sum += c[k];
            }
        }
        else
        {
            int start = (int)(Math.Floor(-2 / s) + 1);
            for (int k = 0; k < c.Length; k++)
            {
                c[k] = CubicWeight(Math.Abs(s * (start + k - ratio)), a);
                sum += c[k];
            }
        }
        for (int k = 0; k < c.Length; k++) c[k] /= sum;
    }

    /// <summary>Whether nearest mode takes the index after floor(x_original) rather than floor itself (always when x_original is whole: ratio 1).</summary>
    private static bool RoundsUp(in Filter f, double ratio, double scale) => ratio == 1 || f.NearestMode switch
    {
        RoundPreferFloor => ratio > 0.5,
        RoundPreferCeil => ratio >= 0.5,
        Floor => false,
        Ceil => true,
        _ => scale < 1,
    };

    /// <summary>Keys' cubic convolution kernel with parameter <paramref name="a"/>, at distance <paramref name="x"/> ≥ 0.</summary>
    private static double CubicWeight(double x, double a)
    {
        double x2 = x * x, x3 = x * x2;
        if (x <= 1) return (a + 2) * x3 - (a + 3) * x2 + 1;
        if (x < 2) return a * x3 - 5 * a * x2 + 8 * a * x - 4 * a;
        return 0;
    }

    /// <summary>
    /// The output dims and per-axis scales: a scale s gives floor(s × length); a size n gives n and the scale n / length;
    /// with not_larger (not_smaller) every listed axis takes the smallest (largest) of those scales and length × scale
    /// rounded half up. Unlisted axes keep their length and scale 1.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Geometry(ReadOnlySpan<int> inShape, ReadOnlySpan<float> scales, ReadOnlySpan<long> sizes, ReadOnlySpan<int> axes, int policy,
        Span<double> scale, Span<int> dims)
    {
        int rank = inShape.Length;
        for (int d = 0; d < rank; d++)
        {
            scale[d] = 1;
            dims[d] = inShape[d];
        }
        if (scales.Length > 0 == sizes.Length > 0)
            throw new ArgumentException(scales.Length > 0 ? "Resize takes 'scales' or 'sizes', not both." : "Resize needs 'scales' or 'sizes'.");
        int count = Math.Max(scales.Length, sizes.Length);
        if (count != axes.Length) throw new ArgumentException($"Resize has {count} scales or sizes for {axes.Length} axes.");
        for (int i = 0; i < count; i++)
        {
            int d = axes[i];
            if ((uint)d >= (uint)rank || axes.Slice(0, i).Contains(d)) throw new ArgumentException($"Resize axis {d} is out of range or repeated for rank {rank}.");
            if (scales.Length > 0)
            {
                double s = scales[i];
                if (!(s > 0) || double.IsInfinity(s)) throw new ArgumentException($"Resize scale {s} is not a positive number.");
                scale[d] = s;
                dims[d] = Length(Math.Floor(s * inShape[d]));
            }
            else
            {
                long n = sizes[i];
                if (n < 0 || n > int.MaxValue) throw new ArgumentException($"Resize size {n} is out of range.");
                scale[d] = inShape[d] == 0 ? 1 : (double)n / inShape[d];
                dims[d] = (int)n;
            }
        }
        if (sizes.Length == 0 || policy == Stretch) return;
        double kept = scale[axes[0]];
        for (int i = 1; i < count; i++) kept = policy == NotLarger ? Math.Min(kept, scale[axes[i]]) : Math.Max(kept, scale[axes[i]]);
        for (int i = 0; i < count; i++)
        {
            scale[axes[i]] = kept;
            dims[axes[i]] = Length(kept * inShape[axes[i]] + 0.5);
        }
    }

    private static int Length(double value)
    {
        if (!(value <= int.MaxValue)) throw new ArgumentException($"Resize output length {value} is out of range.");
        return (int)value;
    }

    /// <summary>Python's math.isclose with its defaults (relative tolerance 1e-9), as the reference tests an unchanged axis.</summary>
    private static bool IsClose(double a, double b) => a == b || Math.Abs(a - b) <= 1e-9 * Math.Max(Math.Abs(a), Math.Abs(b));

    /// <summary>numpy's saturate_cast: floats clipped to the type's finite range, integers rounded half to even and clipped.</summary>
    private static T Saturate<T>(double v) where T : unmanaged, INumberBase<T>
    {
        if (typeof(T) == typeof(double)) return T.CreateTruncating(v);
        if (typeof(T) == typeof(float)) return T.CreateTruncating(Math.Clamp(v, -float.MaxValue, float.MaxValue));
        if (typeof(T) == typeof(Half)) return T.CreateTruncating(Math.Clamp(v, -65504.0, 65504.0));
        return T.CreateSaturating(Math.Round(v));
    }
}

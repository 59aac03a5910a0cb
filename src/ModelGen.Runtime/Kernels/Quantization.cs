using System;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// ONNX linear quantisation: QuantizeLinear, DequantizeLinear, DynamicQuantizeLinear, the zero-point shift that
/// MatMulInteger/ConvInteger apply before their integer product, and the requantisation of QLinearMatMul/QLinearConv.
/// A scale/zero-point tensor is addressed through a layout of seven ints: [outer, axisLen, inner, block,
/// outerStride, axisStride, innerStride]; element (o, a, j) of x reads parameter o*outerStride + (a/block)*axisStride
/// + j*innerStride. Per-tensor has all strides 0, per-axis axisStride 1, blocked all three.
/// </summary>
public static class Quantization
{
    /// <summary>y = saturate(round_half_even(x / scale) + zeroPoint), the division in <typeparamref name="TC"/>.</summary>
    /// <param name="x">Input.</param>
    /// <param name="scale">Scales, addressed by <paramref name="layout"/>.</param>
    /// <param name="zeroPoint">Zero points shaped like scale, or empty for 0.</param>
    /// <param name="y">Output, x.Length elements.</param>
    /// <param name="layout">The parameter layout (see the class remarks).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Quantize<TX, TS, TC, TY>(ReadOnlySpan<TX> x, ReadOnlySpan<TS> scale, ReadOnlySpan<TY> zeroPoint, Span<TY> y, ReadOnlySpan<int> layout)
        where TX : unmanaged, INumberBase<TX> where TS : unmanaged, INumberBase<TS> where TC : unmanaged, IFloatingPointIeee754<TC>
        where TY : unmanaged, IBinaryInteger<TY>, IMinMaxValue<TY>
    {
        Check(layout, x.Length, y.Length, scale.Length, zeroPoint.Length);
        double lo = double.CreateTruncating(TY.MinValue), hi = double.CreateTruncating(TY.MaxValue);
        var walk = new QuantizationWalk(layout);
        for (int i = 0; i < walk.Count; i++)
        {
            int p = walk.Next();
            TC q = TC.CreateTruncating(x[i]) / TC.CreateTruncating(scale[p]);
            double v = Math.Round(double.CreateTruncating(q), MidpointRounding.ToEven);
            if (!zeroPoint.IsEmpty) v += double.CreateTruncating(zeroPoint[p]);
            y[i] = TY.CreateSaturating(Math.Clamp(v, lo, hi));
        }
    }

    /// <summary>y = (x - zeroPoint) * scale, computed in <typeparamref name="TC"/> and rounded once to <typeparamref name="TY"/>.</summary>
    /// <param name="x">Quantised input.</param>
    /// <param name="scale">Scales, addressed by <paramref name="layout"/>.</param>
    /// <param name="zeroPoint">Zero points shaped like scale, or empty for 0.</param>
    /// <param name="y">Output, x.Length elements.</param>
    /// <param name="layout">The parameter layout (see the class remarks).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Dequantize<TX, TS, TC, TY>(ReadOnlySpan<TX> x, ReadOnlySpan<TS> scale, ReadOnlySpan<TX> zeroPoint, Span<TY> y, ReadOnlySpan<int> layout)
        where TX : unmanaged, IBinaryInteger<TX> where TS : unmanaged, INumberBase<TS> where TC : unmanaged, IFloatingPointIeee754<TC>
        where TY : unmanaged, INumberBase<TY>
    {
        Check(layout, x.Length, y.Length, scale.Length, zeroPoint.Length);
        var walk = new QuantizationWalk(layout);
        for (int i = 0; i < walk.Count; i++)
        {
            int p = walk.Next();
            TC d = TC.CreateTruncating(x[i]);
            if (!zeroPoint.IsEmpty) d -= TC.CreateTruncating(zeroPoint[p]);
            y[i] = TY.CreateTruncating(d * TC.CreateTruncating(scale[p]));
        }
    }

    /// <summary>y = (int)x - (int)zeroPoint: the widening that precedes MatMulInteger's and ConvInteger's integer products.</summary>
    /// <param name="x">Quantised input.</param>
    /// <param name="zeroPoint">Zero points, addressed by <paramref name="layout"/>, or empty for 0.</param>
    /// <param name="y">Output, x.Length elements.</param>
    /// <param name="layout">The parameter layout (see the class remarks).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Shift<TX>(ReadOnlySpan<TX> x, ReadOnlySpan<TX> zeroPoint, Span<int> y, ReadOnlySpan<int> layout) where TX : unmanaged, IBinaryInteger<TX>
    {
        Check(layout, x.Length, y.Length, zeroPoint.IsEmpty ? int.MaxValue : zeroPoint.Length, 0);
        var walk = new QuantizationWalk(layout);
        for (int i = 0; i < walk.Count; i++)
        {
            int p = walk.Next();
            y[i] = int.CreateTruncating(x[i]) - (zeroPoint.IsEmpty ? 0 : int.CreateTruncating(zeroPoint[p]));
        }
    }

    /// <summary>
    /// ONNX DynamicQuantizeLinear in float as its reference computes it: the range [min(0, min x), max(0, max x)]
    /// maps onto 0..255; scale = range / 255, zero point = round(clamp(-min / scale)), y = saturate(round(x / scale) + zp).
    /// </summary>
    /// <param name="x">Input.</param>
    /// <param name="y">Output, x.Length elements.</param>
    /// <param name="scale">One element: the scale.</param>
    /// <param name="zeroPoint">One element: the zero point.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Dynamic<T>(ReadOnlySpan<T> x, Span<byte> y, Span<T> scale, Span<byte> zeroPoint) where T : unmanaged, IFloatingPointIeee754<T>
    {
        Simd.Need(y.Length, x.Length, nameof(y));
        Simd.Need(scale.Length, 1, nameof(scale));
        Simd.Need(zeroPoint.Length, 1, nameof(zeroPoint));
        float max = 0, min = 0;
        for (int i = 0; i < x.Length; i++)
        {
            float v = float.CreateTruncating(x[i]);
            max = MathF.Max(max, v);
            min = MathF.Min(min, v);
        }
        float s = (max == min ? 1f : max - min) / 255f;
        float zp = MathF.Round(Math.Clamp(0f - min / s, 0f, 255f), MidpointRounding.ToEven);
        for (int i = 0; i < x.Length; i++)
            y[i] = (byte)Math.Clamp(MathF.Round(float.CreateTruncating(x[i]) / s, MidpointRounding.ToEven) + zp, 0f, 255f);
        scale[0] = T.CreateTruncating(s);
        zeroPoint[0] = (byte)zp;
    }

    /// <summary>
    /// y = saturate(round_half_even(acc * (aScale * bScale[c] / yScale) + yZeroPoint)) over acc laid out [outer, channels, inner]:
    /// the multiplier is formed in the scales' type and applied in double, as ONNX's reference does.
    /// </summary>
    /// <param name="acc">The int32 products.</param>
    /// <param name="aScale">One element: the first operand's scale.</param>
    /// <param name="bScale">One element, or one per channel: the second operand's scale.</param>
    /// <param name="yScale">One element: the output scale.</param>
    /// <param name="yZeroPoint">One element, or empty for 0.</param>
    /// <param name="y">Output, acc.Length elements.</param>
    /// <param name="outer">Count of the leading block.</param>
    /// <param name="channels">The axis bScale runs along.</param>
    /// <param name="inner">Elements per channel.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Requantize<TS, TY>(ReadOnlySpan<int> acc, ReadOnlySpan<TS> aScale, ReadOnlySpan<TS> bScale, ReadOnlySpan<TS> yScale,
        ReadOnlySpan<TY> yZeroPoint, Span<TY> y, int outer, int channels, int inner)
        where TS : unmanaged, IFloatingPointIeee754<TS> where TY : unmanaged, IBinaryInteger<TY>, IMinMaxValue<TY>
    {
        Simd.Need(acc.Length, (long)outer * channels * inner, nameof(acc));
        Simd.Need(y.Length, acc.Length, nameof(y));
        Simd.Need(aScale.Length, 1, nameof(aScale));
        Simd.Need(yScale.Length, 1, nameof(yScale));
        Simd.Need(bScale.Length, bScale.Length == 1 ? 1 : channels, nameof(bScale));
        double lo = double.CreateTruncating(TY.MinValue), hi = double.CreateTruncating(TY.MaxValue);
        double zp = yZeroPoint.IsEmpty ? 0 : double.CreateTruncating(yZeroPoint[0]);
        int i = 0;
        for (int o = 0; o < outer; o++)
            for (int c = 0; c < channels; c++)
            {
                double m = double.CreateTruncating(aScale[0] * bScale[bScale.Length == 1 ? 0 : c] / yScale[0]);
                for (int j = 0; j < inner; j++, i++)
                    y[i] = TY.CreateSaturating(Math.Clamp(Math.Round(acc[i] * m + zp, MidpointRounding.ToEven), lo, hi));
            }
    }

    /// <summary>Validates a layout against the spans' lengths (also for <see cref="NarrowQuantization"/>).</summary>
    internal static void Check(ReadOnlySpan<int> layout, int xLength, int yLength, int paramLength, int zeroPointLength)
    {
        if (layout.Length != 7 || layout[3] < 1) throw new ArgumentException("The quantisation layout has seven entries and a positive block.");
        Simd.Need(xLength, (long)layout[0] * layout[1] * layout[2], "x");
        Simd.Need(yLength, xLength, "y");
        long last = (long)(layout[0] - 1) * layout[4] + (long)(layout[1] - 1) / layout[3] * layout[5] + (long)(layout[2] - 1) * layout[6];
        if (xLength > 0) Simd.Need(paramLength, last + 1, "scale");
        if (zeroPointLength != 0 && zeroPointLength != paramLength) throw new ArgumentException("zeroPoint must be empty or shaped like scale.");
    }
}

using System;
using System.Numerics;
using ModelGen.Runtime.Numerics;
using System.Runtime.CompilerServices;

namespace ModelGen.Runtime.Kernels;

/// <summary>
/// ONNX QuantizeLinear and DequantizeLinear with a narrow quantised type (float8, float4, int4, int2), addressed by
/// the same seven-int parameter layout as <see cref="Quantization"/>. As in ONNX's reference: integer targets round
/// half to even, add the zero point and clamp to the type's range; float8 targets convert x / scale directly
/// (saturating unless saturate=0; their zero point must be 0), and float4 adds the zero point's value first.
/// </summary>
public static class NarrowQuantization
{
    /// <summary>y = quantised x / scale (see the class remarks), the division in <typeparamref name="TC"/>.</summary>
    /// <param name="x">Input.</param>
    /// <param name="scale">Scales, addressed by <paramref name="layout"/>.</param>
    /// <param name="zeroPoint">Zero points shaped like scale, or empty for 0.</param>
    /// <param name="y">Output, x.Length elements.</param>
    /// <param name="layout">The parameter layout (see <see cref="Quantization"/>).</param>
    /// <param name="saturate">Float8 targets: clamp out-of-range values to the largest finite one.</param>
    /// <param name="addZeroPoint">Floating targets: add the zero point's value (float4 does, float8 does not).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Quantize<TX, TS, TC, TY>(ReadOnlySpan<TX> x, ReadOnlySpan<TS> scale, ReadOnlySpan<TY> zeroPoint, Span<TY> y, ReadOnlySpan<int> layout,
        bool saturate, bool addZeroPoint)
        where TX : unmanaged, INumberBase<TX> where TS : unmanaged, INumberBase<TS> where TC : unmanaged, IFloatingPointIeee754<TC>
        where TY : unmanaged, INarrowNumber<TY>
    {
        Quantization.Check(layout, x.Length, y.Length, scale.Length, zeroPoint.Length);
        var walk = new QuantizationWalk(layout);
        for (int i = 0; i < walk.Count; i++)
        {
            int p = walk.Next();
            double q = double.CreateTruncating(TC.CreateTruncating(x[i]) / TC.CreateTruncating(scale[p]));
            if (TY.IsInteger)
            {
                double v = Math.Round(q, MidpointRounding.ToEven);
                if (!zeroPoint.IsEmpty) v += TY.ToInt64(zeroPoint[p]);
                y[i] = TY.FromInt64((long)Math.Clamp(v, TY.MinValue, TY.MaxValue));
            }
            else
            {
                // x / scale rounds once to TC (float for float inputs), as numpy's division does, then to TY.
                if (addZeroPoint && !zeroPoint.IsEmpty) q = double.CreateTruncating(TC.CreateTruncating(q) + TC.CreateTruncating(TY.ToDouble(zeroPoint[p])));
                y[i] = TY.FromDouble(q, saturate);
            }
        }
    }

    /// <summary>y = (x - zeroPoint) * scale, computed in <typeparamref name="TC"/> and rounded once to <typeparamref name="TY"/>.</summary>
    /// <param name="x">Quantised input.</param>
    /// <param name="scale">Scales, addressed by <paramref name="layout"/>.</param>
    /// <param name="zeroPoint">Zero points shaped like scale, or empty for 0 (ONNX's reference reads none for floating x).</param>
    /// <param name="y">Output, x.Length elements.</param>
    /// <param name="layout">The parameter layout (see <see cref="Quantization"/>).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Dequantize<TX, TS, TC, TY>(ReadOnlySpan<TX> x, ReadOnlySpan<TS> scale, ReadOnlySpan<TX> zeroPoint, Span<TY> y, ReadOnlySpan<int> layout)
        where TX : unmanaged, INarrowNumber<TX> where TS : unmanaged, INumberBase<TS> where TC : unmanaged, IFloatingPointIeee754<TC>
        where TY : unmanaged, INumberBase<TY>
    {
        Quantization.Check(layout, x.Length, y.Length, scale.Length, zeroPoint.Length);
        var walk = new QuantizationWalk(layout);
        for (int i = 0; i < walk.Count; i++)
        {
            int p = walk.Next();
            TC d = TC.CreateTruncating(TX.ToDouble(x[i]));
            if (!zeroPoint.IsEmpty) d -= TC.CreateTruncating(TX.ToDouble(zeroPoint[p]));
            y[i] = TY.CreateTruncating(d * TC.CreateTruncating(scale[p]));
        }
    }
}

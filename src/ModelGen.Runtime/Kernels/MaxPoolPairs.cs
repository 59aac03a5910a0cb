using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ModelGen.Runtime.Kernels;

public static partial class MaxPool
{
    /// <summary>
    /// Whether <see cref="FloatPlane2x2"/> pools this plane: 2×2 windows at stride 2, no padding, every window inside
    /// the input, at least 8 outputs per row, and AVX2 (for the lane shuffles).
    /// </summary>
    private static bool IsPool2x2(in PlaneGeometry g) =>
        Avx2.IsSupported && Vector256.IsHardwareAccelerated && g.KH == 2 && g.KW == 2 && g.SH == 2 && g.SW == 2 && g.PH == 0 && g.PW == 0
        && 2 * g.OutH <= g.InH && 2 * g.OutW <= g.InW && g.OutW >= Vector256<float>.Count;

    /// <summary>
    /// The 2×2, stride-2 pool of one float plane (every CNN's downsampling; mnist-8's first pool, 28×28 to 14×14): for 8
    /// outputs, the two input rows' 16 floats are reduced to 16 column maxima, which are split into even and odd columns
    /// in registers and reduced again. The general row path took column maxima, then window maxima of every start, then
    /// picked the outputs one by one: 10 % of mnist-8's time. Max with Math.Max's rules gives the same value in any
    /// order, so the bits are the same.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static unsafe void FloatPlane2x2(float* src, float* dst, in PlaneGeometry g)
    {
        int inW = g.InW, outW = g.OutW, last = outW - Vector256<float>.Count;
        for (int oh = 0; oh < g.OutH; oh++)
        {
            float* r0 = src + (nint)(2 * oh) * inW, r1 = r0 + inW, row = dst + (nint)oh * outW;
            // The last vector is moved back to end at the row's end: it writes some outputs again, with the same values.
            for (int j = 0; ; j += Vector256<float>.Count)
            {
                if (j > last) j = last;
                Vector256<float> lo = F256.Max(Vector256.Load(r0 + 2 * j), Vector256.Load(r1 + 2 * j));
                Vector256<float> hi = F256.Max(Vector256.Load(r0 + 2 * j + 8), Vector256.Load(r1 + 2 * j + 8));
                // Within each 128-bit lane, 0x88 takes columns 0 and 2 of both sources and 0xDD columns 1 and 3; the
                // 64-bit permute puts the lanes back in column order.
                Vector256<float> even = Avx2.Permute4x64(Avx.Shuffle(lo, hi, 0x88).AsDouble(), 0xD8).AsSingle();
                Vector256<float> odd = Avx2.Permute4x64(Avx.Shuffle(lo, hi, 0xDD).AsDouble(), 0xD8).AsSingle();
                F256.Max(even, odd).Store(row + j);
                if (j == last) break;
            }
        }
    }
}

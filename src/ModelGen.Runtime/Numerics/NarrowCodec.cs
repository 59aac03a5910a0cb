using System;

namespace ModelGen.Runtime.Numerics
{
    /// <summary>
    /// The bit layouts of ONNX's narrow floating-point types (bfloat16, the float8 family, float4e2m1) and the
    /// conversions between their bits and double, as plain arithmetic on bits. This file is compiled into both the
    /// compiler (netstandard2.0, for build-time constants and test data) and the runtime (for the element structs),
    /// so the two can never disagree on a value.
    /// </summary>
    internal static class NarrowCodec
    {
        /// <summary>How a format spends its top exponent and its sign bit on special values.</summary>
        public enum Specials
        {
            /// <summary>IEEE 754: exponent all ones is infinity (mantissa 0) or NaN (bfloat16, float8e5m2).</summary>
            Ieee,
            /// <summary>"Finite": no infinity; only S.1111.111 is NaN, so the top exponent still holds numbers (float8e4m3fn).</summary>
            Finite,
            /// <summary>"Finite, unsigned zero": no infinity and no -0; the bit pattern of -0 (0x80) is the one NaN (the FNUZ types).</summary>
            FiniteUnsignedZero,
            /// <summary>No infinity and no NaN at all (float4e2m1); NaN converts to the pattern of -0, as ml_dtypes (ONNX's reference) does.</summary>
            None,
        }

        /// <summary>A sign bit, then exponent bits and mantissa bits, with an exponent bias and a way of spending the specials.</summary>
        public readonly struct Format
        {
            public Format(int exponentBits, int mantissaBits, int bias, Specials specials)
            {
                ExponentBits = exponentBits;
                MantissaBits = mantissaBits;
                Bias = bias;
                Kind = specials;
            }

            public int ExponentBits { get; }
            public int MantissaBits { get; }
            public int Bias { get; }
            public Specials Kind { get; }

            public int SignBit => 1 << (ExponentBits + MantissaBits);
            public int ExponentMask => (1 << ExponentBits) - 1;
            public int MantissaMask => (1 << MantissaBits) - 1;

            /// <summary>The largest finite magnitude's bits: IEEE formats stop one exponent short, FN one mantissa short.</summary>
            public int MaxBits
            {
                get
                {
                    switch (Kind)
                    {
                        case Specials.Ieee: return ((ExponentMask - 1) << MantissaBits) | MantissaMask;
                        case Specials.Finite: return (ExponentMask << MantissaBits) | (MantissaMask - 1);
                        default: return (ExponentMask << MantissaBits) | MantissaMask;
                    }
                }
            }

            /// <summary>The NaN produced for a NaN of sign <paramref name="negative"/> (formats without NaN: the -0 pattern).</summary>
            public int NaN(bool negative)
            {
                switch (Kind)
                {
                    case Specials.Ieee: return (negative ? SignBit : 0) | (ExponentMask << MantissaBits) | (1 << (MantissaBits - 1)); // quiet NaN
                    case Specials.Finite: return (negative ? SignBit : 0) | (ExponentMask << MantissaBits) | MantissaMask;
                    default: return SignBit;
                }
            }
        }

        public static readonly Format BFloat16 = new Format(8, 7, 127, Specials.Ieee);
        public static readonly Format Float8E4M3FN = new Format(4, 3, 7, Specials.Finite);
        public static readonly Format Float8E4M3FNUZ = new Format(4, 3, 8, Specials.FiniteUnsignedZero);
        public static readonly Format Float8E5M2 = new Format(5, 2, 15, Specials.Ieee);
        public static readonly Format Float8E5M2FNUZ = new Format(5, 2, 16, Specials.FiniteUnsignedZero);
        public static readonly Format Float4E2M1 = new Format(2, 1, 1, Specials.None);

        /// <summary>The value of <paramref name="bits"/>: exact, since every narrow value is a double.</summary>
        public static double ToDouble(int bits, Format f)
        {
            bool negative = (bits & f.SignBit) != 0;
            int exponent = (bits >> f.MantissaBits) & f.ExponentMask, mantissa = bits & f.MantissaMask;
            switch (f.Kind)
            {
                case Specials.Ieee:
                    if (exponent == f.ExponentMask) return mantissa != 0 ? double.NaN : negative ? double.NegativeInfinity : double.PositiveInfinity;
                    break;
                case Specials.Finite:
                    if (exponent == f.ExponentMask && mantissa == f.MantissaMask) return double.NaN;
                    break;
                case Specials.FiniteUnsignedZero:
                    if (bits == f.SignBit) return double.NaN;
                    break;
            }
            double magnitude = exponent == 0
                ? mantissa * Pow2(1 - f.Bias - f.MantissaBits)
                : (mantissa + (1 << f.MantissaBits)) * Pow2(exponent - f.Bias - f.MantissaBits);
            return negative ? -magnitude : magnitude;
        }

        /// <summary>
        /// <paramref name="value"/> rounded to nearest, ties to even. Out of range (or infinite) it saturates to the
        /// largest finite value when <paramref name="saturate"/> is set or the format has neither infinity nor NaN;
        /// otherwise it is infinity where the format has one and NaN where it does not (ONNX Cast's float8 tables).
        /// </summary>
        public static int FromDouble(double value, Format f, bool saturate)
        {
            bool negative = value < 0 || (value == 0 && 1 / value < 0) || (double.IsNaN(value) && BitConverter.DoubleToInt64Bits(value) < 0);
            if (double.IsNaN(value)) return f.NaN(negative);
            int sign = negative ? f.SignBit : 0;
            double a = Math.Abs(value);
            double max = ToDouble(f.MaxBits, f);
            if (!double.IsInfinity(a))
            {
                // One unit in the last place at a's binade (or the subnormal unit below the smallest normal).
                int minExponent = 1 - f.Bias;
                int e = Math.Max(Exponent(a), minExponent);
                double ulp = Pow2(e - f.MantissaBits);
                double rounded = RoundHalfEven(a / ulp) * ulp;
                if (rounded <= max) return rounded == 0 && f.Kind == Specials.FiniteUnsignedZero ? 0 : sign | Encode(rounded, f);
            }
            if (saturate || f.Kind == Specials.None) return sign | f.MaxBits;
            if (f.Kind == Specials.Ieee) return sign | (f.ExponentMask << f.MantissaBits);
            return f.NaN(negative);
        }

        /// <summary>The bits of a magnitude already representable in the format (zero included).</summary>
        private static int Encode(double magnitude, Format f)
        {
            if (magnitude == 0) return 0;
            int minExponent = 1 - f.Bias;
            int e = Exponent(magnitude);
            if (e < minExponent) return (int)(magnitude / Pow2(minExponent - f.MantissaBits)); // subnormal
            int mantissa = (int)(magnitude / Pow2(e - f.MantissaBits)) - (1 << f.MantissaBits);
            return ((e + f.Bias) << f.MantissaBits) | mantissa;
        }

        /// <summary>float8e8m0: 2^(bits − 127), and 0xFF is NaN; it has no sign, no zero and no mantissa.</summary>
        public static double E8M0ToDouble(int bits) => bits == 0xFF ? double.NaN : Pow2(bits - 127);

        /// <summary>
        /// float8e8m0 of a float, as ONNX's reference converts it from float32 bits: NaN and infinity give 0xFF; otherwise
        /// the float's biased exponent, rounded by its mantissa per <paramref name="roundMode"/> (0 up, 1 down, 2 nearest),
        /// and when <paramref name="saturate"/> is set never rounded past 0xFE. The sign is ignored (negative input is undefined).
        /// </summary>
        public static int E8M0FromSingleBits(int floatBits, bool saturate, int roundMode)
        {
            int exponent = (floatBits >> 23) & 0xFF, fraction = floatBits & 0x7FFFFF;
            if (exponent == 0xFF) return 0xFF;
            bool roundUp;
            switch (roundMode)
            {
                case RoundUp: roundUp = fraction != 0; break;
                case RoundNearest:
                    bool guard = (fraction & 0x400000) != 0, rest = (fraction & 0x3FFFFF) != 0;
                    // A tie (exactly 1.5 × 2^e) rounds away, to the even exponent's neighbour as the reference does; 0 and subnormals have lsb 0.
                    roundUp = guard && (rest || exponent > 0);
                    break;
                default: roundUp = false; break;
            }
            if (roundUp && saturate && exponent == 0xFE) roundUp = false;
            return roundUp ? Math.Min(exponent + 1, 0xFF) : exponent;
        }

        public const int RoundUp = 0, RoundDown = 1, RoundNearest = 2;

        /// <summary>floor(log2(a)) for a positive finite a.</summary>
        private static int Exponent(double a)
        {
            long bits = BitConverter.DoubleToInt64Bits(a);
            int biased = (int)((bits >> 52) & 0x7FF);
            if (biased != 0) return biased - 1023;
            return -1075; // a double subnormal: far below every narrow format, so it rounds to zero
        }

        /// <summary>2^k exactly, for k in double's normal range.</summary>
        private static double Pow2(int k) => BitConverter.Int64BitsToDouble((long)(k + 1023) << 52);

        private static double RoundHalfEven(double x)
        {
            double f = Math.Floor(x), r = x - f;
            if (r > 0.5 || (r == 0.5 && Math.IEEERemainder(f, 2) != 0)) f += 1;
            return f;
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;

namespace ModelGen.Compiler.Ir
{
    /// <summary>
    /// A tensor value known at build time (a small initializer, a Constant, a folded result).
    /// Elements are kept as little-endian bytes exactly as ONNX stores raw_data, with typed views.
    /// Integer elements are only ever read and written as integers (never through double), so folding is exact.
    /// </summary>
    public sealed class TensorData
    {
        public TensorData(ElementType type, long[] dims, byte[] raw)
        {
            Type = type;
            Dims = dims;
            Raw = raw;
        }

        public ElementType Type { get; }
        public long[] Dims { get; }
        public byte[] Raw { get; }

        public long ElementCount => Dims.Aggregate(1L, (a, b) => a * b);

        public Shape Shape => Shape.Of(Dims);

        public static TensorData FromInt64(long[] dims, IReadOnlyList<long> values) => FromInt64Values(ElementType.Int64, dims, values);

        public static TensorData FromInt32(long[] dims, IReadOnlyList<int> values) => FromInt64Values(ElementType.Int32, dims, values.Select(v => (long)v).ToArray());

        public static TensorData FromFloat(long[] dims, IReadOnlyList<float> values) => FromDoubleValues(ElementType.Float, dims, values.Select(v => (double)v).ToArray());

        public static TensorData FromDouble(long[] dims, IReadOnlyList<double> values) => FromDoubleValues(ElementType.Double, dims, values);

        /// <summary>An integer or bool tensor: each value is wrapped to the type's width (two's complement), bools become 0/1.</summary>
        public static TensorData FromInt64Values(ElementType type, long[] dims, IReadOnlyList<long> values)
        {
            if (!ElementTypes.IsInteger(type) && type != ElementType.Bool && !ElementTypes.IsNarrowInteger(type)) throw new ArgumentException("Not an integer type: " + type + ".");
            int size = ElementTypes.SizeOf(type);
            long mask = ElementTypes.IsNarrowInteger(type) ? (1L << ElementTypes.PackedBits(type)) - 1 : -1L;
            var raw = new byte[values.Count * size];
            for (int i = 0; i < values.Count; i++)
            {
                long v = type == ElementType.Bool ? (values[i] != 0 ? 1 : 0) : values[i] & mask;
                for (int b = 0; b < size; b++) raw[i * size + b] = (byte)(v >> (8 * b));
            }
            return new TensorData(type, dims, raw);
        }

        /// <summary>
        /// A floating-point tensor: each value is rounded to the type (to nearest even; float8e8m0 up). Out of range,
        /// float8 and float4 values saturate unless <paramref name="saturate"/> is false (ONNX Cast's 'saturate').
        /// </summary>
        public static TensorData FromDoubleValues(ElementType type, long[] dims, IReadOnlyList<double> values, bool saturate = true)
        {
            if (ElementTypes.IsNarrowFloat(type))
            {
                var bytes = new byte[values.Count * ElementTypes.SizeOf(type)];
                for (int i = 0; i < values.Count; i++)
                {
                    int bits = NarrowBits.FromDouble(type, values[i], saturate);
                    for (int b = 0; b < ElementTypes.SizeOf(type); b++) bytes[i * ElementTypes.SizeOf(type) + b] = (byte)(bits >> (8 * b));
                }
                return new TensorData(type, dims, bytes);
            }
            int size = ElementTypes.SizeOf(type);
            var raw = new byte[values.Count * size];
            for (int i = 0; i < values.Count; i++)
            {
                long bits;
                switch (type)
                {
                    case ElementType.Float: bits = BitConverter.ToInt32(BitConverter.GetBytes((float)values[i]), 0); break;
                    case ElementType.Double: bits = BitConverter.DoubleToInt64Bits(values[i]); break;
                    case ElementType.Float16: bits = HalfBits.FromDouble(values[i]); break;
                    default: throw new ArgumentException("Not a floating-point type: " + type + ".");
                }
                for (int b = 0; b < size; b++) raw[i * size + b] = (byte)(bits >> (8 * b));
            }
            return new TensorData(type, dims, raw);
        }

        /// <summary>Integer view of the elements (integer and bool types; unsigned 64-bit values keep their bits).</summary>
        public long[] AsInt64()
        {
            if (ElementTypes.IsNarrowInteger(Type))
            {
                int bits = ElementTypes.PackedBits(Type);
                bool negative(byte b) => ElementTypes.IsSigned(Type) && (b & (1 << (bits - 1))) != 0;
                return Raw.Select(b => negative(b) ? (long)b - (1L << bits) : b).ToArray();
            }
            if (!ElementTypes.IsInteger(Type) && Type != ElementType.Bool) throw new InvalidOperationException("AsInt64 of a " + Type + " tensor.");
            int size = ElementTypes.SizeOf(Type);
            bool signed = ElementTypes.IsSigned(Type);
            var result = new long[ElementCount];
            for (int i = 0; i < result.Length; i++)
            {
                ulong v = 0;
                for (int b = size - 1; b >= 0; b--) v = (v << 8) | Raw[i * size + b];
                if (signed && size < 8 && (v & (1UL << (size * 8 - 1))) != 0) v |= ~0UL << (size * 8);
                result[i] = unchecked((long)v);
            }
            return result;
        }

        /// <summary>Floating view of the elements (any numeric type; integers convert, unsigned ones as unsigned).</summary>
        public double[] AsDouble()
        {
            var result = new double[ElementCount];
            switch (Type)
            {
                case ElementType.Float:
                    for (int i = 0; i < result.Length; i++) result[i] = BitConverter.ToSingle(Raw, i * 4);
                    return result;
                case ElementType.Double:
                    for (int i = 0; i < result.Length; i++) result[i] = BitConverter.ToDouble(Raw, i * 8);
                    return result;
                case ElementType.Float16:
                    for (int i = 0; i < result.Length; i++) result[i] = HalfBits.ToDouble(BitConverter.ToUInt16(Raw, i * 2));
                    return result;
                case ElementType.UInt64:
                    return AsInt64().Select(v => (double)unchecked((ulong)v)).ToArray();
                case ElementType.BFloat16:
                    for (int i = 0; i < result.Length; i++) result[i] = NarrowBits.ToDouble(Type, BitConverter.ToUInt16(Raw, i * 2));
                    return result;
                case ElementType.Float8E4M3FN:
                case ElementType.Float8E4M3FNUZ:
                case ElementType.Float8E5M2:
                case ElementType.Float8E5M2FNUZ:
                case ElementType.Float8E8M0:
                case ElementType.Float4E2M1:
                    for (int i = 0; i < result.Length; i++) result[i] = NarrowBits.ToDouble(Type, Raw[i]);
                    return result;
                default:
                    return AsInt64().Select(v => (double)v).ToArray();
            }
        }

        /// <summary>The same elements under new dims (Reshape, Unsqueeze...).</summary>
        public TensorData WithDims(long[] dims) => new TensorData(Type, dims, Raw);
    }

    /// <summary>IEEE 754 binary16 conversions (netstandard2.0 has no System.Half).</summary>
    internal static class HalfBits
    {
        public static double ToDouble(ushort h)
        {
            int sign = (h >> 15) & 1, exp = (h >> 10) & 0x1f, frac = h & 0x3ff;
            double v = exp == 0 ? frac * Math.Pow(2, -24)
                : exp == 31 ? (frac == 0 ? double.PositiveInfinity : double.NaN)
                : (1 + frac / 1024.0) * Math.Pow(2, exp - 15);
            return sign == 1 ? -v : v;
        }

        /// <summary>Round to nearest, ties to even.</summary>
        public static ushort FromDouble(double d)
        {
            ushort sign = (ushort)(d < 0 || (d == 0 && 1 / d < 0) ? 0x8000 : 0);
            d = Math.Abs(d);
            if (double.IsNaN(d)) return 0x7e00;
            if (d >= 65520) return (ushort)(sign | 0x7c00); // rounds to infinity
            if (d < Math.Pow(2, -14))
            {
                // Subnormal: units of 2^-24.
                double units = d * Math.Pow(2, 24);
                return (ushort)(sign | (ushort)RoundEven(units));
            }
            int exp = (int)Math.Floor(Math.Log(d, 2));
            if (Math.Pow(2, exp) > d) exp--;
            if (Math.Pow(2, exp + 1) <= d) exp++;
            double mantissa = d / Math.Pow(2, exp) - 1; // [0,1)
            long m = RoundEven(mantissa * 1024);
            if (m == 1024) { m = 0; exp++; }
            if (exp > 15) return (ushort)(sign | 0x7c00);
            return (ushort)(sign | ((exp + 15) << 10) | (int)m);
        }

        private static long RoundEven(double x)
        {
            double f = Math.Floor(x), r = x - f;
            long n = (long)f;
            if (r > 0.5 || (r == 0.5 && (n & 1) == 1)) n++;
            return n;
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;

namespace ModelGen.Compiler.Ir
{
    /// <summary>
    /// A tensor value known at build time (a small initializer, a Constant, a folded result).
    /// Elements are kept as little-endian bytes exactly as ONNX stores raw_data, with typed views.
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

        public static TensorData FromInt64(long[] dims, IReadOnlyList<long> values)
        {
            var raw = new byte[values.Count * 8];
            for (int i = 0; i < values.Count; i++) WriteInt64(raw, i * 8, values[i]);
            return new TensorData(ElementType.Int64, dims, raw);
        }

        public static TensorData FromInt32(long[] dims, IReadOnlyList<int> values)
        {
            var raw = new byte[values.Count * 4];
            for (int i = 0; i < values.Count; i++) WriteInt64(raw, i * 4, values[i], 4);
            return new TensorData(ElementType.Int32, dims, raw);
        }

        public static TensorData FromFloat(long[] dims, IReadOnlyList<float> values)
        {
            var raw = new byte[values.Count * 4];
            for (int i = 0; i < values.Count; i++)
                WriteInt64(raw, i * 4, BitConverter.ToInt32(BitConverter.GetBytes(values[i]), 0), 4);
            return new TensorData(ElementType.Float, dims, raw);
        }

        public static TensorData FromDouble(long[] dims, IReadOnlyList<double> values)
        {
            var raw = new byte[values.Count * 8];
            for (int i = 0; i < values.Count; i++) WriteInt64(raw, i * 8, BitConverter.DoubleToInt64Bits(values[i]));
            return new TensorData(ElementType.Double, dims, raw);
        }

        /// <summary>Builds a tensor of <paramref name="type"/> from doubles (ints are truncated toward zero).</summary>
        public static TensorData FromNumbers(ElementType type, long[] dims, IReadOnlyList<double> values)
        {
            switch (type)
            {
                case ElementType.Float: return FromFloat(dims, values.Select(v => (float)v).ToArray());
                case ElementType.Double: return FromDouble(dims, values);
                case ElementType.Int64: return FromInt64(dims, values.Select(v => (long)v).ToArray());
                case ElementType.Int32: return FromInt32(dims, values.Select(v => (int)v).ToArray());
                default:
                    int size = ElementTypes.SizeOf(type);
                    if (!ElementTypes.IsInteger(type) && type != ElementType.Bool) throw new NotSupportedException("Cannot build constant of " + type);
                    var raw = new byte[values.Count * size];
                    for (int i = 0; i < values.Count; i++) WriteInt64(raw, i * size, (long)values[i], size);
                    return new TensorData(type, dims, raw);
            }
        }

        /// <summary>Integer view of the elements (integer and bool types).</summary>
        public long[] AsInt64()
        {
            int size = ElementTypes.SizeOf(Type);
            bool signed = Type == ElementType.Int8 || Type == ElementType.Int16 || Type == ElementType.Int32 || Type == ElementType.Int64;
            if (!ElementTypes.IsInteger(Type) && Type != ElementType.Bool) return AsDouble().Select(d => (long)d).ToArray();
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

        /// <summary>Floating view of the elements (any numeric type).</summary>
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
                    for (int i = 0; i < result.Length; i++) result[i] = HalfToDouble(BitConverter.ToUInt16(Raw, i * 2));
                    return result;
                default:
                    return AsInt64().Select(v => (double)v).ToArray();
            }
        }

        private static void WriteInt64(byte[] raw, int offset, long value, int size = 8)
        {
            for (int b = 0; b < size; b++) raw[offset + b] = (byte)(value >> (8 * b));
        }

        private static double HalfToDouble(ushort h)
        {
            int sign = (h >> 15) & 1, exp = (h >> 10) & 0x1f, frac = h & 0x3ff;
            double v = exp == 0 ? frac * Math.Pow(2, -24)
                : exp == 31 ? (frac == 0 ? double.PositiveInfinity : double.NaN)
                : (1 + frac / 1024.0) * Math.Pow(2, exp - 15);
            return sign == 1 ? -v : v;
        }
    }
}

using System;
using System.Buffers.Binary;
using System.Linq;
using ModelGen.Compiler.Ir;

namespace ModelGen.Tests.Differential
{
    /// <summary>
    /// Seeded random tensors of any element type the differential cases use. Values are drawn as doubles and rounded to
    /// the element type, so a range reads the same for every type: integers are uniform over the whole numbers in it.
    /// </summary>
    internal sealed class RandomTensors
    {
        private readonly Random _random;

        public RandomTensors(int seed)
        {
            _random = new Random(seed);
        }

        /// <summary>Uniform in [lo, hi] (whole numbers for integer types; bool: true with probability one half).</summary>
        public DiffTensor Uniform(string name, ElementType type, long[] dims, double lo, double hi) =>
            Make(name, type, dims, () => Draw(type, lo, hi));

        /// <summary>Magnitudes uniform in [lo, hi] with a random sign: divisors, reciprocals.</summary>
        public DiffTensor AwayFromZero(string name, ElementType type, long[] dims, double lo, double hi) =>
            Make(name, type, dims, () => (_random.Next(2) == 0 ? -1 : 1) * Draw(type, lo, hi));

        /// <summary>Multiples of one half in [lo, hi]: ties for Round, equal pairs for the comparisons.</summary>
        public DiffTensor Halves(string name, ElementType type, long[] dims, double lo, double hi) =>
            Make(name, type, dims, () => Math.Round(lo * 2 + _random.NextDouble() * (hi - lo) * 2) / 2);

        /// <summary>Uniform in [lo, hi], with NaN, +Inf and -Inf mixed in (IsNaN, IsInf).</summary>
        public DiffTensor WithSpecials(string name, ElementType type, long[] dims, double lo, double hi) =>
            Make(name, type, dims, () =>
            {
                switch (_random.Next(8))
                {
                    case 0: return double.NaN;
                    case 1: return double.PositiveInfinity;
                    case 2: return double.NegativeInfinity;
                    default: return Draw(type, lo, hi);
                }
            });

        /// <summary>A tensor of given values (shapes, axes, indices).</summary>
        public static DiffTensor Of(string name, ElementType type, long[] dims, params double[] values)
        {
            if (values.Length != Count(dims)) throw new ArgumentException(name + ": " + values.Length + " values for dims [" + string.Join(",", dims) + "].");
            return new DiffTensor(name, type, dims, Encode(type, values));
        }

        public static long Count(long[] dims) => dims.Aggregate(1L, (a, b) => a * b);

        private DiffTensor Make(string name, ElementType type, long[] dims, Func<double> next)
        {
            var values = new double[Count(dims)];
            for (int i = 0; i < values.Length; i++) values[i] = next();
            return new DiffTensor(name, type, dims, Encode(type, values));
        }

        private double Draw(ElementType type, double lo, double hi)
        {
            if (type == ElementType.Bool) return _random.Next(2);
            if (ElementTypes.IsInteger(type)) return Math.Floor(Math.Ceiling(lo) + _random.NextDouble() * (Math.Floor(hi) - Math.Ceiling(lo) + 1));
            return lo + _random.NextDouble() * (hi - lo);
        }

        /// <summary>Rounds each value to <paramref name="type"/> and writes it little-endian.</summary>
        public static byte[] Encode(ElementType type, double[] values)
        {
            int size = ElementTypes.SizeOf(type);
            var raw = new byte[values.Length * size];
            var span = raw.AsSpan();
            for (int i = 0; i < values.Length; i++)
            {
                double v = values[i];
                var at = span.Slice(i * size, size);
                switch (type)
                {
                    case ElementType.Float: BinaryPrimitives.WriteSingleLittleEndian(at, (float)v); break;
                    case ElementType.Double: BinaryPrimitives.WriteDoubleLittleEndian(at, v); break;
                    case ElementType.Float16: BinaryPrimitives.WriteHalfLittleEndian(at, (Half)v); break;
                    case ElementType.Bool: at[0] = v != 0 ? (byte)1 : (byte)0; break;
                    case ElementType.UInt8: at[0] = checked((byte)v); break;
                    case ElementType.Int8: at[0] = unchecked((byte)checked((sbyte)v)); break;
                    case ElementType.UInt16: BinaryPrimitives.WriteUInt16LittleEndian(at, checked((ushort)v)); break;
                    case ElementType.Int16: BinaryPrimitives.WriteInt16LittleEndian(at, checked((short)v)); break;
                    case ElementType.Int32: BinaryPrimitives.WriteInt32LittleEndian(at, checked((int)v)); break;
                    case ElementType.UInt32: BinaryPrimitives.WriteUInt32LittleEndian(at, checked((uint)v)); break;
                    case ElementType.Int64: BinaryPrimitives.WriteInt64LittleEndian(at, checked((long)v)); break;
                    case ElementType.UInt64: BinaryPrimitives.WriteUInt64LittleEndian(at, checked((ulong)v)); break;
                    default: throw new ArgumentException("No encoding for " + type + ".");
                }
            }
            return raw;
        }
    }
}

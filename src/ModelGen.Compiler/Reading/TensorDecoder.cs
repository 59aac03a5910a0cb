using System;
using System.Linq;
using Google.Protobuf;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Reading.Proto;

namespace ModelGen.Compiler.Reading
{
    /// <summary>Decodes a TensorProto's elements (raw_data or any typed field) into <see cref="TensorData"/>.</summary>
    internal static class TensorDecoder
    {
        /// <summary>Returns the decoded tensor, or null with <paramref name="error"/> set.</summary>
        public static TensorData? Decode(TensorProto t, out string? error)
        {
            error = null;
            var type = (ElementType)t.DataType;
            int size = ElementTypes.SizeOf(type);
            long[] dims = t.Dims.ToArray();
            if (dims.Any(d => d < 0)) { error = "negative dim"; return null; }
            long? counted = ElementCount(dims);
            if (counted == null) { error = TooLarge(dims, null); return null; }
            long count = counted.Value;
            if (type == ElementType.String) return DecodeStrings(t, dims, count, out error);
            if (size == 0 || type == ElementType.Complex64 || type == ElementType.Complex128)
            {
                error = "element type " + ElementTypes.OnnxName(type) + " is not supported";
                return null;
            }
            if (t.DataLocation == TensorProto.Types.DataLocation.External)
            {
                error = "external data";
                return null;
            }
            if (count > int.MaxValue / size) { error = TooLarge(dims, count); return null; }
            int bits = ElementTypes.PackedBits(type);
            if (bits < 8) return DecodePacked(t, type, dims, count, bits, out error);
            // The stored data is checked against the dims before the buffer is allocated: a tiny file whose dims claim
            // 500 million elements must not cost 2 GB to refuse.
            bool inRaw = !t.RawData.IsEmpty || count == 0;
            if (inRaw && t.RawData.Length != count * size) { error = "raw_data holds " + t.RawData.Length + " bytes, expected " + count * size; return null; }
            if (!inRaw && TypedCount(t, type) != count) { error = "the tensor holds a different number of elements than its dims say (" + count + ")"; return null; }
            var raw = new byte[count * size];
            if (inRaw)
            {
                t.RawData.CopyTo(raw, 0);
                return new TensorData(type, dims, raw);
            }
            switch (type)
            {
                case ElementType.Float:
                    if (t.FloatData.Count != count) break;
                    for (int i = 0; i < count; i++) Buffer.BlockCopy(BitConverter.GetBytes(t.FloatData[i]), 0, raw, i * 4, 4);
                    return new TensorData(type, dims, raw);
                case ElementType.Double:
                    if (t.DoubleData.Count != count) break;
                    for (int i = 0; i < count; i++) Buffer.BlockCopy(BitConverter.GetBytes(t.DoubleData[i]), 0, raw, i * 8, 8);
                    return new TensorData(type, dims, raw);
                case ElementType.Int64:
                    if (t.Int64Data.Count != count) break;
                    for (int i = 0; i < count; i++) Buffer.BlockCopy(BitConverter.GetBytes(t.Int64Data[i]), 0, raw, i * 8, 8);
                    return new TensorData(type, dims, raw);
                case ElementType.UInt64:
                case ElementType.UInt32:
                    if (t.Uint64Data.Count != count) break;
                    for (int i = 0; i < count; i++) Buffer.BlockCopy(BitConverter.GetBytes(t.Uint64Data[i]), 0, raw, i * size, size);
                    return new TensorData(type, dims, raw);
                default:
                    // int32, int16, int8, uint16, uint8, bool and float16 (as bits) travel in int32_data.
                    if (t.Int32Data.Count != count) break;
                    for (int i = 0; i < count; i++) Buffer.BlockCopy(BitConverter.GetBytes(t.Int32Data[i]), 0, raw, i * size, size);
                    return new TensorData(type, dims, raw);
            }
            error = "the tensor holds a different number of elements than its dims say (" + count + ")";
            return null;
        }

        /// <summary>How every "too large" error starts, so callers can report MG0301 rather than a decoding failure.</summary>
        public const string TooLargePrefix = "too large: ";

        /// <summary>The product of non-negative <paramref name="dims"/>, or null when it overflows a long.</summary>
        public static long? ElementCount(System.Collections.Generic.IEnumerable<long> dims)
        {
            long count = 1;
            foreach (var d in dims)
            {
                if (d != 0 && count > long.MaxValue / d) return null;
                count *= d;
            }
            return count;
        }

        private static string TooLarge(long[] dims, long? count) =>
            TooLargePrefix + "dims [" + string.Join(",", dims) + "] (" + (count?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "more than 2^63") + " elements), more than a .NET span holds (2^31-1 bytes)";

        /// <summary>How many elements the typed field that holds <paramref name="type"/> has (the fields the switch above reads).</summary>
        private static long TypedCount(TensorProto t, ElementType type) => type switch
        {
            ElementType.Float => t.FloatData.Count,
            ElementType.Double => t.DoubleData.Count,
            ElementType.Int64 => t.Int64Data.Count,
            ElementType.UInt64 or ElementType.UInt32 => t.Uint64Data.Count,
            _ => t.Int32Data.Count,
        };

        /// <summary>
        /// Strings (string_data, one UTF-8 byte string per element) as ModelGen's string-tensor encoding: per element a
        /// little-endian int32 byte length, then the bytes (ModelGen.Runtime.StringTensor reads and writes the same).
        /// </summary>
        private static TensorData? DecodeStrings(TensorProto t, long[] dims, long count, out string? error)
        {
            error = null;
            if (t.StringData.Count != count) { error = "the tensor holds " + t.StringData.Count + " strings but its dims say " + count; return null; }
            long total = 0;
            foreach (var s in t.StringData) total += 4 + s.Length;
            if (total > int.MaxValue) { error = TooLargePrefix + "the strings take " + total + " bytes, more than a .NET array holds"; return null; }
            var raw = new byte[total];
            int at = 0;
            foreach (var s in t.StringData)
            {
                int n = s.Length;
                raw[at] = (byte)n; raw[at + 1] = (byte)(n >> 8); raw[at + 2] = (byte)(n >> 16); raw[at + 3] = (byte)(n >> 24);
                s.CopyTo(raw, at + 4);
                at += 4 + n;
            }
            return new TensorData(ElementType.String, dims, raw);
        }

        /// <summary>
        /// The 4- and 2-bit types: ONNX packs 8/<paramref name="bits"/> elements per byte, the first in the lowest bits,
        /// in raw_data or one packed byte per int32_data entry; <see cref="TensorData"/> holds one element per byte.
        /// </summary>
        private static TensorData? DecodePacked(TensorProto t, ElementType type, long[] dims, long count, int bits, out string? error)
        {
            error = null;
            int perByte = 8 / bits;
            long packedLength = (count + perByte - 1) / perByte;
            byte[] packed;
            if (!t.RawData.IsEmpty || count == 0)
            {
                if (t.RawData.Length != packedLength) { error = "raw_data holds " + t.RawData.Length + " bytes, expected " + packedLength + " (" + perByte + " elements a byte)"; return null; }
                packed = t.RawData.ToByteArray();
            }
            else
            {
                if (t.Int32Data.Count != packedLength) { error = "int32_data holds " + t.Int32Data.Count + " entries, expected " + packedLength + " (" + perByte + " elements an entry)"; return null; }
                packed = t.Int32Data.Select(v => (byte)v).ToArray();
            }
            return new TensorData(type, dims, Unpack(packed, count, bits));
        }

        /// <summary>Splits each byte into 8/<paramref name="bits"/> elements, lowest bits first.</summary>
        public static byte[] Unpack(byte[] packed, long count, int bits)
        {
            int perByte = 8 / bits, mask = (1 << bits) - 1;
            var raw = new byte[count];
            for (long i = 0; i < count; i++) raw[i] = (byte)((packed[i / perByte] >> (int)(i % perByte * bits)) & mask);
            return raw;
        }

        /// <summary>The reverse of <see cref="Unpack"/>: the padding bits of a last partial byte are zero.</summary>
        public static byte[] Pack(byte[] raw, int bits)
        {
            int perByte = 8 / bits, mask = (1 << bits) - 1;
            var packed = new byte[(raw.Length + perByte - 1) / perByte];
            for (int i = 0; i < raw.Length; i++) packed[i / perByte] |= (byte)((raw[i] & mask) << (i % perByte * bits));
            return packed;
        }
    }
}

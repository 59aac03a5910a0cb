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
            long count = 1;
            foreach (var d in dims) count = checked(count * d);
            if (size == 0 || type == ElementType.String || type == ElementType.Complex64 || type == ElementType.Complex128)
            {
                error = "element type " + ElementTypes.OnnxName(type) + " is not supported";
                return null;
            }
            if (t.DataLocation == TensorProto.Types.DataLocation.External)
            {
                error = "external data";
                return null;
            }
            if (count > int.MaxValue / size) { error = "tensor too large"; return null; }
            var raw = new byte[count * size];
            if (!t.RawData.IsEmpty || count == 0)
            {
                if (t.RawData.Length != raw.Length) { error = "raw_data holds " + t.RawData.Length + " bytes, expected " + raw.Length; return null; }
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
    }
}

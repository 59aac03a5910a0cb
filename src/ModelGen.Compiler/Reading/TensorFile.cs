using System;
using System.IO;
using System.Linq;
using Google.Protobuf;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Reading.Proto;

namespace ModelGen.Compiler.Reading
{
    /// <summary>A tensor read from a serialized ONNX TensorProto file: name, element type, dims and little-endian element bytes.</summary>
    public sealed class TensorFileData
    {
        public TensorFileData(string name, ElementType type, long[] dims, byte[] raw)
        {
            Name = name;
            Type = type;
            Dims = dims;
            Raw = raw;
        }

        /// <summary>The tensor's name ("" when the file gives none).</summary>
        public string Name { get; }
        /// <summary>Element type, in ONNX numbering.</summary>
        public ElementType Type { get; }
        /// <summary>Dims; empty for a scalar.</summary>
        public long[] Dims { get; }
        /// <summary>The elements as little-endian bytes, as ONNX's raw_data holds them, except that 4- and 2-bit types take a byte each.</summary>
        public byte[] Raw { get; }

        /// <summary>Product of the dims (1 for a scalar).</summary>
        public long ElementCount => Dims.Aggregate(1L, (a, b) => a * b);

        /// <summary>The same tensor as compiler IR data (for its typed views).</summary>
        public TensorData ToTensorData() => new TensorData(Type, Dims, Raw);
    }

    /// <summary>
    /// Reads and writes single serialized ONNX TensorProto messages: the <c>input_N.pb</c> and
    /// <c>output_N.pb</c> files of ONNX's test data sets.
    /// </summary>
    public static class TensorFile
    {
        /// <summary>Parses a TensorProto file. Elements may be stored in raw_data or in any typed field.</summary>
        /// <exception cref="InvalidDataException">The bytes are not a TensorProto, or its data does not match its dims and type.</exception>
        public static TensorFileData Read(byte[] bytes)
        {
            if (bytes == null) throw new ArgumentNullException(nameof(bytes));
            TensorProto proto;
            try
            {
                proto = TensorProto.Parser.ParseFrom(bytes);
            }
            catch (InvalidProtocolBufferException e)
            {
                throw new InvalidDataException("Not a valid ONNX TensorProto file (" + bytes.Length + " bytes): " + e.Message, e);
            }
            string what = proto.Name.Length > 0 ? "Tensor '" + proto.Name + "'" : "The tensor";
            if (proto.DataType == 0)
                throw new InvalidDataException(what + " has no element type; the file is probably not an ONNX TensorProto.");
            if (!Enum.IsDefined(typeof(ElementType), proto.DataType))
                throw new InvalidDataException(what + " has unknown element type " + proto.DataType + ".");
            if (proto.Segment != null)
                throw new InvalidDataException(what + " is split into segments, which are not supported.");
            TensorData? data;
            try
            {
                data = TensorDecoder.Decode(proto, out string? error);
                if (data == null) throw new InvalidDataException(what + " cannot be decoded: " + error + ".");
            }
            catch (OverflowException)
            {
                throw new InvalidDataException(what + " has dims whose product overflows.");
            }
            return new TensorFileData(proto.Name, data.Type, data.Dims, data.Raw);
        }

        /// <summary>Serializes a tensor as a TensorProto with its elements in raw_data (4- and 2-bit types packed, as ONNX stores them).</summary>
        /// <exception cref="ArgumentException">The byte count does not match the dims and element type.</exception>
        public static byte[] Write(string name, ElementType type, long[] dims, byte[] raw)
        {
            if (name == null) throw new ArgumentNullException(nameof(name));
            if (dims == null) throw new ArgumentNullException(nameof(dims));
            if (raw == null) throw new ArgumentNullException(nameof(raw));
            int size = ElementTypes.SizeOf(type);
            if (size == 0 || type == ElementType.String)
                throw new ArgumentException("Element type " + ElementTypes.OnnxName(type) + " cannot be written as raw data.", nameof(type));
            if (dims.Any(d => d < 0)) throw new ArgumentException("Dims must not be negative.", nameof(dims));
            long count = dims.Aggregate(1L, (a, b) => checked(a * b));
            if (count * size != raw.Length)
                throw new ArgumentException("A " + ElementTypes.OnnxName(type) + " tensor of dims [" + string.Join(",", dims) + "] holds " +
                                            count * size + " bytes, but " + raw.Length + " were given.", nameof(raw));
            int bits = ElementTypes.PackedBits(type);
            var proto = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(bits < 8 ? TensorDecoder.Pack(raw, bits) : raw) };
            proto.Dims.Add(dims);
            return proto.ToByteArray();
        }
    }
}

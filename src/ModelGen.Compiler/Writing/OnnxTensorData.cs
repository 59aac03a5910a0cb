using ModelGen.Compiler.Ir;
using System;
using System.Collections.Generic;
using Google.Protobuf;
using ModelGen.Compiler.Reading.Proto;

namespace ModelGen.Compiler.Writing
{
    /// <summary>Builds <see cref="TensorProto"/> messages with little-endian <c>raw_data</c>.</summary>
    internal static class OnnxTensorData
    {
        public static TensorProto Float(string name, IReadOnlyList<int> dims, float[] data)
        {
            if (data is null) throw new ArgumentNullException(nameof(data));
            return Create(name, dims, ElementType.Float, data.Length, ToLittleEndian(data, sizeof(float)));
        }

        public static TensorProto Double(string name, IReadOnlyList<int> dims, double[] data)
        {
            if (data is null) throw new ArgumentNullException(nameof(data));
            return Create(name, dims, ElementType.Double, data.Length, ToLittleEndian(data, sizeof(double)));
        }

        public static TensorProto Int64(string name, IReadOnlyList<int> dims, long[] data)
        {
            if (data is null) throw new ArgumentNullException(nameof(data));
            return Create(name, dims, ElementType.Int64, data.Length, ToLittleEndian(data, sizeof(long)));
        }

        public static TensorProto Int32(string name, IReadOnlyList<int> dims, int[] data)
        {
            if (data is null) throw new ArgumentNullException(nameof(data));
            return Create(name, dims, ElementType.Int32, data.Length, ToLittleEndian(data, sizeof(int)));
        }

        public static TensorProto Bool(string name, IReadOnlyList<int> dims, bool[] data)
        {
            if (data is null) throw new ArgumentNullException(nameof(data));
            var bytes = new byte[data.Length];
            for (int i = 0; i < data.Length; i++) bytes[i] = data[i] ? (byte)1 : (byte)0;
            return Create(name, dims, ElementType.Bool, data.Length, bytes);
        }

        public static TensorProto Raw(string name, IReadOnlyList<int> dims, ElementType elementType, byte[] rawData)
        {
            if (rawData is null) throw new ArgumentNullException(nameof(rawData));
            if (elementType == ElementType.Undefined || elementType == ElementType.String)
                throw new ArgumentException("Raw data cannot hold elements of type " + elementType + ".", nameof(elementType));
            return Create(name, dims, elementType, count: -1, rawData);
        }

        private static TensorProto Create(string name, IReadOnlyList<int> dims, ElementType type, int count, byte[] raw)
        {
            if (name is null) throw new ArgumentNullException(nameof(name));
            if (dims is null) throw new ArgumentNullException(nameof(dims));
            long expected = 1;
            var tensor = new TensorProto { Name = name, DataType = (int)type };
            foreach (int d in dims)
            {
                if (d < 0) throw new ArgumentException("Tensor dimensions must not be negative.", nameof(dims));
                expected *= d;
                tensor.Dims.Add(d);
            }
            if (count >= 0 && expected != count)
                throw new ArgumentException(
                    "Tensor '" + name + "' has " + count + " elements but its dimensions [" + string.Join(",", dims) + "] need " + expected + ".",
                    nameof(dims));
            tensor.RawData = ByteString.CopyFrom(raw);
            return tensor;
        }

        private static byte[] ToLittleEndian(Array data, int elementSize)
        {
            var bytes = new byte[data.Length * elementSize];
            Buffer.BlockCopy(data, 0, bytes, 0, bytes.Length);
            if (!BitConverter.IsLittleEndian)
            {
                for (int i = 0; i < bytes.Length; i += elementSize)
                    Array.Reverse(bytes, i, elementSize);
            }
            return bytes;
        }
    }
}

using ModelGen.Tests.Infrastructure;
using System;
using System.IO;
using ModelGen.Cli;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Reading;
using ModelGen.Compiler.Reading.Proto;
using Google.Protobuf;
using Xunit;

namespace ModelGen.Tests.Cli
{
    public class TensorFileTests
    {
        [Fact]
        public void WriteThenRead_RoundTripsFloats()
        {
            var values = new[] { 1.5f, -2f, float.NaN, float.PositiveInfinity, 0f, 3.25f };
            var bytes = TensorFile.Write("t", ElementType.Float, new long[] { 2, 3 }, TinyModels.Bytes(values));
            var t = TensorFile.Read(bytes);
            Assert.Equal("t", t.Name);
            Assert.Equal(ElementType.Float, t.Type);
            Assert.Equal(new long[] { 2, 3 }, t.Dims);
            Assert.Equal(TinyModels.Bytes(values), t.Raw);
        }

        [Theory]
        [InlineData(ElementType.Int64, 8)]
        [InlineData(ElementType.Int32, 4)]
        [InlineData(ElementType.UInt8, 1)]
        [InlineData(ElementType.Bool, 1)]
        [InlineData(ElementType.Double, 8)]
        [InlineData(ElementType.Float16, 2)]
        public void WriteThenRead_RoundTripsOtherTypes(ElementType type, int size)
        {
            var raw = new byte[3 * size];
            for (int i = 0; i < raw.Length; i++) raw[i] = type == ElementType.Bool ? (byte)(i % 2) : (byte)(i * 7 + 1);
            var t = TensorFile.Read(TensorFile.Write("v", type, new long[] { 3 }, raw));
            Assert.Equal(type, t.Type);
            Assert.Equal(raw, t.Raw);
        }

        [Fact]
        public void Scalar_HasNoDims()
        {
            var t = TensorFile.Read(TensorFile.Write("s", ElementType.Float, Array.Empty<long>(), BitConverter.GetBytes(4f)));
            Assert.Empty(t.Dims);
            Assert.Equal(1, t.ElementCount);
        }

        [Fact]
        public void Read_TypedFields_AreConvertedToRawBytes()
        {
            var proto = new TensorProto { Name = "typed", DataType = (int)ElementType.Float };
            proto.Dims.Add(new long[] { 2 });
            proto.FloatData.Add(new[] { 0.5f, -1f });
            var t = TensorFile.Read(proto.ToByteArray());
            Assert.Equal(TinyModels.Bytes(new[] { 0.5f, -1f }), t.Raw);
        }

        [Fact]
        public void Read_TruncatedFile_ThrowsInvalidData()
        {
            var bytes = TensorFile.Write("t", ElementType.Float, new long[] { 10 }, new byte[40]);
            var e = Assert.Throws<InvalidDataException>(() => TensorFile.Read(bytes[..(bytes.Length - 5)]));
            Assert.False(string.IsNullOrWhiteSpace(e.Message));
        }

        [Fact]
        public void Read_WrongByteCount_ThrowsInvalidData()
        {
            var proto = new TensorProto { DataType = (int)ElementType.Float, RawData = ByteString.CopyFrom(new byte[12]) };
            proto.Dims.Add(new long[] { 4 });
            var e = Assert.Throws<InvalidDataException>(() => TensorFile.Read(proto.ToByteArray()));
            Assert.Contains("12", e.Message);
        }

        [Fact]
        public void Read_Garbage_ThrowsInvalidData()
        {
            Assert.Throws<InvalidDataException>(() => TensorFile.Read(new byte[] { 0xff, 0xff, 0xff, 0xff, 0xff }));
            Assert.Throws<InvalidDataException>(() => TensorFile.Read(Array.Empty<byte>()));
        }

        [Fact]
        public void Write_WrongByteCount_Throws()
        {
            Assert.Throws<ArgumentException>(() => TensorFile.Write("t", ElementType.Float, new long[] { 3 }, new byte[8]));
        }

        [SharedDataFact]
        public void Read_MnistInput()
        {
            var t = TensorFile.Read(File.ReadAllBytes(Path.Combine(SharedData.DataSet("mnist-8"), "input_0.pb")));
            Assert.Equal(ElementType.Float, t.Type);
            Assert.Equal(new long[] { 1, 1, 28, 28 }, t.Dims);
            Assert.Equal(28 * 28 * 4, t.Raw.Length);
        }

        [Fact]
        public void Comparer_NaNMatchesOnlyNaN()
        {
            var expected = TensorFile.Read(TensorFile.Write("e", ElementType.Float, new long[] { 3 }, TinyModels.Bytes(new[] { float.NaN, 1f, 2f })));
            var same = OutputComparer.Compare(ElementType.Float, new long[] { 3 }, TinyModels.Bytes(new[] { float.NaN, 1f, 2.0001f }), expected, 1e-3, 1e-5);
            Assert.True(same.Pass);
            var nan = OutputComparer.Compare(ElementType.Float, new long[] { 3 }, TinyModels.Bytes(new[] { float.NaN, float.NaN, 2f }), expected, 1e-3, 1e-5);
            Assert.False(nan.Pass);
            Assert.Equal(1, nan.NanMismatches);
            var shape = OutputComparer.Compare(ElementType.Float, new long[] { 1, 3 }, TinyModels.Bytes(new[] { float.NaN, 1f, 2f }), expected, 1e-3, 1e-5);
            Assert.False(shape.Pass);
        }
    }
}

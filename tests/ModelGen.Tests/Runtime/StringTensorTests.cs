using System;
using System.Text;
using Google.Protobuf;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Reading;
using ModelGen.Compiler.Reading.Proto;
using ModelGen.Runtime;
using Xunit;

namespace ModelGen.Tests.Runtime;

/// <summary>
/// The string-tensor byte encoding of the untyped API (per element a little-endian int32 UTF-8 length, then the
/// bytes): StringTensor's round trip, its exact layout, and the test-data reader (TensorProto.string_data) agreeing.
/// </summary>
public class StringTensorTests
{
    private static readonly string[] Samples = { "", "abc", "naïve", "日本語", "emoji 🙂", "a\0b" };

    [Fact]
    public void Encode_then_decode_gives_the_same_strings()
    {
        byte[] bytes = StringTensor.Encode(Samples);
        Assert.Equal(StringTensor.EncodedLength(Samples), bytes.Length);
        Assert.Equal(Samples, StringTensor.Decode(bytes, Samples.Length));
    }

    [Fact]
    public void Layout_is_length_prefixed_utf8()
    {
        byte[] bytes = StringTensor.Encode(new[] { "é", "" });
        // "é" is two UTF-8 bytes (C3 A9); "" is a zero length and nothing else.
        Assert.Equal(new byte[] { 2, 0, 0, 0, 0xC3, 0xA9, 0, 0, 0, 0 }, bytes);
    }

    [Fact]
    public void Decode_rejects_truncated_or_trailing_bytes()
    {
        byte[] bytes = StringTensor.Encode(new[] { "ab", "c" });
        Assert.Throws<ArgumentException>(() => StringTensor.Decode(bytes.AsSpan(0, bytes.Length - 1), 2));
        Assert.Throws<ArgumentException>(() => StringTensor.Decode(bytes, 1));
        Assert.Throws<ArgumentException>(() => StringTensor.Decode(bytes, 3));
    }

    [Fact]
    public void The_test_data_reader_writes_the_same_encoding()
    {
        var proto = new TensorProto { Name = "s", DataType = (int)ElementType.String };
        proto.Dims.Add(new long[] { 2, 3 });
        foreach (var s in Samples) proto.StringData.Add(ByteString.CopyFrom(Encoding.UTF8.GetBytes(s)));
        var read = TensorFile.Read(proto.ToByteArray());
        Assert.Equal(ElementType.String, read.Type);
        Assert.Equal(new long[] { 2, 3 }, read.Dims);
        Assert.Equal(StringTensor.Encode(Samples), read.Raw);
    }
}

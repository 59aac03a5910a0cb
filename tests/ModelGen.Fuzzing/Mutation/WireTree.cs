using System;
using System.Collections.Generic;
using System.IO;

namespace ModelGen.Fuzzing.Mutation
{
    /// <summary>The onnx.proto messages the mutators look inside; every other length-delimited field stays opaque bytes.</summary>
    public enum MessageKind { Model, Graph, Node, Attribute, Tensor, ValueInfo, Type, TensorType, Shape, Dim, OpsetId, StringEntry, Opaque }

    /// <summary>
    /// One field of a protobuf message as it sits on the wire: its number and wire type, and a varint/fixed value, raw
    /// bytes, or (for the onnx.proto message fields we know) a parsed child message. Google.Protobuf's classes would
    /// re-serialise only what they understand; this keeps unknown fields, field order and duplicates as they were, so a
    /// mutant differs from its seed only where a mutator touched it.
    /// </summary>
    public sealed class WireField
    {
        public WireField(int number, int wireType) { Number = number; WireType = wireType; }

        public int Number { get; set; }
        /// <summary>0 varint, 1 fixed64, 2 length-delimited, 5 fixed32.</summary>
        public int WireType { get; set; }
        /// <summary>The varint, or the fixed32/fixed64 bits.</summary>
        public ulong Scalar { get; set; }
        /// <summary>The payload of a length-delimited field that is not a parsed message.</summary>
        public byte[]? Bytes { get; set; }
        /// <summary>The parsed payload of a known message field.</summary>
        public WireMessage? Message { get; set; }

        public static WireField Varint(int number, long value) => new WireField(number, 0) { Scalar = unchecked((ulong)value) };
        public static WireField Text(int number, string value) => new WireField(number, 2) { Bytes = System.Text.Encoding.UTF8.GetBytes(value) };
        public static WireField Child(int number, WireMessage message) => new WireField(number, 2) { Message = message };

        public string? AsText() => Bytes == null ? null : System.Text.Encoding.UTF8.GetString(Bytes);

        public WireField Clone() => new WireField(Number, WireType)
        {
            Scalar = Scalar,
            Bytes = Bytes == null ? null : (byte[])Bytes.Clone(),
            Message = Message?.Clone(),
        };
    }

    /// <summary>A protobuf message as an ordered list of wire fields.</summary>
    public sealed class WireMessage
    {
        public WireMessage(MessageKind kind) { Kind = kind; }

        public MessageKind Kind { get; }
        public List<WireField> Fields { get; } = new List<WireField>();

        public WireMessage Add(WireField field) { Fields.Add(field); return this; }

        public WireMessage Clone()
        {
            var copy = new WireMessage(Kind);
            foreach (var f in Fields) copy.Fields.Add(f.Clone());
            return copy;
        }

        /// <summary>Parses <paramref name="bytes"/> as a message of <paramref name="kind"/>; null when the wire format is broken.</summary>
        public static WireMessage? Parse(byte[] bytes, MessageKind kind = MessageKind.Model) => Parse(bytes, 0, bytes.Length, kind, 0);

        private static WireMessage? Parse(byte[] b, int start, int end, MessageKind kind, int depth)
        {
            // Deeper than any real model: keep the rest opaque rather than recurse without bound.
            if (depth > 64) return null;
            var m = new WireMessage(kind);
            int p = start;
            while (p < end)
            {
                if (!TryVarint(b, ref p, end, out ulong tag)) return null;
                int number = (int)(tag >> 3), wire = (int)(tag & 7);
                if (number <= 0) return null;
                var f = new WireField(number, wire);
                switch (wire)
                {
                    case 0:
                        if (!TryVarint(b, ref p, end, out ulong v)) return null;
                        f.Scalar = v;
                        break;
                    case 1:
                        if (end - p < 8) return null;
                        f.Scalar = BitConverter.ToUInt64(b, p);
                        p += 8;
                        break;
                    case 5:
                        if (end - p < 4) return null;
                        f.Scalar = BitConverter.ToUInt32(b, p);
                        p += 4;
                        break;
                    case 2:
                        if (!TryVarint(b, ref p, end, out ulong len) || len > (ulong)(end - p)) return null;
                        var child = ChildKind(kind, number);
                        if (child != MessageKind.Opaque) f.Message = Parse(b, p, p + (int)len, child, depth + 1);
                        if (f.Message == null)
                        {
                            f.Bytes = new byte[len];
                            Array.Copy(b, p, f.Bytes, 0, (int)len);
                        }
                        p += (int)len;
                        break;
                    default:
                        return null;
                }
                m.Fields.Add(f);
            }
            return m;
        }

        /// <summary>Which onnx.proto message a length-delimited field holds (field numbers from onnx.proto).</summary>
        public static MessageKind ChildKind(MessageKind parent, int number) => (parent, number) switch
        {
            (MessageKind.Model, 7) => MessageKind.Graph,
            (MessageKind.Model, 8) => MessageKind.OpsetId,
            (MessageKind.Model, 14) => MessageKind.StringEntry,
            (MessageKind.Graph, 1) => MessageKind.Node,
            (MessageKind.Graph, 5) => MessageKind.Tensor,
            (MessageKind.Graph, 11) or (MessageKind.Graph, 12) or (MessageKind.Graph, 13) => MessageKind.ValueInfo,
            (MessageKind.Node, 5) => MessageKind.Attribute,
            (MessageKind.Attribute, 5) or (MessageKind.Attribute, 10) => MessageKind.Tensor,
            (MessageKind.Attribute, 6) or (MessageKind.Attribute, 11) => MessageKind.Graph,
            (MessageKind.Tensor, 13) => MessageKind.StringEntry,
            (MessageKind.ValueInfo, 2) => MessageKind.Type,
            (MessageKind.Type, 1) => MessageKind.TensorType,
            (MessageKind.TensorType, 2) => MessageKind.Shape,
            (MessageKind.Shape, 1) => MessageKind.Dim,
            _ => MessageKind.Opaque,
        };

        public byte[] ToBytes()
        {
            using var s = new MemoryStream();
            Write(s);
            return s.ToArray();
        }

        private void Write(Stream s)
        {
            foreach (var f in Fields)
            {
                WriteVarint(s, ((ulong)(uint)f.Number << 3) | (uint)f.WireType);
                switch (f.WireType)
                {
                    case 0: WriteVarint(s, f.Scalar); break;
                    case 1: s.Write(BitConverter.GetBytes(f.Scalar), 0, 8); break;
                    case 5: s.Write(BitConverter.GetBytes((uint)f.Scalar), 0, 4); break;
                    default:
                        var payload = f.Message != null ? f.Message.ToBytes() : f.Bytes ?? Array.Empty<byte>();
                        WriteVarint(s, (ulong)payload.Length);
                        s.Write(payload, 0, payload.Length);
                        break;
                }
            }
        }

        /// <summary>Every message in the tree, this one first, with its parent field (null for the root).</summary>
        public IEnumerable<(WireMessage Message, WireField? Parent)> Walk()
        {
            yield return (this, null);
            foreach (var f in Fields)
            {
                if (f.Message == null) continue;
                foreach (var inner in f.Message.Walk()) yield return inner.Parent == null ? (inner.Message, f) : inner;
            }
        }

        /// <summary>Every message of <paramref name="kind"/> in the tree.</summary>
        public List<WireMessage> All(MessageKind kind)
        {
            var list = new List<WireMessage>();
            foreach (var (m, _) in Walk()) if (m.Kind == kind) list.Add(m);
            return list;
        }

        public WireField? First(int number) => Fields.Find(f => f.Number == number);

        public string? TextOf(int number) => First(number)?.AsText();

        public static bool TryVarint(byte[] b, ref int p, int end, out ulong value)
        {
            value = 0;
            for (int shift = 0; shift < 64 && p < end; shift += 7)
            {
                byte x = b[p++];
                value |= (ulong)(x & 0x7F) << shift;
                if ((x & 0x80) == 0) return true;
            }
            return false;
        }

        public static void WriteVarint(Stream s, ulong v)
        {
            while (v >= 0x80)
            {
                s.WriteByte((byte)(v | 0x80));
                v >>= 7;
            }
            s.WriteByte((byte)v);
        }
    }
}

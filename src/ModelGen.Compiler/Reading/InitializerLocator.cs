using System.Collections.Generic;
using ModelGen.Compiler.Ir;

namespace ModelGen.Compiler.Reading
{
    /// <summary>
    /// Finds where each initializer's element bytes sit in the .onnx file, so generated code reads
    /// weights in place from the embedded file. Google.Protobuf does not expose offsets, so this
    /// walks the wire format itself: ModelProto.graph (field 7) → GraphProto.initializer (field 5)
    /// → TensorProto.raw_data (9), or a packed float_data (4) / double_data (10), whose bytes are
    /// the little-endian elements too. Initializers come back in file order, which is the order
    /// Google.Protobuf parses them into (repeated fields of merged messages append).
    /// </summary>
    internal static class InitializerLocator
    {
        public static List<InitializerLocation?> Locate(byte[] file) => LocateAll(file).Initializers;

        /// <summary>
        /// Initializer locations in file order, and the locations of tensor attributes of nodes
        /// (NodeProto = graph field 1, its attributes field 5, an attribute's name field 1 and tensor field 5),
        /// keyed by (node index, attribute name): large Constant values are read in place too.
        /// </summary>
        public static Locations LocateAll(byte[] file)
        {
            var result = new Locations();
            try
            {
                var model = new WireReader(file, 0, file.Length);
                int nodeIndex = 0;
                while (model.Next(out int field, out int wire, out long start, out long length))
                {
                    if (field != 7 || wire != 2) continue;
                    var graph = new WireReader(file, start, start + length);
                    while (graph.Next(out int gf, out int gw, out long gs, out long gl))
                    {
                        if (gf == 5 && gw == 2) result.Initializers.Add(LocateTensorBytes(file, gs, gl));
                        else if (gf == 1 && gw == 2) LocateNodeAttributes(file, gs, gl, nodeIndex++, result);
                    }
                }
            }
            catch (System.IndexOutOfRangeException)
            {
                // Malformed bytes: OnnxReader reports the file; no locations here.
            }
            return result;
        }

        private static void LocateNodeAttributes(byte[] file, long start, long length, int nodeIndex, Locations result)
        {
            var node = new WireReader(file, start, start + length);
            while (node.Next(out int f, out int w, out long s, out long l))
            {
                if (f != 5 || w != 2) continue;
                var attribute = new WireReader(file, s, s + l);
                string? name = null;
                InitializerLocation? tensor = null;
                while (attribute.Next(out int af, out int aw, out long ast, out long al))
                {
                    if (af == 1 && aw == 2) name = System.Text.Encoding.UTF8.GetString(file, (int)ast, (int)al);
                    else if (af == 5 && aw == 2) tensor = LocateTensorBytes(file, ast, al);
                }
                if (name != null && tensor != null) result.NodeTensors[(nodeIndex, name)] = tensor;
            }
        }

        /// <summary>What <see cref="LocateAll"/> found.</summary>
        public sealed class Locations
        {
            public List<InitializerLocation?> Initializers { get; } = new List<InitializerLocation?>();
            public Dictionary<(int Node, string Attribute), InitializerLocation> NodeTensors { get; } = new Dictionary<(int, string), InitializerLocation>();
        }

        private static InitializerLocation? LocateTensorBytes(byte[] file, long start, long length)
        {
            var tensor = new WireReader(file, start, start + length);
            InitializerLocation? found = null;
            int chunks = 0;
            while (tensor.Next(out int f, out int w, out long s, out long l))
            {
                if (w == 2 && (f == 9 || f == 4 || f == 10))
                {
                    found = new InitializerLocation(s, l);
                    chunks++;
                }
                else if (w != 2 && (f == 4 || f == 10))
                {
                    chunks += 2; // unpacked elements: not one contiguous run
                }
            }
            return chunks == 1 ? found : null;
        }

        /// <summary>Minimal protobuf wire reader over a byte range: yields (field, wire type, payload start, payload length).</summary>
        private struct WireReader
        {
            private readonly byte[] _b;
            private long _pos;
            private readonly long _end;

            public WireReader(byte[] b, long start, long end)
            {
                _b = b;
                _pos = start;
                _end = end;
            }

            public bool Next(out int field, out int wire, out long start, out long length)
            {
                field = 0; wire = 0; start = 0; length = 0;
                if (_pos >= _end) return false;
                ulong tag = Varint();
                field = (int)(tag >> 3);
                wire = (int)(tag & 7);
                switch (wire)
                {
                    case 0: start = _pos; Varint(); length = _pos - start; break;
                    case 1: start = _pos; length = 8; _pos += 8; break;
                    case 2: length = (long)Varint(); start = _pos; _pos += length; break;
                    case 5: start = _pos; length = 4; _pos += 4; break;
                    default: throw new System.IndexOutOfRangeException("unsupported wire type");
                }
                if (_pos > _end || length < 0) throw new System.IndexOutOfRangeException("field runs past its message");
                return true;
            }

            private ulong Varint()
            {
                ulong v = 0;
                for (int shift = 0; shift < 64; shift += 7)
                {
                    if (_pos >= _end) throw new System.IndexOutOfRangeException("truncated varint");
                    byte b = _b[_pos++];
                    v |= (ulong)(b & 0x7f) << shift;
                    if ((b & 0x80) == 0) return v;
                }
                throw new System.IndexOutOfRangeException("varint too long");
            }
        }
    }
}

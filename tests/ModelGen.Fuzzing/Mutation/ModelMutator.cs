using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using static ModelGen.Fuzzing.Mutation.OnnxFields;

namespace ModelGen.Fuzzing.Mutation
{
    /// <summary>One mutated model: its bytes, the mutator kind(s) that made it, and how (enough to read it without the bytes).</summary>
    public sealed record Mutant(byte[] Bytes, string Kind, string How);

    /// <summary>
    /// Structure-aware mutation of an .onnx file: the bytes are parsed into a <see cref="WireMessage"/> tree, one or two
    /// mutators change it, and it is written back. A mutant is a pure function of (seed bytes, campaign seed, index), so
    /// a failure is saved as that recipe and rebuilt on replay.
    /// </summary>
    public static class ModelMutator
    {
        /// <summary>The mutator kinds, in the order the campaign reports them.</summary>
        public static readonly string[] Kinds =
        {
            "bit-flip", "truncate", "delete-field", "duplicate-field", "wrong-dim", "wrong-dtype", "extreme-attribute",
            "out-of-range-attribute", "cycle", "dangling-input", "deep-nesting", "huge-shape", "external-data",
            "duplicate-output", "empty-name", "opset", "varint", "op-type",
        };

        private static readonly long[] InterestingInts =
        {
            0, -1, -2, 1, 2, 3, 99, -99, int.MaxValue, int.MinValue, uint.MaxValue, 1L << 40, -(1L << 40), long.MaxValue, long.MinValue,
        };

        private static readonly float[] InterestingFloats =
        {
            float.NaN, float.PositiveInfinity, float.NegativeInfinity, -0f, 0f, float.MaxValue, -float.MaxValue, float.Epsilon, 1e-30f, -1f,
        };

        private static readonly string[] EscapingLocations =
        {
            "../../etc/passwd", "/etc/passwd", "..\\..\\windows\\win.ini", "sub/../../../outside.bin", "C:\\weights.bin",
            "//server/share/w.bin", "weights.bin", "", "./../w.bin", "a\0b",
        };

        private static readonly string[] OpTypes =
        {
            "Add", "Conv", "Reshape", "If", "Loop", "Scan", "Gemm", "MatMul", "Concat", "Split", "Gather", "Transpose", "Slice",
            "Resize", "Pad", "Expand", "Where", "NoSuchOp", "", "Softmax", "TopK", "Cast", "ConstantOfShape", "Range", "Tile",
        };

        /// <summary>The mutant number <paramref name="index"/> of campaign seed <paramref name="seed"/> from <paramref name="seedModel"/>.</summary>
        public static Mutant Create(byte[] seedModel, int seed, int index)
        {
            var random = new Random(MixSeed(seed, index));
            var kinds = new List<string>();
            var hows = new List<string>();
            byte[] bytes = seedModel;
            // A quarter of the mutants stack two mutations: a broken field rarely hides another broken one.
            int steps = random.Next(4) == 0 ? 2 : 1;
            for (int s = 0; s < steps; s++)
            {
                string kind = Kinds[random.Next(Kinds.Length)];
                bytes = Apply(bytes, kind, random, out string how);
                kinds.Add(kind);
                hows.Add(kind + ": " + how);
            }
            return new Mutant(bytes, string.Join("+", kinds), string.Join("; ", hows));
        }

        /// <summary>A stable mix of the two numbers (System.Random's own seeding is stable across runs for a given int).</summary>
        public static int MixSeed(int seed, int index)
        {
            unchecked
            {
                ulong x = (ulong)(uint)seed * 0x9E3779B97F4A7C15UL ^ (ulong)(uint)index * 0xC2B2AE3D27D4EB4FUL;
                x ^= x >> 29;
                x *= 0xBF58476D1CE4E5B9UL;
                x ^= x >> 32;
                return (int)(x & 0x7FFFFFFF);
            }
        }

        private static byte[] Apply(byte[] bytes, string kind, Random r, out string how)
        {
            if (kind == "bit-flip" || bytes.Length < 4) return FlipBits(bytes, r, out how);
            if (kind == "truncate") return Truncate(bytes, r, out how);
            var model = WireMessage.Parse(bytes);
            if (model == null) return FlipBits(bytes, r, out how);
            string? done = kind switch
            {
                "delete-field" => DeleteField(model, r),
                "duplicate-field" => DuplicateField(model, r),
                "wrong-dim" => WrongDim(model, r),
                "wrong-dtype" => WrongDtype(model, r),
                "extreme-attribute" => ExtremeAttribute(model, r),
                "out-of-range-attribute" => OutOfRangeAttribute(model, r),
                "cycle" => Cycle(model, r),
                "dangling-input" => DanglingInput(model, r),
                "deep-nesting" => DeepNesting(model, r),
                "huge-shape" => HugeShape(model, r),
                "external-data" => ExternalData(model, r),
                "duplicate-output" => DuplicateOutput(model, r),
                "empty-name" => EmptyName(model, r),
                "opset" => Opset(model, r),
                "varint" => Varint(model, r),
                "op-type" => OpType(model, r),
                _ => throw new ArgumentException("unknown mutator " + kind),
            };
            // Not applicable to this seed (no attribute to change, say): a field deletion still makes a new model.
            how = done ?? "n/a, " + (DeleteField(model, r) ?? "nothing");
            return model.ToBytes();
        }

        private static byte[] FlipBits(byte[] seed, Random r, out string how)
        {
            var b = (byte[])seed.Clone();
            var at = new List<string>();
            int flips = r.Next(1, 5);
            for (int k = 0; k < flips && b.Length > 0; k++)
            {
                int p = r.Next(b.Length);
                byte mask = (byte)r.Next(1, 256);
                b[p] ^= mask;
                at.Add(p + "^" + mask);
            }
            how = "xor at " + string.Join(",", at);
            return b;
        }

        private static byte[] Truncate(byte[] seed, Random r, out string how)
        {
            int length = r.Next(0, seed.Length);
            how = "to " + length + " of " + seed.Length + " bytes";
            return seed.AsSpan(0, length).ToArray();
        }

        private static T Pick<T>(IReadOnlyList<T> list, Random r) => list[r.Next(list.Count)];

        private static string? DeleteField(WireMessage model, Random r)
        {
            var holders = model.Walk().Where(w => w.Message.Fields.Count > 0).ToList();
            var (m, _) = Pick(holders, r);
            int i = r.Next(m.Fields.Count);
            var f = m.Fields[i];
            m.Fields.RemoveAt(i);
            return m.Kind + "." + f.Number + "[" + i + "] removed";
        }

        private static string? DuplicateField(WireMessage model, Random r)
        {
            var holders = model.Walk().Where(w => w.Message.Fields.Count > 0).ToList();
            var (m, _) = Pick(holders, r);
            int i = r.Next(m.Fields.Count);
            m.Fields.Insert(i + 1, m.Fields[i].Clone());
            return m.Kind + "." + m.Fields[i].Number + "[" + i + "] duplicated";
        }

        private static string? WrongDim(WireMessage model, Random r)
        {
            // Tensor dims (varint or packed) and declared shape dims.
            var targets = new List<(WireMessage M, int Number)>();
            foreach (var t in model.All(MessageKind.Tensor)) if (t.First(TensorDims) != null) targets.Add((t, TensorDims));
            foreach (var d in model.All(MessageKind.Dim)) targets.Add((d, DimValue));
            if (targets.Count == 0) return null;
            var (m, number) = Pick(targets, r);
            long value = Pick(new long[] { 0, -1, -7, 1L << 40, 1L << 31, long.MaxValue, long.MinValue, 3, 1_000_000_007 }, r);
            SetOneInt(m, number, value, r, out string which);
            return m.Kind + " " + which + " = " + value;
        }

        /// <summary>Sets one element of a repeated or singular int field (either wire form) to <paramref name="value"/>.</summary>
        private static void SetOneInt(WireMessage m, int number, long value, Random r, out string which)
        {
            var fields = m.Fields.Where(f => f.Number == number).ToList();
            if (fields.Count == 0)
            {
                m.Fields.Add(WireField.Varint(number, value));
                which = number + " added";
                return;
            }
            var f = Pick(fields, r);
            if (f.WireType == 2 && f.Bytes != null)
            {
                var values = PackedVarints(f.Bytes);
                if (values.Count == 0) values.Add(value);
                int k = r.Next(values.Count);
                values[k] = value;
                f.Bytes = Pack(values);
                which = number + "[packed " + k + "]";
                return;
            }
            f.WireType = 0;
            f.Scalar = unchecked((ulong)value);
            which = number + "[" + fields.IndexOf(f) + "]";
        }

        private static List<long> PackedVarints(byte[] b)
        {
            var list = new List<long>();
            int p = 0;
            while (p < b.Length && WireMessage.TryVarint(b, ref p, b.Length, out ulong v)) list.Add(unchecked((long)v));
            return list;
        }

        private static byte[] Pack(List<long> values)
        {
            using var s = new MemoryStream();
            foreach (long v in values) WireMessage.WriteVarint(s, unchecked((ulong)v));
            return s.ToArray();
        }

        private static string? WrongDtype(WireMessage model, Random r)
        {
            var targets = new List<(WireMessage M, int Number)>();
            foreach (var t in model.All(MessageKind.Tensor)) targets.Add((t, TensorDataType));
            foreach (var t in model.All(MessageKind.TensorType)) targets.Add((t, TensorTypeElemType));
            if (targets.Count == 0) return null;
            var (m, number) = Pick(targets, r);
            // Out of range, undefined, string, and valid types that disagree with the data or the consumers.
            long value = r.Next(2) == 0 ? Pick(new long[] { 0, -1, 8, 17, 24, 25, 26, 99, 1 << 20, long.MaxValue }, r) : r.Next(1, 27);
            var f = m.First(number);
            if (f == null) m.Fields.Add(WireField.Varint(number, value));
            else { f.WireType = 0; f.Scalar = unchecked((ulong)value); }
            return m.Kind + "." + number + " = " + value;
        }

        private static string? ExtremeAttribute(WireMessage model, Random r)
        {
            var attributes = model.All(MessageKind.Attribute);
            if (attributes.Count == 0) return null;
            var a = Pick(attributes, r);
            string name = a.TextOf(AttrName) ?? "?";
            var f = a.Fields.Where(x => x.Number == AttrF || x.Number == AttrI || x.Number == AttrFloats || x.Number == AttrInts).ToList();
            if (f.Count == 0)
            {
                long v = Pick(InterestingInts, r);
                a.Fields.Add(WireField.Varint(AttrI, v));
                return "'" + name + "' gains i = " + v;
            }
            var field = Pick(f, r);
            if (field.Number == AttrI || field.Number == AttrInts)
            {
                long v = Pick(InterestingInts, r);
                SetOneInt(a, field.Number, v, r, out string which);
                return "'" + name + "' " + which + " = " + v;
            }
            float x = Pick(InterestingFloats, r);
            uint bits = BitConverter.SingleToUInt32Bits(x);
            if (field.WireType == 5) field.Scalar = bits;
            else if (field.Bytes != null && field.Bytes.Length >= 4)
            {
                int k = r.Next(field.Bytes.Length / 4);
                BitConverter.TryWriteBytes(field.Bytes.AsSpan(k * 4), bits);
            }
            return "'" + name + "' float = " + x.ToString(CultureInfo.InvariantCulture);
        }

        private static string? OutOfRangeAttribute(WireMessage model, Random r)
        {
            var nodes = model.All(MessageKind.Node);
            if (nodes.Count == 0) return null;
            var node = Pick(nodes, r);
            var attributes = node.Fields.Where(f => f.Number == NodeAttribute && f.Message != null).Select(f => f.Message!).ToList();
            string op = node.TextOf(NodeOpType) ?? "?";
            if (attributes.Count == 0 || r.Next(4) == 0)
            {
                // An attribute the op may take, with a value out of its range.
                string name = Pick(new[] { "axis", "axes", "perm", "group", "kernel_shape", "strides", "pads", "dilations", "keepdims", "to", "mode", "transB", "alpha", "blocksize", "k" }, r);
                long v = Pick(new long[] { 99, -99, 0, -1, 1L << 40 }, r);
                var added = new WireMessage(MessageKind.Attribute).Add(WireField.Text(AttrName, name)).Add(WireField.Varint(AttrI, v)).Add(WireField.Varint(AttrType, AttrTypeInt));
                node.Fields.Add(WireField.Child(NodeAttribute, added));
                return op + " gains " + name + " = " + v;
            }
            var a = Pick(attributes, r);
            string aname = a.TextOf(AttrName) ?? "?";
            if (aname == "perm" || a.First(AttrInts) != null)
            {
                // perm that is not a permutation, axes out of range, a list of the wrong length.
                a.Fields.RemoveAll(f => f.Number == AttrInts);
                var values = Pick(new[] { new long[] { 0, 0 }, new long[] { 99 }, new long[] { -99, 1 }, new long[] { 1, 2, 3, 4, 5, 6, 7, 8, 9 }, new long[0], new long[] { 0, 1, 1, 0 } }, r);
                foreach (long v in values) a.Fields.Add(WireField.Varint(AttrInts, v));
                return op + "." + aname + " = [" + string.Join(",", values) + "]";
            }
            if (a.First(AttrS) != null)
            {
                a.First(AttrS)!.Bytes = System.Text.Encoding.UTF8.GetBytes(Pick(new[] { "", "NOT_A_MODE", "\u00ff\u00fe", "constant\0" }, r));
                return op + "." + aname + " = odd string";
            }
            long iv = Pick(new long[] { 99, -99, 1L << 40, -1, 0 }, r);
            a.Fields.RemoveAll(f => f.Number == AttrI);
            a.Fields.Add(WireField.Varint(AttrI, iv));
            return op + "." + aname + " = " + iv;
        }

        private static List<WireMessage> NodesOf(WireMessage graph) =>
            graph.Fields.Where(f => f.Number == GraphNode && f.Message != null).Select(f => f.Message!).ToList();

        private static List<WireField> Names(WireMessage node, int number) => node.Fields.Where(f => f.Number == number && f.WireType == 2 && f.Bytes != null).ToList();

        /// <summary>A graph with at least one node, the main graph twice as likely as any body.</summary>
        private static WireMessage? SomeGraph(WireMessage model, Random r)
        {
            var graphs = model.All(MessageKind.Graph).Where(g => NodesOf(g).Count > 0).ToList();
            if (graphs.Count == 0) return null;
            return r.Next(2) == 0 ? graphs[0] : Pick(graphs, r);
        }

        private static string? Cycle(WireMessage model, Random r)
        {
            var graph = SomeGraph(model, r);
            if (graph == null) return null;
            var nodes = NodesOf(graph);
            // A later node's output renamed to an earlier node's input: that input now depends on what follows it.
            int j = r.Next(nodes.Count), i = r.Next(j + 1);
            var outputs = Names(nodes[j], NodeOutput);
            var inputs = Names(nodes[i], NodeInput).Where(f => f.Bytes!.Length > 0).ToList();
            if (outputs.Count == 0 || inputs.Count == 0) return null;
            var output = Pick(outputs, r);
            string was = output.AsText()!;
            output.Bytes = (byte[])Pick(inputs, r).Bytes!.Clone();
            return "node " + j + " output '" + was + "' renamed '" + output.AsText() + "', an input of node " + i;
        }

        private static string? DanglingInput(WireMessage model, Random r)
        {
            var graph = SomeGraph(model, r);
            if (graph == null) return null;
            var node = Pick(NodesOf(graph), r);
            var inputs = Names(node, NodeInput);
            string name = "dangling_" + r.Next(1000);
            if (inputs.Count == 0 || r.Next(3) == 0) node.Fields.Add(WireField.Text(NodeInput, name));
            else Pick(inputs, r).Bytes = System.Text.Encoding.UTF8.GetBytes(name);
            return (node.TextOf(NodeOpType) ?? "?") + " reads '" + name + "'";
        }

        private static string? DeepNesting(WireMessage model, Random r)
        {
            var graph = model.First(ModelGraph)?.Message;
            if (graph == null) return null;
            int depth = Pick(new[] { 2, 5, 16, 30, 31, 32, 33, 34, 50, 100, 200, 1000 }, r);
            var condition = new WireMessage(MessageKind.Tensor).Add(WireField.Varint(TensorDataType, 9)).Add(WireField.Varint(TensorInt32Data, 1));
            var constant = new WireMessage(MessageKind.Node).Add(WireField.Text(NodeOutput, "nest_cond")).Add(WireField.Text(NodeOpType, "Constant"))
                .Add(WireField.Child(NodeAttribute, new WireMessage(MessageKind.Attribute).Add(WireField.Text(AttrName, "value"))
                    .Add(WireField.Child(AttrT, condition)).Add(WireField.Varint(AttrType, AttrTypeTensor))));
            graph.Fields.Insert(0, WireField.Child(GraphNode, constant));
            graph.Fields.Add(WireField.Child(GraphNode, NestedIf(depth, "nest_out")));
            bool used = r.Next(2) == 0;
            if (used) graph.Fields.Add(WireField.Child(GraphOutput, FloatValueInfo("nest_out")));
            return depth + " Ifs deep" + (used ? ", a graph output" : ", unused");
        }

        /// <summary>An If whose branches hold an If whose branches... <paramref name="depth"/> deep, the innermost a Constant.</summary>
        private static WireMessage NestedIf(int depth, string output)
        {
            // Built from the inside out, so a depth of 1000 does not recurse here. Only then_branch nests: the else
            // branch is one Constant, so the model grows linearly with the depth.
            WireMessage inner = FloatConstant("nest_" + depth);
            for (int level = depth - 1; level >= 0; level--)
            {
                string inOut = "nest_" + (level + 1);
                string name = level == 0 ? output : "nest_" + level;
                var then = new WireMessage(MessageKind.Graph).Add(WireField.Child(GraphNode, inner)).Add(WireField.Text(GraphName, "then" + level))
                    .Add(WireField.Child(GraphOutput, FloatValueInfo(inOut)));
                var otherwise = new WireMessage(MessageKind.Graph).Add(WireField.Child(GraphNode, FloatConstant("else_" + level))).Add(WireField.Text(GraphName, "else" + level))
                    .Add(WireField.Child(GraphOutput, FloatValueInfo("else_" + level)));
                var node = new WireMessage(MessageKind.Node).Add(WireField.Text(NodeInput, "nest_cond")).Add(WireField.Text(NodeOutput, name)).Add(WireField.Text(NodeOpType, "If"));
                node.Add(WireField.Child(NodeAttribute, GraphAttribute("then_branch", then)));
                node.Add(WireField.Child(NodeAttribute, GraphAttribute("else_branch", otherwise)));
                inner = node;
            }
            return inner;
        }

        private static WireMessage GraphAttribute(string name, WireMessage graph) =>
            new WireMessage(MessageKind.Attribute).Add(WireField.Text(AttrName, name)).Add(WireField.Child(AttrG, graph)).Add(WireField.Varint(AttrType, AttrTypeGraph));

        private static WireMessage FloatConstant(string output) =>
            new WireMessage(MessageKind.Node).Add(WireField.Text(NodeOutput, output)).Add(WireField.Text(NodeOpType, "Constant"))
                .Add(WireField.Child(NodeAttribute, new WireMessage(MessageKind.Attribute).Add(WireField.Text(AttrName, "value_float"))
                    .Add(new WireField(AttrF, 5) { Scalar = BitConverter.SingleToUInt32Bits(1.5f) }).Add(WireField.Varint(AttrType, AttrTypeFloat))));

        private static WireMessage FloatValueInfo(string name) =>
            new WireMessage(MessageKind.ValueInfo).Add(WireField.Text(ValueInfoName, name))
                .Add(WireField.Child(ValueInfoType, new WireMessage(MessageKind.Type).Add(WireField.Child(TypeTensor,
                    new WireMessage(MessageKind.TensorType).Add(WireField.Varint(TensorTypeElemType, 1)).Add(WireField.Child(TensorTypeShape, new WireMessage(MessageKind.Shape)))))));

        private static string? HugeShape(WireMessage model, Random r)
        {
            var graph = model.First(ModelGraph)?.Message;
            if (graph == null) return null;
            long[] dims = Pick(new[] { new[] { 1_000_000L, 1_000_000L }, new[] { 1L << 20, 1L << 20, 1L << 20 }, new[] { 1L, 1_000_000_000_000L }, new[] { 1L << 31 }, new[] { 536_870_912L }, new[] { 400_000_000L } }, r);
            string shape = string.Join("x", dims);
            var inputs = graph.Fields.Where(f => (f.Number == GraphInput || f.Number == GraphOutput || f.Number == GraphValueInfo) && f.Message != null).ToList();
            var tensors = model.All(MessageKind.Tensor);
            if (inputs.Count > 0 && (tensors.Count == 0 || r.Next(2) == 0))
            {
                var vi = Pick(inputs, r).Message!;
                var tensorType = vi.All(MessageKind.TensorType).FirstOrDefault();
                if (tensorType == null) return null;
                var s = new WireMessage(MessageKind.Shape);
                foreach (long d in dims) s.Add(WireField.Child(ShapeDim, new WireMessage(MessageKind.Dim).Add(WireField.Varint(DimValue, d))));
                tensorType.Fields.RemoveAll(f => f.Number == TensorTypeShape);
                tensorType.Fields.Add(WireField.Child(TensorTypeShape, s));
                return "'" + vi.TextOf(ValueInfoName) + "' declared " + shape;
            }
            if (tensors.Count == 0) return null;
            // An initializer or Constant tensor that claims 10^12 elements (its data is left as it was).
            var t = Pick(tensors, r);
            t.Fields.RemoveAll(f => f.Number == TensorDims);
            foreach (long d in dims) t.Fields.Add(WireField.Varint(TensorDims, d));
            return "tensor '" + t.TextOf(TensorName) + "' dims " + shape;
        }

        private static string? ExternalData(WireMessage model, Random r)
        {
            var tensors = model.All(MessageKind.Tensor);
            if (tensors.Count == 0) return null;
            var t = Pick(tensors, r);
            string location = Pick(EscapingLocations, r);
            t.Fields.RemoveAll(f => f.Number is TensorRawData or TensorFloatData or TensorInt32Data or TensorInt64Data or TensorDoubleData or TensorUint64Data or TensorExternalData or TensorDataLocation);
            t.Fields.Add(WireField.Child(TensorExternalData, new WireMessage(MessageKind.StringEntry).Add(WireField.Text(EntryKey, "location")).Add(WireField.Text(EntryValue, location))));
            if (r.Next(2) == 0)
            {
                t.Fields.Add(WireField.Child(TensorExternalData, new WireMessage(MessageKind.StringEntry).Add(WireField.Text(EntryKey, "offset")).Add(WireField.Text(EntryValue, Pick(new[] { "-1", "99999999999999", "x", "0" }, r)))));
                t.Fields.Add(WireField.Child(TensorExternalData, new WireMessage(MessageKind.StringEntry).Add(WireField.Text(EntryKey, "length")).Add(WireField.Text(EntryValue, Pick(new[] { "-5", "18446744073709551615", "4" }, r)))));
            }
            t.Fields.Add(WireField.Varint(TensorDataLocation, r.Next(5) == 0 ? 7 : 1));
            return "tensor '" + t.TextOf(TensorName) + "' external at '" + location + "'";
        }

        private static string? DuplicateOutput(WireMessage model, Random r)
        {
            var graph = SomeGraph(model, r);
            if (graph == null) return null;
            var outputs = NodesOf(graph).SelectMany(n => Names(n, NodeOutput)).ToList();
            if (r.Next(3) == 0 || outputs.Count < 2)
            {
                var graphOutputs = graph.Fields.Where(f => f.Number == GraphOutput).ToList();
                if (graphOutputs.Count == 0) return null;
                var g = Pick(graphOutputs, r);
                graph.Fields.Add(g.Clone());
                return "graph output '" + g.Message?.TextOf(ValueInfoName) + "' listed twice";
            }
            var a = Pick(outputs, r);
            var b = Pick(outputs, r);
            if (ReferenceEquals(a, b)) return null;
            string was = b.AsText()!;
            b.Bytes = (byte[])a.Bytes!.Clone();
            return "output '" + was + "' renamed '" + a.AsText() + "'";
        }

        private static string? EmptyName(WireMessage model, Random r)
        {
            var names = new List<WireField>();
            foreach (var n in model.All(MessageKind.Node)) { names.AddRange(Names(n, NodeInput)); names.AddRange(Names(n, NodeOutput)); }
            foreach (var v in model.All(MessageKind.ValueInfo)) if (v.First(ValueInfoName) is { } f) names.Add(f);
            foreach (var t in model.All(MessageKind.Tensor)) if (t.First(TensorName) is { } f) names.Add(f);
            if (names.Count == 0) return null;
            var target = Pick(names, r);
            string was = target.AsText() ?? "";
            target.Bytes = System.Text.Encoding.UTF8.GetBytes(Pick(new[] { "", " ", "\0", "a.b-c", "1x", "class", "@y", "\u00e9\u4e2d" }, r));
            return "'" + was + "' renamed '" + target.AsText() + "'";
        }

        private static string? Opset(WireMessage model, Random r)
        {
            var opsets = model.Fields.Where(f => f.Number == ModelOpsetImport).ToList();
            switch (r.Next(5))
            {
                case 0:
                    model.Fields.RemoveAll(f => f.Number == ModelOpsetImport);
                    return "opset_import removed";
                case 1:
                case 2:
                    long v = Pick(new long[] { 9999, 0, -1, 1, 6, 7, 22, 23, 24, long.MaxValue }, r);
                    if (opsets.Count == 0) model.Fields.Add(WireField.Child(ModelOpsetImport, new WireMessage(MessageKind.OpsetId).Add(WireField.Varint(OpsetVersion, v))));
                    else
                    {
                        var o = Pick(opsets, r).Message;
                        if (o == null) return null;
                        o.Fields.RemoveAll(f => f.Number == OpsetVersion);
                        o.Fields.Add(WireField.Varint(OpsetVersion, v));
                    }
                    return "opset version " + v;
                case 3:
                    model.Fields.Add(WireField.Child(ModelOpsetImport, new WireMessage(MessageKind.OpsetId).Add(WireField.Text(OpsetDomain, "")).Add(WireField.Varint(OpsetVersion, Pick(new long[] { 1, 9999, 13 }, r)))));
                    return "a second default-domain opset_import";
                default:
                    long ir = Pick(new long[] { 0, -1, 1, 3, 99, long.MaxValue }, r);
                    model.Fields.RemoveAll(f => f.Number == ModelIrVersion);
                    model.Fields.Add(WireField.Varint(ModelIrVersion, ir));
                    return "ir_version " + ir;
            }
        }

        private static string? Varint(WireMessage model, Random r)
        {
            var varints = new List<(WireMessage M, WireField F)>();
            foreach (var (m, _) in model.Walk()) foreach (var f in m.Fields) if (f.WireType == 0) varints.Add((m, f));
            if (varints.Count == 0) return null;
            var (owner, field) = Pick(varints, r);
            long v = Pick(InterestingInts, r);
            field.Scalar = unchecked((ulong)v);
            return owner.Kind + "." + field.Number + " = " + v;
        }

        private static string? OpType(WireMessage model, Random r)
        {
            var nodes = model.All(MessageKind.Node);
            if (nodes.Count == 0) return null;
            var node = Pick(nodes, r);
            string was = node.TextOf(NodeOpType) ?? "";
            string op = Pick(OpTypes, r);
            node.Fields.RemoveAll(f => f.Number == NodeOpType);
            node.Fields.Add(WireField.Text(NodeOpType, op));
            return "'" + was + "' became '" + op + "'";
        }
    }
}

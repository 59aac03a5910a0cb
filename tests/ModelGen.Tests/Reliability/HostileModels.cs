using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Google.Protobuf;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Reading.Proto;
using ModelGen.Compiler.Writing;

namespace ModelGen.Tests.Reliability
{
    /// <summary>The hostile models of <see cref="HostileInputTests"/>: each as small as the case allows.</summary>
    internal static class HostileModels
    {
        /// <summary>10^12 elements: over int's 2^31-1 by far, and 4 TB of floats if anything tried to allocate it.</summary>
        public const long Huge = 1_000_000;

        /// <summary>x float[N,4] · w[4,3] + b, Relu: the symbolic model of the run-time rows.</summary>
        public static byte[] Symbolic() => Generator.GenModels.TinyNet("N");

        /// <summary>The same model with fixed rows.</summary>
        public static byte[] Static() => Generator.GenModels.TinyNet(2);

        /// <summary>x float[a,b,c,d] → Relu: four symbolic dims whose product can wrap a long to exactly 0 (65536^4 = 2^64).</summary>
        public static byte[] FourDims() =>
            new OnnxModelBuilder("four", opset: 13)
                .Input("x", ElementType.Float, new object[] { "a", "b", "c", "d" })
                .Node("Relu", new[] { "x" }, new[] { "y" }, name: "relu")
                .Output("y", ElementType.Float, new object[] { "a", "b", "c", "d" })
                .ToBytes();

        /// <summary>col float[N,1] · row float[1,N] = [N,N], reduced back to [N]: small inputs, an intermediate of N^2 elements.</summary>
        public static byte[] Outer() =>
            new OnnxModelBuilder("outer", opset: 13)
                .Input("col", ElementType.Float, new object[] { "N", 1 })
                .Input("row", ElementType.Float, new object[] { 1, "N" })
                .Initializer("axes", new[] { 1 }, new long[] { 1 })
                .Node("MatMul", new[] { "col", "row" }, new[] { "square" }, name: "outer")
                .Node("Relu", new[] { "square" }, new[] { "r" }, name: "relu")
                .Node("ReduceSum", new[] { "r", "axes" }, new[] { "y" }, name: "sum", attributes: a => a.Int("keepdims", 0))
                .Output("y", ElementType.Float, new object[] { "N" })
                .ToBytes();

        /// <summary>
        /// x float[rows,cols] through the ops whose NaN and Inf handling differs between implementations (max-like
        /// comparisons, exponentials, saturations), each an output. cols 64 takes the vector paths, cols 3 the scalar tails.
        /// </summary>
        public static byte[] NanInf(int rows, int cols)
        {
            var weights = Enumerable.Range(0, cols * 5).Select(i => (i % 7 - 3) * 0.25f).ToArray();
            return new OnnxModelBuilder("naninf", opset: 13)
                .Input("x", ElementType.Float, new object[] { rows, cols })
                .Initializer("w", new[] { cols, 5 }, weights)
                .Initializer("lo", new int[0], new[] { -1f })
                .Initializer("hi", new int[0], new[] { 1f })
                .Initializer("zero", new[] { cols }, new float[cols])
                .Initializer("pool_shape", new[] { 4 }, new long[] { 1, rows, 1, cols })
                .Node("Relu", new[] { "x" }, new[] { "relu" })
                .Node("Sigmoid", new[] { "x" }, new[] { "sigmoid" })
                .Node("Tanh", new[] { "x" }, new[] { "tanh" })
                .Node("Exp", new[] { "x" }, new[] { "exp" })
                .Node("Abs", new[] { "x" }, new[] { "abs" })
                .Node("Softmax", new[] { "x" }, new[] { "softmax" }, attributes: a => a.Int("axis", -1))
                .Node("ReduceMax", new[] { "x" }, new[] { "reducemax" }, attributes: a => a.Ints("axes", 1).Int("keepdims", 0))
                .Node("ReduceMin", new[] { "x" }, new[] { "reducemin" }, attributes: a => a.Ints("axes", 1).Int("keepdims", 0))
                .Node("ReduceSum", new[] { "x", "" }, new[] { "reducesum" }, attributes: a => a.Int("keepdims", 0))
                .Node("Max", new[] { "x", "zero" }, new[] { "max" })
                .Node("Min", new[] { "x", "zero" }, new[] { "min" })
                .Node("Clip", new[] { "x", "lo", "hi" }, new[] { "clip" })
                .Node("MatMul", new[] { "x", "w" }, new[] { "matmul" })
                .Node("Reshape", new[] { "x", "pool_shape" }, new[] { "x4" })
                .Node("MaxPool", new[] { "x4" }, new[] { "maxpool" }, attributes: a => a.Ints("kernel_shape", 1, 2).Ints("strides", 1, 1))
                .Node("ArgMax", new[] { "x" }, new[] { "argmax" }, attributes: a => a.Int("axis", 1).Int("keepdims", 0))
                .Output("relu", ElementType.Float, null).Output("sigmoid", ElementType.Float, null).Output("tanh", ElementType.Float, null)
                .Output("exp", ElementType.Float, null).Output("abs", ElementType.Float, null).Output("softmax", ElementType.Float, null)
                .Output("reducemax", ElementType.Float, null).Output("reducemin", ElementType.Float, null).Output("reducesum", ElementType.Float, null)
                .Output("max", ElementType.Float, null).Output("min", ElementType.Float, null).Output("clip", ElementType.Float, null)
                .Output("matmul", ElementType.Float, null).Output("maxpool", ElementType.Float, null).Output("argmax", ElementType.Int64, null)
                .ToBytes();
        }

        /// <summary>
        /// Rows of NaN and ±Inf in every position a kernel treats differently: first, middle, last element, a row of
        /// only NaN, a row of +Inf and -Inf together, and a clean row; the first and last rows are clean.
        /// </summary>
        public static float[] NanInfInput(int rows, int cols)
        {
            var x = new float[rows * cols];
            for (int i = 0; i < x.Length; i++) x[i] = (i % 11 - 5) * 0.5f;
            void Set(int r, int c, float v) { if (r < rows && c < cols) x[r * cols + c] = v; }
            Set(1, 0, float.NaN);
            Set(2, cols / 2, float.NaN);
            Set(3, cols - 1, float.NaN);
            for (int c = 0; c < cols; c++) Set(4, c, float.NaN);
            Set(5, 0, float.PositiveInfinity);
            Set(5, cols - 1, float.NegativeInfinity);
            Set(6, cols / 2, float.PositiveInfinity);
            Set(7, cols - 1, float.NegativeInfinity);
            Set(8, 0, float.NaN);
            Set(8, cols - 1, float.PositiveInfinity);
            return x;
        }

        /// <summary>The tiny model with initializer 'w' kept in an external file, with the given entries.</summary>
        public static byte[] ExternalWeights(string location, string offset = "0", string? length = null) =>
            Diagnostics.DiagnosticRun.Patch(Generator.GenModels.TinyNet(1), m =>
            {
                var w = m.Graph.Initializer.Single(t => t.Name == "w");
                w.RawData = ByteString.Empty;
                w.DataLocation = TensorProto.Types.DataLocation.External;
                w.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = location });
                w.ExternalData.Add(new StringStringEntryProto { Key = "offset", Value = offset });
                w.ExternalData.Add(new StringStringEntryProto { Key = "length", Value = length ?? WeightBytes.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            });

        /// <summary>The bytes of the tiny model's 'w', as an external-data file holds them.</summary>
        public static byte[] WeightBytes
        {
            get
            {
                var raw = new byte[Generator.GenModels.W.Length * 4];
                Buffer.BlockCopy(Generator.GenModels.W, 0, raw, 0, raw.Length);
                return raw;
            }
        }

        /// <summary>
        /// A ModelProto whose graph input's type is sequence_type of sequence_type ... <paramref name="depth"/> times
        /// (2 messages a level), written straight as wire bytes: outside in, each header knowing its content's length.
        /// </summary>
        public static byte[] NestedSequenceTypes(int depth)
        {
            // Innermost: TypeProto { tensor_type (1) { elem_type (1) = FLOAT } }.
            var core = new byte[] { 0x0A, 0x02, 0x08, 0x01 };
            // Level i (outermost first) wraps: TypeProto.sequence_type (4) { Sequence.elem_type (1) { TypeProto ... } }.
            var lengths = new long[depth + 1];
            lengths[depth] = core.Length; // a TypeProto's length at this depth
            for (int i = depth - 1; i >= 0; i--)
            {
                long elem = 1 + VarintSize(lengths[i + 1]) + lengths[i + 1]; // Sequence { elem_type }
                lengths[i] = 1 + VarintSize(elem) + elem;                    // TypeProto { sequence_type }
            }
            var type = new MemoryStream();
            for (int i = 0; i < depth; i++)
            {
                long elem = 1 + VarintSize(lengths[i + 1]) + lengths[i + 1];
                type.WriteByte(0x22); Varint(type, elem);             // sequence_type = 4, length-delimited
                type.WriteByte(0x0A); Varint(type, lengths[i + 1]);   // elem_type = 1, length-delimited
            }
            type.Write(core, 0, core.Length);
            byte[] typeBytes = type.ToArray();
            var valueInfo = Message(Field(1, new byte[] { (byte)'x' }), Field(2, typeBytes)); // ValueInfoProto { name, type }
            var graph = Message(Field(11, valueInfo));                                   // GraphProto.input = 11
            var model = new MemoryStream();
            model.Write(new byte[] { 0x08, 0x08 }, 0, 2);                                // ir_version = 8
            var opsetImport = new MemoryStream();
            opsetImport.Write(new byte[] { 0x10, 0x0D }, 0, 2);                          // OperatorSetIdProto.version (2) = 13
            var field8 = Field(8, opsetImport.ToArray());                               // ModelProto.opset_import = 8
            model.Write(field8, 0, field8.Length);
            var field7 = Field(7, graph);                                                // ModelProto.graph = 7
            model.Write(field7, 0, field7.Length);
            return model.ToArray();
        }

        /// <summary>x float[1] → If(cond) whose then-branch is another If ... <paramref name="depth"/> deep, each branch an Identity.</summary>
        public static byte[] IfChain(int depth)
        {
            GraphProto Branch(int level)
            {
                var g = new GraphProto { Name = "b" + level };
                g.Output.Add(new ValueInfoProto { Name = "o" + level, Type = FloatType() });
                if (level == depth)
                {
                    g.Node.Add(new NodeProto { OpType = "Identity", Input = { "x" }, Output = { "o" + level } });
                    return g;
                }
                var node = new NodeProto { OpType = "If", Input = { "cond" }, Output = { "o" + level } };
                node.Attribute.Add(new AttributeProto { Name = "then_branch", Type = AttributeProto.Types.AttributeType.Graph, G = Branch(level + 1) });
                var other = new GraphProto { Name = "e" + level };
                other.Output.Add(new ValueInfoProto { Name = "n" + level, Type = FloatType() });
                other.Node.Add(new NodeProto { OpType = "Neg", Input = { "x" }, Output = { "n" + level } });
                node.Attribute.Add(new AttributeProto { Name = "else_branch", Type = AttributeProto.Types.AttributeType.Graph, G = other });
                g.Node.Add(node);
                return g;
            }
            var top = Branch(0);
            top.Name = "chain";
            top.Input.Add(new ValueInfoProto { Name = "x", Type = FloatType() });
            top.Input.Add(new ValueInfoProto { Name = "cond", Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)ElementType.Bool, Shape = new TensorShapeProto() } } });
            var model = new ModelProto { IrVersion = 8, Graph = top };
            model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = 13 });
            return model.ToByteArray();
        }

        private static TypeProto FloatType()
        {
            var shape = new TensorShapeProto();
            shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = 1 });
            return new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)ElementType.Float, Shape = shape } };
        }

        private static byte[] Field(int number, byte[] content)
        {
            var s = new MemoryStream();
            Varint(s, (number << 3) | 2);
            Varint(s, content.Length);
            s.Write(content, 0, content.Length);
            return s.ToArray();
        }

        private static byte[] Message(params byte[][] fields) => fields.SelectMany(f => f).ToArray();

        private static int VarintSize(long v)
        {
            int n = 1;
            while (v >= 0x80) { v >>= 7; n++; }
            return n;
        }

        private static void Varint(Stream s, long v)
        {
            while (v >= 0x80) { s.WriteByte((byte)(v | 0x80)); v >>= 7; }
            s.WriteByte((byte)v);
        }
    }
}

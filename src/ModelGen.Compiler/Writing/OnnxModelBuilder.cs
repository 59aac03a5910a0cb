using ModelGen.Compiler.Ir;
using System;
using System.Collections.Generic;
using System.IO;
using Google.Protobuf;
using ModelGen.Compiler.Reading.Proto;

namespace ModelGen.Compiler.Writing
{
    /// <summary>
    /// A small fluent builder that writes the bytes of an ONNX model without exposing protobuf types.
    /// </summary>
    /// <remarks>
    /// <para>
    /// The builder writes exactly what it is told, in the order it is told: graph inputs, outputs,
    /// initializers, nodes and attributes keep their call order, and the same calls always give the
    /// same bytes. It checks its arguments but not the graph, so tests can also build malformed models.
    /// </para>
    /// <para>
    /// Shapes are given as lists whose items are <see cref="int"/> or <see cref="long"/> (a fixed size),
    /// <see cref="string"/> (a symbolic dimension such as <c>"batch"</c>) or <c>null</c> (an unknown dimension).
    /// A <c>null</c> shape leaves the rank unknown; an empty shape means a scalar.
    /// </para>
    /// </remarks>
    /// <example>
    /// <code>
    /// var b = new OnnxModelBuilder("tiny", opset: 13);
    /// b.Input("x", ElementType.Float, new object[] { "batch", 4 })
    ///  .Initializer("w", new[] { 2, 4 }, new float[8])
    ///  .Node("Gemm", new[] { "x", "w" }, new[] { "y" }, attributes: a => a.Int("transB", 1))
    ///  .Output("y", ElementType.Float, new object[] { "batch", 2 });
    /// byte[] onnx = b.ToBytes();
    /// </code>
    /// </example>
    public sealed class OnnxModelBuilder
    {
        /// <summary>The ONNX domain name of the default operator set (<c>ai.onnx</c>), which is written as the empty string.</summary>
        public const string DefaultDomain = "";

        private readonly ModelProto _model;
        private readonly GraphProto _graph;

        /// <summary>Starts a model with one graph and an import of the default (<c>ai.onnx</c>) operator set.</summary>
        /// <param name="graphName">The graph's name.</param>
        /// <param name="opset">The version of the default operator set to import.</param>
        /// <param name="irVersion">The ONNX IR version written into the model (8 by default, which every opset up to 18 accepts).</param>
        public OnnxModelBuilder(string graphName = "graph", long opset = 13, long irVersion = 8)
        {
            if (graphName is null) throw new ArgumentNullException(nameof(graphName));
            _graph = new GraphProto { Name = graphName };
            _model = new ModelProto
            {
                IrVersion = irVersion,
                ProducerName = "ModelGen",
                Graph = _graph,
            };
            _model.OpsetImport.Add(new OperatorSetIdProto { Domain = DefaultDomain, Version = opset });
        }

        /// <summary>Sets the producer name and version written into the model (<c>"ModelGen"</c> and empty by default).</summary>
        public OnnxModelBuilder Producer(string name, string version = "")
        {
            _model.ProducerName = name ?? throw new ArgumentNullException(nameof(name));
            _model.ProducerVersion = version ?? throw new ArgumentNullException(nameof(version));
            return this;
        }

        /// <summary>Sets the model's version number (<c>model_version</c>).</summary>
        public OnnxModelBuilder ModelVersion(long version)
        {
            _model.ModelVersion = version;
            return this;
        }

        /// <summary>Sets the documentation string of the model and of its graph.</summary>
        public OnnxModelBuilder DocString(string text)
        {
            if (text is null) throw new ArgumentNullException(nameof(text));
            _model.DocString = text;
            _graph.DocString = text;
            return this;
        }

        /// <summary>Adds a key/value pair to the model's <c>metadata_props</c>.</summary>
        public OnnxModelBuilder Metadata(string key, string value)
        {
            _model.MetadataProps.Add(new StringStringEntryProto
            {
                Key = key ?? throw new ArgumentNullException(nameof(key)),
                Value = value ?? throw new ArgumentNullException(nameof(value)),
            });
            return this;
        }

        /// <summary>
        /// Imports an operator set. If <paramref name="domain"/> is already imported its version is replaced,
        /// so this also changes the default opset when <paramref name="domain"/> is <see cref="DefaultDomain"/> or <c>"ai.onnx"</c>.
        /// </summary>
        public OnnxModelBuilder OpsetImport(string domain, long version)
        {
            if (domain is null) throw new ArgumentNullException(nameof(domain));
            if (domain == "ai.onnx") domain = DefaultDomain;
            foreach (var existing in _model.OpsetImport)
            {
                if (existing.Domain == domain)
                {
                    existing.Version = version;
                    return this;
                }
            }
            _model.OpsetImport.Add(new OperatorSetIdProto { Domain = domain, Version = version });
            return this;
        }

        /// <summary>Declares a graph input of tensor type.</summary>
        /// <param name="name">The input's name.</param>
        /// <param name="elementType">The element type.</param>
        /// <param name="shape">The dimensions (see the class remarks), or <c>null</c> for an unknown rank.</param>
        public OnnxModelBuilder Input(string name, ElementType elementType, IReadOnlyList<object?>? shape = null)
        {
            _graph.Input.Add(TensorValueInfo(name, elementType, shape));
            return this;
        }

        /// <summary>Declares a graph output of tensor type.</summary>
        /// <param name="name">The output's name.</param>
        /// <param name="elementType">The element type.</param>
        /// <param name="shape">The dimensions (see the class remarks), or <c>null</c> for an unknown rank.</param>
        public OnnxModelBuilder Output(string name, ElementType elementType, IReadOnlyList<object?>? shape = null)
        {
            _graph.Output.Add(TensorValueInfo(name, elementType, shape));
            return this;
        }

        /// <summary>Declares a graph output by name only, with no type or shape.</summary>
        public OnnxModelBuilder Output(string name)
        {
            _graph.Output.Add(new ValueInfoProto { Name = name ?? throw new ArgumentNullException(nameof(name)) });
            return this;
        }

        /// <summary>Records the type and shape of an intermediate value in the graph's <c>value_info</c>.</summary>
        public OnnxModelBuilder ValueInfo(string name, ElementType elementType, IReadOnlyList<object?>? shape = null)
        {
            _graph.ValueInfo.Add(TensorValueInfo(name, elementType, shape));
            return this;
        }

        /// <summary>Adds a FLOAT initializer; <paramref name="data"/> is in row-major order and must match <paramref name="dims"/>.</summary>
        public OnnxModelBuilder Initializer(string name, int[] dims, float[] data)
        {
            _graph.Initializer.Add(OnnxTensorData.Float(name, dims, data));
            return this;
        }

        /// <summary>Adds a DOUBLE initializer.</summary>
        public OnnxModelBuilder Initializer(string name, int[] dims, double[] data)
        {
            _graph.Initializer.Add(OnnxTensorData.Double(name, dims, data));
            return this;
        }

        /// <summary>Adds an INT64 initializer (for example the shape input of Reshape).</summary>
        public OnnxModelBuilder Initializer(string name, int[] dims, long[] data)
        {
            _graph.Initializer.Add(OnnxTensorData.Int64(name, dims, data));
            return this;
        }

        /// <summary>Adds an INT32 initializer.</summary>
        public OnnxModelBuilder Initializer(string name, int[] dims, int[] data)
        {
            _graph.Initializer.Add(OnnxTensorData.Int32(name, dims, data));
            return this;
        }

        /// <summary>Adds a BOOL initializer.</summary>
        public OnnxModelBuilder Initializer(string name, int[] dims, bool[] data)
        {
            _graph.Initializer.Add(OnnxTensorData.Bool(name, dims, data));
            return this;
        }

        /// <summary>
        /// Adds an initializer of any fixed-size element type from its little-endian <c>raw_data</c> bytes.
        /// The byte count is not checked against <paramref name="dims"/>, so tests can write inconsistent tensors.
        /// </summary>
        public OnnxModelBuilder Initializer(string name, ElementType elementType, int[] dims, byte[] rawData)
        {
            _graph.Initializer.Add(OnnxTensorData.Raw(name, dims, elementType, rawData));
            return this;
        }

        /// <summary>Adds a node to the graph. Nodes are written in call order, which should be a topological order.</summary>
        /// <param name="opType">The operator, for example <c>"Conv"</c>.</param>
        /// <param name="inputs">Input value names; an empty string marks an omitted optional input.</param>
        /// <param name="outputs">Output value names.</param>
        /// <param name="name">The node's name, or <c>null</c> for none.</param>
        /// <param name="attributes">Adds the node's attributes, or <c>null</c> for none.</param>
        /// <param name="domain">The operator's domain, or <c>null</c> for the default (<c>ai.onnx</c>) domain.</param>
        public OnnxModelBuilder Node(
            string opType,
            IReadOnlyList<string> inputs,
            IReadOnlyList<string> outputs,
            string? name = null,
            Action<OnnxAttributeBuilder>? attributes = null,
            string? domain = null)
        {
            if (string.IsNullOrEmpty(opType)) throw new ArgumentException("A node needs an operator type.", nameof(opType));
            if (inputs is null) throw new ArgumentNullException(nameof(inputs));
            if (outputs is null) throw new ArgumentNullException(nameof(outputs));
            var node = new NodeProto { OpType = opType, Name = name ?? string.Empty, Domain = domain ?? string.Empty };
            foreach (string input in inputs) node.Input.Add(input ?? throw new ArgumentException("Input names must not be null.", nameof(inputs)));
            foreach (string output in outputs) node.Output.Add(output ?? throw new ArgumentException("Output names must not be null.", nameof(outputs)));
            if (attributes != null)
            {
                var builder = new OnnxAttributeBuilder();
                attributes(builder);
                node.Attribute.Add(builder.Attributes);
            }
            _graph.Node.Add(node);
            return this;
        }

        /// <summary>The graph being built, for <see cref="OnnxAttributeBuilder.Graph"/> (a body graph is built as a model of its own).</summary>
        internal GraphProto Graph => _graph;

        /// <summary>Serializes the model. The same sequence of calls always gives the same bytes.</summary>
        public byte[] ToBytes() => _model.ToByteArray();

        /// <summary>Writes the model to <paramref name="path"/>, creating its folder if needed.</summary>
        public void Save(string path)
        {
            if (path is null) throw new ArgumentNullException(nameof(path));
            string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
            File.WriteAllBytes(path, ToBytes());
        }

        private static ValueInfoProto TensorValueInfo(string name, ElementType elementType, IReadOnlyList<object?>? shape)
        {
            if (name is null) throw new ArgumentNullException(nameof(name));
            var tensorType = new TypeProto.Types.Tensor { ElemType = (int)elementType };
            if (shape != null)
            {
                var shapeProto = new TensorShapeProto();
                foreach (object? d in shape)
                {
                    var dim = new TensorShapeProto.Types.Dimension();
                    switch (d)
                    {
                        case null:
                            break;
                        case int i:
                            dim.DimValue = i;
                            break;
                        case long l:
                            dim.DimValue = l;
                            break;
                        case string s:
                            dim.DimParam = s;
                            break;
                        default:
                            throw new ArgumentException(
                                "A dimension must be an int, a long, a string or null, not " + d.GetType().Name + ".", nameof(shape));
                    }
                    shapeProto.Dim.Add(dim);
                }
                tensorType.Shape = shapeProto;
            }
            return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensorType } };
        }
    }
}

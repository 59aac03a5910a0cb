using System;
using System.Collections.Generic;
using System.Text;
using Google.Protobuf;
using ModelGen.Compiler.Reading.Proto;

namespace ModelGen.Compiler.Writing
{
    /// <summary>
    /// Collects the attributes of one node for <see cref="OnnxModelBuilder.Node"/>.
    /// Attributes are written in the order they are added.
    /// </summary>
    public sealed class OnnxAttributeBuilder
    {
        private readonly List<AttributeProto> _attributes = new List<AttributeProto>();

        internal OnnxAttributeBuilder()
        {
        }

        internal IReadOnlyList<AttributeProto> Attributes => _attributes;

        /// <summary>Adds a FLOAT attribute.</summary>
        public OnnxAttributeBuilder Float(string name, float value)
        {
            var a = New(name, AttributeProto.Types.AttributeType.Float);
            a.F = value;
            return this;
        }

        /// <summary>Adds an INT attribute.</summary>
        public OnnxAttributeBuilder Int(string name, long value)
        {
            var a = New(name, AttributeProto.Types.AttributeType.Int);
            a.I = value;
            return this;
        }

        /// <summary>Adds a STRING attribute, encoded as UTF-8.</summary>
        public OnnxAttributeBuilder String(string name, string value)
        {
            if (value is null) throw new ArgumentNullException(nameof(value));
            var a = New(name, AttributeProto.Types.AttributeType.String);
            a.S = ByteString.CopyFrom(Encoding.UTF8.GetBytes(value));
            return this;
        }

        /// <summary>Adds a FLOATS attribute.</summary>
        public OnnxAttributeBuilder Floats(string name, params float[] values)
        {
            if (values is null) throw new ArgumentNullException(nameof(values));
            var a = New(name, AttributeProto.Types.AttributeType.Floats);
            a.Floats.Add(values);
            return this;
        }

        /// <summary>Adds an INTS attribute.</summary>
        public OnnxAttributeBuilder Ints(string name, params long[] values)
        {
            if (values is null) throw new ArgumentNullException(nameof(values));
            var a = New(name, AttributeProto.Types.AttributeType.Ints);
            a.Ints.Add(values);
            return this;
        }

        /// <summary>Adds a STRINGS attribute, each encoded as UTF-8.</summary>
        public OnnxAttributeBuilder Strings(string name, params string[] values)
        {
            if (values is null) throw new ArgumentNullException(nameof(values));
            var a = New(name, AttributeProto.Types.AttributeType.Strings);
            foreach (string v in values)
            {
                if (v is null) throw new ArgumentException("Strings must not be null.", nameof(values));
                a.Strings.Add(ByteString.CopyFrom(Encoding.UTF8.GetBytes(v)));
            }
            return this;
        }

        /// <summary>Adds a TENSOR attribute holding FLOAT data (for example the <c>value</c> of a Constant node).</summary>
        public OnnxAttributeBuilder Tensor(string name, int[] dims, float[] data) =>
            AddTensor(name, OnnxTensorData.Float(string.Empty, dims, data));

        /// <summary>Adds a TENSOR attribute holding INT64 data.</summary>
        public OnnxAttributeBuilder Tensor(string name, int[] dims, long[] data) =>
            AddTensor(name, OnnxTensorData.Int64(string.Empty, dims, data));

        /// <summary>Adds a TENSOR attribute holding INT32 data.</summary>
        public OnnxAttributeBuilder Tensor(string name, int[] dims, int[] data) =>
            AddTensor(name, OnnxTensorData.Int32(string.Empty, dims, data));

        /// <summary>Adds a TENSOR attribute holding DOUBLE data.</summary>
        public OnnxAttributeBuilder Tensor(string name, int[] dims, double[] data) =>
            AddTensor(name, OnnxTensorData.Double(string.Empty, dims, data));

        /// <summary>Adds a TENSOR attribute holding BOOL data.</summary>
        public OnnxAttributeBuilder Tensor(string name, int[] dims, bool[] data) =>
            AddTensor(name, OnnxTensorData.Bool(string.Empty, dims, data));

        /// <summary>
        /// Adds a GRAPH attribute (the body of If or Loop): a copy of <paramref name="body"/>'s graph, with its inputs,
        /// outputs, initializers and nodes. The body's own opset imports are not used: a subgraph runs under its model's.
        /// </summary>
        public OnnxAttributeBuilder Graph(string name, OnnxModelBuilder body)
        {
            if (body is null) throw new ArgumentNullException(nameof(body));
            var a = New(name, AttributeProto.Types.AttributeType.Graph);
            a.G = body.Graph.Clone();
            return this;
        }

        private OnnxAttributeBuilder AddTensor(string name, TensorProto tensor)
        {
            var a = New(name, AttributeProto.Types.AttributeType.Tensor);
            a.T = tensor;
            return this;
        }

        private AttributeProto New(string name, AttributeProto.Types.AttributeType type)
        {
            if (string.IsNullOrEmpty(name)) throw new ArgumentException("An attribute needs a name.", nameof(name));
            // Duplicates are allowed on purpose: tests build malformed nodes to check the reader's diagnostics.
            var a = new AttributeProto { Name = name, Type = type };
            _attributes.Add(a);
            return a;
        }
    }
}

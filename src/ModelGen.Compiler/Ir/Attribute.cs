using System.Collections.Generic;

namespace ModelGen.Compiler.Ir
{
    /// <summary>Kinds of node attribute, numbered as ONNX's AttributeProto.AttributeType.</summary>
    public enum AttributeKind
    {
        Undefined = 0,
        Float = 1,
        Int = 2,
        String = 3,
        Tensor = 4,
        Graph = 5,
        Floats = 6,
        Ints = 7,
        Strings = 8,
        Tensors = 9,
        Graphs = 10,
        SparseTensor = 11,
        SparseTensors = 12,
        TypeProto = 13,
        TypeProtos = 14,
    }

    /// <summary>One node attribute, already decoded from protobuf. Only the field for <see cref="Kind"/> is meaningful.</summary>
    public sealed class NodeAttribute
    {
        public NodeAttribute(string name, AttributeKind kind)
        {
            Name = name;
            Kind = kind;
        }

        public string Name { get; }
        public AttributeKind Kind { get; }
        public float Float { get; set; }
        public long Int { get; set; }
        public string String { get; set; } = "";
        public IReadOnlyList<float> Floats { get; set; } = new float[0];
        public IReadOnlyList<long> Ints { get; set; } = new long[0];
        public IReadOnlyList<string> Strings { get; set; } = new string[0];
        public TensorData? Tensor { get; set; }

        /// <summary>Why a tensor attribute could not be decoded (<see cref="Tensor"/> is null then); null otherwise.</summary>
        public string? TensorError { get; set; }

        /// <summary>A subgraph (If's then_branch, Loop's body), already imported as IR.</summary>
        public Graph? Graph { get; set; }

        public IReadOnlyList<Graph> Graphs { get; set; } = new Graph[0];

        /// <summary>Where a tensor attribute's raw bytes sit in the .onnx file (Constant nodes), when they are contiguous.</summary>
        public InitializerLocation? TensorLocation { get; set; }

        /// <summary>Short text for messages (the IR printer writes the full form).</summary>
        public override string ToString()
        {
            switch (Kind)
            {
                case AttributeKind.Float: return Float.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
                case AttributeKind.Int: return Int.ToString(System.Globalization.CultureInfo.InvariantCulture);
                case AttributeKind.String: return "\"" + String + "\"";
                case AttributeKind.Ints: return "[" + string.Join(",", Ints) + "]";
                case AttributeKind.Floats:
                    var parts = new List<string>();
                    foreach (var f in Floats) parts.Add(f.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
                    return "[" + string.Join(",", parts) + "]";
                case AttributeKind.Strings: return "[\"" + string.Join("\",\"", Strings) + "\"]";
                case AttributeKind.Tensor: return "tensor<" + ElementTypes.OnnxName(Tensor!.Type) + "[" + string.Join(",", Tensor.Dims) + "]>";
                default: return "<" + Kind + ">";
            }
        }
    }
}

using System.Collections.Generic;

namespace ModelGen.Compiler.Ir
{
    /// <summary>Where a value comes from.</summary>
    public enum ValueKind
    {
        /// <summary>A graph input the caller supplies (or, in a subgraph, a value the enclosing node passes in).</summary>
        Input,
        /// <summary>A weight stored in the .onnx file and read from it at run time, zero-copy.</summary>
        Initializer,
        /// <summary>A value known at build time: concrete elements (<see cref="Value.Data"/>) or dim expressions (<see cref="Value.Symbolic"/>).</summary>
        Constant,
        /// <summary>Produced by a node at run time.</summary>
        Computed,
        /// <summary>A derived weight: computed from weights once per process, at model construction (the load-time stage).</summary>
        Derived,
    }

    /// <summary>Where an initializer's elements sit in the .onnx file, so run-time code reads them in place.</summary>
    public sealed class InitializerLocation
    {
        public InitializerLocation(long byteOffset, long byteLength)
        {
            ByteOffset = byteOffset;
            ByteLength = byteLength;
        }

        /// <summary>Offset of the first element byte from the start of the file.</summary>
        public long ByteOffset { get; }
        public long ByteLength { get; }
    }

    /// <summary>
    /// A tensor in the graph (SSA: written once, by one producer). Type and shape are filled by import
    /// where the model declares them and by shape inference otherwise.
    /// </summary>
    public sealed class Value
    {
        public Value(string name, ValueKind kind)
        {
            Name = name;
            Kind = kind;
        }

        public string Name { get; }
        public ValueKind Kind { get; set; }
        public ElementType Type { get; set; }
        public Shape? Shape { get; set; }

        /// <summary>The build-time elements for constants and small initializers; null otherwise.</summary>
        public TensorData? Data { get; set; }

        /// <summary>The build-time elements of an integer tensor some of whose elements are symbolic dims (Shape(x) of x:[N,3] is [N, 3]).</summary>
        public DimTensor? Symbolic { get; set; }

        /// <summary>For a sequence value: the tensors it holds, known at build time (see <see cref="BuildTimeSequence"/>); null for tensors.</summary>
        public BuildTimeSequence? Sequence { get; set; }

        /// <summary>For initializers read at run time: where the elements sit in the .onnx file.</summary>
        public InitializerLocation? Location { get; set; }

        /// <summary>The node that computes this value (Computed and Derived values).</summary>
        public Node? Producer { get; set; }

        /// <summary>Nodes that read this value, in graph order (a node of an enclosing scope when a subgraph captures it).</summary>
        public List<Node> Consumers { get; } = new List<Node>();

        /// <summary>The graph (scope) that defines the value.</summary>
        public Graph? Scope { get; set; }

        public bool IsGraphOutput { get; set; }

        /// <summary>True when the elements are known at build time, concretely or as dim expressions.</summary>
        public bool IsConstant => Data != null || Symbolic != null;

        /// <summary>True for values whose bytes exist before any node runs: weights in the file, derived weights, constants.</summary>
        public bool IsWeightLike => Kind == ValueKind.Initializer || Kind == ValueKind.Derived || Kind == ValueKind.Constant;

        /// <summary>The elements as dims, for integer tensors known at build time (concretely or symbolically); null otherwise.</summary>
        public IReadOnlyList<Dim>? KnownDims =>
            Symbolic != null ? Symbolic.Elements : Data != null && (ElementTypes.IsInteger(Data.Type) || Data.Type == ElementType.Bool) ? DimTensor.FromData(Data).Elements : null;

        public override string ToString() => Name;
    }
}

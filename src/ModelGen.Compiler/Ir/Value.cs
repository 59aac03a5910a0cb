using System.Collections.Generic;

namespace ModelGen.Compiler.Ir
{
    /// <summary>Where a value comes from.</summary>
    public enum ValueKind
    {
        /// <summary>A graph input the caller supplies.</summary>
        Input,
        /// <summary>A weight stored in the .onnx file and read from it at run time, zero-copy.</summary>
        Initializer,
        /// <summary>A value known at build time and small enough to live in generated code (Constant nodes, folded shape math).</summary>
        Constant,
        /// <summary>Produced by a node at run time.</summary>
        Computed,
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

        /// <summary>The build-time value for constants and small initializers; null otherwise.</summary>
        public TensorData? Data { get; set; }

        /// <summary>For initializers read at run time: where the elements sit in the .onnx file.</summary>
        public InitializerLocation? Location { get; set; }

        /// <summary>The node that computes this value (Computed values only).</summary>
        public Node? Producer { get; set; }

        /// <summary>Nodes that read this value, in graph order.</summary>
        public List<Node> Consumers { get; } = new List<Node>();

        public bool IsGraphOutput { get; set; }

        /// <summary>True when the value is known at build time.</summary>
        public bool IsConstant => Data != null;

        public override string ToString() => Name;
    }
}

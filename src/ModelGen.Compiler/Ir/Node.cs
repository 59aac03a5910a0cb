using System.Collections.Generic;
using System.Linq;

namespace ModelGen.Compiler.Ir
{
    /// <summary>One operator application. Missing optional inputs/outputs are null entries.</summary>
    public sealed class Node
    {
        public Node(string name, string opType, string domain, int opsetVersion)
        {
            Name = name;
            OpType = opType;
            Domain = domain;
            OpsetVersion = opsetVersion;
        }

        /// <summary>The node's name in the model, or a stable made-up one ("Conv_3") when it had none.</summary>
        public string Name { get; }
        public string OpType { get; }
        /// <summary>"" for the default ai.onnx domain.</summary>
        public string Domain { get; }
        /// <summary>The opset version the model imports for this node's domain.</summary>
        public int OpsetVersion { get; }

        public List<Value?> Inputs { get; } = new List<Value?>();
        public List<Value?> Outputs { get; } = new List<Value?>();
        public Dictionary<string, NodeAttribute> Attributes { get; } = new Dictionary<string, NodeAttribute>(System.StringComparer.Ordinal);

        /// <summary>Per-node data that the op's inference computed for its emitter (resolved pads, strides...).</summary>
        public object? OpState { get; set; }

        /// <summary>Elements of scratch memory the node needs while it runs (from the arena), or null.</summary>
        public Dim? ScratchElements { get; set; }

        public ElementType ScratchType { get; set; }

        /// <summary>The input at <paramref name="index"/>, or null when absent or omitted.</summary>
        public Value? Input(int index) => index < Inputs.Count ? Inputs[index] : null;

        public Value? Output(int index) => index < Outputs.Count ? Outputs[index] : null;

        /// <summary>"Conv 'conv1'" — how diagnostics name a node.</summary>
        public string Describe() => OpType + " node '" + Name + "'";

        public override string ToString() => Name + " = " + OpType + "(" + string.Join(", ", Inputs.Select(i => i?.Name ?? "")) + ")";
    }
}

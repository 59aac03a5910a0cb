using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Ops;

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

        /// <summary>The implementation, once resolution found one.</summary>
        internal OpDefinition? Op { get; set; }

        /// <summary>The op revision in effect: the newest since-version of the op at or below <see cref="OpsetVersion"/>.</summary>
        public int Revision { get; set; }

        /// <summary>What inference decided for this node (resolved attributes, broadcast strides...), read by lowering.</summary>
        internal OpPlan? Plan { get; set; }

        /// <summary>The graph whose node list holds this node.</summary>
        public Graph? Scope { get; set; }

        public List<Value?> Inputs { get; } = new List<Value?>();
        public List<Value?> Outputs { get; } = new List<Value?>();
        public Dictionary<string, NodeAttribute> Attributes { get; } = new Dictionary<string, NodeAttribute>(System.StringComparer.Ordinal);

        /// <summary>Bodies held in graph attributes (If's branches, Loop's body), in attribute-name order.</summary>
        public IEnumerable<Graph> Subgraphs =>
            Attributes.OrderBy(a => a.Key, System.StringComparer.Ordinal)
                .SelectMany(a => a.Value.Graph != null ? new[] { a.Value.Graph } : a.Value.Graphs);

        /// <summary>The input at <paramref name="index"/>, or null when absent or omitted.</summary>
        public Value? Input(int index) => index < Inputs.Count ? Inputs[index] : null;

        public Value? Output(int index) => index < Outputs.Count ? Outputs[index] : null;

        /// <summary>"Conv 'conv1'" — how diagnostics name a node.</summary>
        public string Describe() => OpType + " node '" + Name + "'";

        public override string ToString() => Name + " = " + OpType + "(" + string.Join(", ", Inputs.Select(i => i?.Name ?? "")) + ")";
    }
}

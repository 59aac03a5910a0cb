using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Planning;

namespace ModelGen.Compiler.Emit
{
    /// <summary>
    /// Every name and number the emitted parts share, decided once: parameter names for graph
    /// inputs/outputs and symbolic dims, property names for results, constant fields, slot offsets.
    /// </summary>
    internal sealed class ModelLayout
    {
        public ModelLayout(Graph graph, MemoryPlan plan, CompileOptions options, ModelFileInfo file)
        {
            Graph = graph;
            Plan = plan;
            Options = options;
            File = file;
            Symbols = new SymbolNames(graph);

            var reserved = new HashSet<string>(Symbols.Parameter.Values, System.StringComparer.Ordinal);
            var io = graph.Inputs.Concat(graph.Outputs).ToList();
            var names = Identifiers.Unique(io.Select(v => Identifiers.Camel(v.Name)), reserved);
            InputNames.AddRange(names.Take(graph.Inputs.Count));
            OutputNames.AddRange(names.Skip(graph.Inputs.Count));
            // Reads of a graph input use its parameter; a node writing a graph output writes the caller's span directly
            // (the first time the value is listed; a value listed twice, or never computed by a node, is copied at the end).
            for (int i = 0; i < graph.Inputs.Count; i++) Parameters[graph.Inputs[i]] = InputNames[i];
            for (int i = 0; i < graph.Outputs.Count; i++)
            {
                var o = graph.Outputs[i];
                if (o.Producer != null && o.Data == null && !Parameters.ContainsKey(o)) Parameters[o] = OutputNames[i];
            }
            var props = Identifiers.Unique(graph.Outputs.Select(v => Identifiers.Pascal(v.Name)), new HashSet<string> { "Equals", "GetHashCode", "ToString", "GetType" });
            for (int i = 0; i < graph.Outputs.Count; i++) OutputProperties.Add(props[i]);

            int k = 0;
            foreach (var n in graph.Nodes)
            {
                var op = Ops.OpRegistry.Find(n.Domain, n.OpType)!;
                if (op.IsView && plan.AliasOf.ContainsKey(n.Outputs[0]!)) continue; // emits nothing
                for (int i = 0; i < n.Inputs.Count; i++)
                {
                    var input = n.Inputs[i];
                    if (input != null && input.Data != null && input.Location == null && op.ReadsAtRunTime(i) && !Constants.ContainsKey(input))
                        Constants[input] = "s_const" + (k++).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
            }
            foreach (var o in graph.Outputs)
                if (o.Data != null && o.Location == null && !Constants.ContainsKey(o))
                    Constants[o] = "s_const" + (k++).ToString(System.Globalization.CultureInfo.InvariantCulture);

            // Slot offsets: constants when every size is static, fields computed in Bind() otherwise.
            IsStatic = plan.ArenaBytes.HasValue;
            long offset = 0;
            for (int s = 0; s < plan.Slots.Count; s++)
            {
                if (IsStatic)
                {
                    SlotOffsets[s] = Literals.Int(offset);
                    offset += plan.Slots[s].StaticBytes!.Value;
                }
                else SlotOffsets[s] = "_slot" + s.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            Values = new ValueExpressions(plan, Symbols, ParameterExpressions(), ConstantExpressions(), SlotOffsets);
        }

        public Graph Graph { get; }
        public MemoryPlan Plan { get; }
        public CompileOptions Options { get; }
        public ModelFileInfo File { get; }
        public SymbolNames Symbols { get; }
        public string ClassName => Options.ClassName;

        /// <summary>Parameter names of the graph inputs, in order.</summary>
        public List<string> InputNames { get; } = new List<string>();
        /// <summary>Parameter names of the graph outputs, in order (a value listed twice gets two).</summary>
        public List<string> OutputNames { get; } = new List<string>();
        /// <summary>Values whose span is a Run parameter → that parameter.</summary>
        public Dictionary<Value, string> Parameters { get; } = new Dictionary<Value, string>();
        public List<string> OutputProperties { get; } = new List<string>();
        /// <summary>Build-time constants read at run time → their static field, in first-use order.</summary>
        public Dictionary<Value, string> Constants { get; } = new Dictionary<Value, string>();
        public Dictionary<int, string> SlotOffsets { get; } = new Dictionary<int, string>();
        public bool IsStatic { get; }
        public ValueExpressions Values { get; }

        /// <summary>Run-method parameter list: every graph input as ReadOnlySpan, every output as Span.</summary>
        public string RunParameters =>
            string.Join(", ", Graph.Inputs.Select((v, i) => "global::System.ReadOnlySpan<" + ElementTypes.CSharpName(v.Type) + "> " + InputNames[i])
                .Concat(Graph.Outputs.Select((v, i) => "global::System.Span<" + ElementTypes.CSharpName(v.Type) + "> " + OutputNames[i])));

        public string RunArguments => string.Join(", ", InputNames.Concat(OutputNames));

        private Dictionary<Value, string> ParameterExpressions() => Parameters;

        private Dictionary<Value, string> ConstantExpressions() => Constants.ToDictionary(kv => kv.Key, kv => kv.Value);
    }

    /// <summary>Facts about the .onnx file the generated code checks at load: its length and content hash.</summary>
    internal sealed class ModelFileInfo
    {
        public ModelFileInfo(long length, ulong hash, string displayPath)
        {
            Length = length;
            Hash = hash;
            DisplayPath = displayPath;
        }

        public long Length { get; }
        public ulong Hash { get; }
        public string DisplayPath { get; }
    }
}

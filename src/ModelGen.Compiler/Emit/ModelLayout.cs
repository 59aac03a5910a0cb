using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Planning;

namespace ModelGen.Compiler.Emit
{
    /// <summary>
    /// Every name and number the emitted parts share, decided once: parameter names for graph inputs/outputs and
    /// symbolic dims, property names for results, constant fields, slot offsets, growable buffers.
    /// </summary>
    internal sealed class ModelLayout
    {
        public ModelLayout(Graph graph, LoweredProgram program, MemoryPlan plan, CompileOptions options, ModelFileInfo file)
        {
            Graph = graph;
            Program = program;
            Plan = plan;
            Options = options;
            File = file;
            Symbols = new SymbolNames(graph);

            var reserved = new HashSet<string>(Symbols.Parameter.Values, System.StringComparer.Ordinal);
            var io = graph.Inputs.Concat(graph.Outputs).ToList();
            var names = Identifiers.Unique(io.Select(v => Identifiers.Camel(v.Name)), reserved);
            InputNames.AddRange(names.Take(graph.Inputs.Count));
            OutputNames.AddRange(names.Skip(graph.Inputs.Count));
            // Reads of a graph input use its parameter; a call writing a graph output writes the caller's span directly
            // (the first time the value is listed; a value listed twice, never computed by a call, or only sized at run
            // time is copied out after the run).
            for (int i = 0; i < graph.Inputs.Count; i++) Parameters[graph.Inputs[i]] = InputNames[i];
            for (int i = 0; i < graph.Outputs.Count; i++)
            {
                var o = graph.Outputs[i];
                if (MemoryPlanner.HasRuntimeDims(o)) RuntimeOutputs.Add(i);
                else if (o.Producer != null && o.Kind == ValueKind.Computed && !Parameters.ContainsKey(o)) Parameters[o] = OutputNames[i];
            }
            var props = Identifiers.Unique(graph.Outputs.Select(v => Identifiers.Pascal(v.Name)), new HashSet<string> { "Equals", "GetHashCode", "ToString", "GetType", "Result" });
            for (int i = 0; i < graph.Outputs.Count; i++) OutputProperties.Add(props[i]);

            // Slot offsets: the packer's constants when every size is static, fields computed in Bind() otherwise.
            IsStatic = plan.ArenaBytes.HasValue;
            for (int s = 0; s < plan.Slots.Count; s++)
                SlotOffsets[s] = IsStatic ? Literals.Int(plan.Slots[s].Offset!.Value) : "_slot" + s.ToString(System.Globalization.CultureInfo.InvariantCulture);
            Storage = new ValueStorage(this);
        }

        public Graph Graph { get; }
        public LoweredProgram Program { get; }
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
        /// <summary>Indices of graph outputs whose dims only run time knows: computed internally, copied out by Predict.</summary>
        public List<int> RuntimeOutputs { get; } = new List<int>();
        public List<string> OutputProperties { get; } = new List<string>();
        public ConstantPool Constants { get; } = new ConstantPool();
        public Dictionary<int, string> SlotOffsets { get; } = new Dictionary<int, string>();
        public bool IsStatic { get; }
        public ValueStorage Storage { get; }
        public bool HasDerived => Plan.DerivedBytes > 0;

        private int _nextId;

        /// <summary>A number unique within this model's generated code (loop variables), deterministic across builds.</summary>
        public int NextId() => _nextId++;
        public bool HasRuntimeOutputs => RuntimeOutputs.Count > 0;

        /// <summary>Graph outputs the Run methods receive as spans (all but the run-time-sized ones).</summary>
        public IEnumerable<int> SpanOutputs => Enumerable.Range(0, Graph.Outputs.Count).Where(i => !RuntimeOutputs.Contains(i));

        /// <summary>Run-method parameter list: every graph input as ReadOnlySpan, every span output as Span.</summary>
        public string RunParameters =>
            string.Join(", ", Graph.Inputs.Select((v, i) => "global::System.ReadOnlySpan<" + ElementTypes.CSharpName(v.Type) + "> " + InputNames[i])
                .Concat(SpanOutputs.Select(i => "global::System.Span<" + ElementTypes.CSharpName(Graph.Outputs[i].Type) + "> " + OutputNames[i])));

        public string RunArguments => string.Join(", ", InputNames.Concat(SpanOutputs.Select(i => OutputNames[i])));
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

using System.Collections.Generic;
using System.Linq;
using System.Text;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Planning;

namespace ModelGen.Compiler.Inspection
{
    /// <summary>What <see cref="ModelInspector.Inspect"/> found: the compile result, the IR text at the requested point, the lowered calls and figures.</summary>
    public sealed class InspectReport
    {
        internal InspectReport(CompileResult result, string? ir, string? lowered, InspectStats? stats)
        {
            Result = result;
            Ir = ir;
            Lowered = lowered;
            Stats = stats;
        }

        public CompileResult Result { get; }

        /// <summary>The IR text at the requested stage or pass (null when compilation stopped before it).</summary>
        public string? Ir { get; }

        /// <summary>The lowered kernel calls, one per line, nested blocks indented (null when compilation stopped before lowering).</summary>
        public string? Lowered { get; }

        /// <summary>Figures about the compiled model (null when compilation stopped before planning).</summary>
        public InspectStats? Stats { get; }
    }

    /// <summary>Figures for <c>modelgen inspect --json</c>.</summary>
    public sealed class InspectStats
    {
        public int NodesBefore { get; internal set; }
        public int NodesAfter { get; internal set; }
        /// <summary>Op type → count, in the graph after the passes (load-time nodes included), sorted by op type.</summary>
        public IReadOnlyList<KeyValuePair<string, int>> OpCountsAfter { get; internal set; } = new KeyValuePair<string, int>[0];
        /// <summary>Kernel id → count over the run-time calls, sorted by id.</summary>
        public IReadOnlyList<KeyValuePair<string, int>> KernelCalls { get; internal set; } = new KeyValuePair<string, int>[0];
        /// <summary>Kernel id → count over the load-time calls.</summary>
        public IReadOnlyList<KeyValuePair<string, int>> LoadTimeKernelCalls { get; internal set; } = new KeyValuePair<string, int>[0];
        public long? ArenaBytes { get; internal set; }
        /// <summary>The sum of all intermediate tensors and scratch, each in its own buffer.</summary>
        public long? NaiveBytes { get; internal set; }
        /// <summary>
        /// The live-tensor lower bound: the largest, over the run's steps, of the bytes live at once (intermediates and
        /// scratch); no plan of these buffers can need less. Null where the arena is sized at run time, or not computed yet.
        /// </summary>
        public long? LiveLowerBoundBytes { get; internal set; }
        /// <summary>Bytes of the file's weights the compiled model reads (at run time or load time).</summary>
        public long WeightBytes { get; internal set; }
        /// <summary>Bytes of the derived weights the load-time stage computes.</summary>
        public long LoadTimeBytes { get; internal set; }
        /// <summary>Pass name → rewrites made, summed over the rounds, in pipeline order (passes that ran and changed nothing show 0).</summary>
        public IReadOnlyList<KeyValuePair<string, int>> Passes { get; internal set; } = new KeyValuePair<string, int>[0];
        /// <summary>Fusion kind → count ("batchnorm-into-conv", "elementwise"...), sorted by kind.</summary>
        public IReadOnlyList<KeyValuePair<string, int>> Fusions { get; internal set; } = new KeyValuePair<string, int>[0];
        /// <summary>Symbol → "input" (a dim of a graph input, bound per call) or "runtime" (set by a node while it runs).</summary>
        public IReadOnlyList<KeyValuePair<string, string>> Symbols { get; internal set; } = new KeyValuePair<string, string>[0];
    }

    /// <summary>
    /// Runs the compiler and reports what it did: the IR after a stage ("import", "shapes", "passes") or after a named
    /// pass, the lowered kernel calls, and figures. The same pipeline as <see cref="ModelCompiler.Compile"/>.
    /// </summary>
    public static class ModelInspector
    {
        /// <summary>The stages <paramref name="after"/> may name, besides pass names.</summary>
        public static readonly IReadOnlyList<string> Stages = new[] { "import", "shapes", "passes" };

        public static InspectReport Inspect(byte[] onnxBytes, CompileOptions options, string? after = null)
        {
            var observer = new Observer(after ?? "passes");
            var result = Pipeline.Run(onnxBytes, options, observer);
            return new InspectReport(result, observer.Ir, observer.LoweredText, observer.Stats);
        }

        /// <summary>The pass names, in pipeline order.</summary>
        public static IReadOnlyList<string> PassNames => Passes.PassManager.Default(new Diagnostics.ProblemBag(), optimize: true).Select(p => p.Name).ToList();

        private sealed class Observer : PipelineObserver
        {
            private readonly string _after;

            public Observer(string after) { _after = after; }

            public string? Ir { get; private set; }
            public string? LoweredText { get; private set; }
            public InspectStats? Stats { get; private set; }

            public override string? StopAfterPass => Stages.Contains(_after) ? null : _after;

            public override void Graph(string stage, Graph g)
            {
                if (stage == _after || (stage == "passes" && !Stages.Contains(_after))) Ir = IrPrinter.Print(g);
            }

            private Passes.OptimizationLog? _log;

            public override void Optimized(Passes.OptimizationLog log) => _log = log;

            public override void Lowered(LoweredProgram program) => LoweredText = LoweredPrinter.Print(program);

            public override void Planned(Graph g, LoweredProgram program, MemoryPlan plan, int nodesBefore)
            {
                var nodes = g.AllNodes().ToList();
                var used = new HashSet<Value>(program.Main.AllCalls().Concat(program.LoadTime.AllCalls())
                    .SelectMany(c => c.Operands.OfType<BufferOperand>()).Select(b => plan.Resolve(b.Value)));
                Stats = new InspectStats
                {
                    NodesBefore = nodesBefore,
                    NodesAfter = nodes.Count,
                    OpCountsAfter = Count(nodes.Select(n => (n.Domain.Length == 0 ? "" : n.Domain + "::") + n.OpType)),
                    KernelCalls = Count(program.Main.AllCalls().Select(c => c.Kernel)),
                    LoadTimeKernelCalls = Count(program.LoadTime.AllCalls().Select(c => c.Kernel)),
                    ArenaBytes = plan.ArenaBytes,
                    NaiveBytes = plan.NaiveBytes,
                    LiveLowerBoundBytes = plan.LiveLowerBoundBytes,
                    WeightBytes = used.Where(v => v.Kind == ValueKind.Initializer && v.Location != null).Sum(v => v.Location!.ByteLength),
                    LoadTimeBytes = plan.DerivedBytes,
                    Passes = _log?.Passes ?? new KeyValuePair<string, int>[0],
                    Fusions = _log?.Fusions ?? new KeyValuePair<string, int>[0],
                    Symbols = g.Inputs.SelectMany(i => i.Shape!.Dims).SelectMany(d => d.Symbols).Distinct().OrderBy(s => s, System.StringComparer.Ordinal)
                        .Select(s => new KeyValuePair<string, string>(s, "input"))
                        .Concat(g.Symbols.Runtime.Select(s => new KeyValuePair<string, string>(s.Name, "runtime"))).ToList(),
                };
            }

            private static IReadOnlyList<KeyValuePair<string, int>> Count(IEnumerable<string> keys) =>
                keys.GroupBy(k => k).OrderBy(g => g.Key, System.StringComparer.Ordinal).Select(g => new KeyValuePair<string, int>(g.Key, g.Count())).ToList();
        }
    }

    /// <summary>The lowered program as text: one kernel call per line under a comment naming its node, nested blocks indented.</summary>
    public static class LoweredPrinter
    {
        internal static string Print(LoweredProgram program)
        {
            var sb = new StringBuilder();
            if (program.LoadTime.Nodes.Count > 0)
            {
                sb.Append("load-time:\n");
                Block(sb, program.LoadTime, 1);
                sb.Append("run:\n");
            }
            Block(sb, program.Main, program.LoadTime.Nodes.Count > 0 ? 1 : 0);
            return sb.ToString();
        }

        private static void Block(StringBuilder sb, LoweredBlock block, int depth)
        {
            string pad = new string(' ', depth * 2);
            foreach (var n in block.Nodes)
            {
                sb.Append(pad).Append("# ").Append(n.Node.Describe()).Append('\n');
                foreach (var s in n.Steps)
                {
                    switch (s)
                    {
                        case CallStep c:
                            sb.Append(pad).Append(c.Call).Append('\n');
                            break;
                        case IfStep f:
                            sb.Append(pad).Append("if ").Append(IrNames.Value(f.Condition.Name)).Append(":\n");
                            Block(sb, f.Then, depth + 1);
                            sb.Append(pad).Append("else:\n");
                            Block(sb, f.Else, depth + 1);
                            break;
                        case LoopStep l:
                            sb.Append(pad).Append("loop trips ").Append(l.TripCount == null ? "-" : IrNames.Value(l.TripCount.Name)).Append(", while ")
                              .Append(l.Condition == null ? "-" : IrNames.Value(l.Condition.Name)).Append(" -> ").Append(l.TripSymbol).Append(":\n");
                            Block(sb, l.Body, depth + 1);
                            break;
                        case ScanStep sc:
                            sb.Append(pad).Append("scan ").Append(sc.Trips).Append(" steps").Append(sc.Batch == null ? "" : " per batch entry of " + sc.Batch).Append(":\n");
                            Block(sb, sc.Body, depth + 1);
                            break;
                    }
                }
            }
        }
    }
}

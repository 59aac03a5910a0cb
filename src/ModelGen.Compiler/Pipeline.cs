using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Emit;
using ModelGen.Compiler.Import;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Passes;
using ModelGen.Compiler.Planning;
using ModelGen.Compiler.Reading;
using ModelGen.Compiler.Shapes;
using ContentHash = ModelGen.Runtime.ContentHash;

namespace ModelGen.Compiler
{
    /// <summary>
    /// The house in one page: the stages a model goes through, in order, one folder each.
    ///   1. Reading/   bytes → protobuf ModelProto                           (MG00xx: unreadable file)
    ///   2. Import/    ModelProto → IR graph (bodies nested), op revisions   (MG01xx: unsupported op, opset, attribute, type)
    ///   3. Shapes/    types, shapes as dim expressions, build-time values   (MG02xx: shapes that do not fit)
    ///   4. Passes/    rewrites to a fixed point, verified                   (folding, canonical forms, folds into Conv/Gemm, patterns, fusion, load-time stage)
    ///   5. Lowering/  nodes → backend-neutral kernel calls, algorithms chosen by shape
    ///   6. Planning/  liveness over the calls → offsets in one arena, packed over lifetimes (MG03xx: too large)
    ///   7. Emit/      C# source: class shell, Predict API, Run methods, the load-time computation
    /// Each stage runs only if the ones before it reported no error; every stage reports all it finds.
    /// </summary>
    internal static class Pipeline
    {
        public static CompileResult Run(byte[] bytes, CompileOptions options) => Run(bytes, options, null);

        /// <summary>Runs the stages; <paramref name="observer"/> (modelgen inspect) sees the graph and the lowered program along the way.</summary>
        public static CompileResult Run(byte[] bytes, CompileOptions options, PipelineObserver? observer) => Run(bytes, options, observer, CpuSources);

        /// <summary>The CPU class: shell, Predict API, Run methods.</summary>
        private static System.Collections.Generic.List<GeneratedSource> CpuSources(ModelLayout layout, ProblemBag problems) =>
            new System.Collections.Generic.List<GeneratedSource>
            {
                new GeneratedSource(layout.ClassName + ".g.cs", ClassShellEmitter.Emit(layout)),
                new GeneratedSource(layout.ClassName + ".Predict.g.cs", PredictEmitter.Emit(layout)),
                new GeneratedSource(layout.ClassName + ".Run.g.cs", RunEmitter.Emit(layout)),
            };

        /// <summary>
        /// The stages with <paramref name="emit"/> as the last one: the CPU class, or the GPU session's sources
        /// (<see cref="Emit.Gpu.GpuCompile"/>), which may add problems (a node that runs on the CPU in the GPU session).
        /// </summary>
        internal static CompileResult Run(byte[] bytes, CompileOptions options, PipelineObserver? observer,
            System.Func<ModelLayout, ProblemBag, System.Collections.Generic.List<GeneratedSource>> emit)
        {
            var problems = new ProblemBag();
            // ModelGenDumpIr: collect the IR after every stage and pass, for one more generated source.
            var dump = options.DumpIr ? new Inspection.IrDumpObserver(observer) : null;
            if (dump != null) observer = dump;
            string stage = "reading";
            try
            {
                var model = OnnxReader.Read(bytes, problems);
                if (model == null) return CompileResult.Failed(problems);

                stage = "import";
                var graph = GraphImporter.Import(model, bytes, options, problems);
                if (graph == null) return CompileResult.Failed(problems);
                OpResolution.Check(graph, problems);
                if (problems.HasErrors) return CompileResult.Failed(problems);
                observer?.Graph("import", graph);
                int nodesBefore = graph.AllNodes().Count();

                stage = "shape inference";
                ShapeInference.Run(graph, problems);
                if (problems.HasErrors) return CompileResult.Failed(problems);
                string? invalid = graph.Verify();
                if (invalid != null)
                {
                    problems.Add(DiagnosticIds.InternalError, "Internal error after import: " + invalid + ".");
                    return CompileResult.Failed(problems);
                }
                observer?.Graph("shapes", graph);

                stage = "passes";
                var log = new OptimizationLog();
                PassManager.RunUntil(graph, PassManager.Default(problems, options.Optimize, options.GpuPasses, options.Winograd), problems, observer?.StopAfterPass, log, observer == null ? null : observer.AfterPass);
                if (problems.HasErrors) return CompileResult.Failed(problems);
                observer?.Graph("passes", graph);
                observer?.Optimized(log);

                stage = "lowering";
                var program = Lowerer.Lower(graph);
                observer?.Lowered(program);

                stage = "planning";
                MemoryPlan plan;
                try
                {
                    plan = MemoryPlanner.Plan(graph, program);
                }
                catch (System.OverflowException)
                {
                    // Dim arithmetic is checked: a tensor with a 0 dim may declare its other dims near 2^63, and the
                    // bytes of what is computed from it (an upper bound times an element size) overflow 64 bits
                    // (found by the mutation campaign: test_reduce_l2_empty_set with a dim of 2^63-1).
                    problems.Add(DiagnosticIds.TensorTooLarge, "The memory plan's size arithmetic overflows 64 bits: a dim, or a run-time dim's upper bound, is far too large.");
                    return CompileResult.Failed(problems);
                }
                if (plan.ArenaBytes > int.MaxValue)
                {
                    problems.Add(DiagnosticIds.TensorTooLarge, "The model needs " + plan.ArenaBytes + " bytes of working memory; one arena holds at most 2 GB.");
                    return CompileResult.Failed(problems);
                }
                string? unsound = PlanChecker.Check(graph, program, plan);
                if (unsound != null)
                {
                    problems.Add(DiagnosticIds.InternalError, "Internal error in the memory plan: " + unsound + ".");
                    return CompileResult.Failed(problems);
                }
                observer?.Planned(graph, program, plan, nodesBefore);

                stage = "emit";
                var file = new ModelFileInfo(bytes.Length, ContentHash.Compute(bytes), DisplayPath(options));
                var layout = new ModelLayout(graph, program, plan, options, file);
                var sources = emit(layout, problems);
                if (dump != null) sources.Add(dump.Source(options, file.DisplayPath));
                return new CompileResult(sources, problems.Items, ModelSummary.From(graph, plan));
            }
            catch (System.Exception e)
            {
                // The boundary: a bug anywhere above becomes a diagnostic, never an exception out of the generator.
                problems.Add(DiagnosticIds.InternalError, "Internal error during " + stage + ": " + e.GetType().Name + ": " + e.Message);
                return CompileResult.Failed(problems);
            }
        }

        private static string DisplayPath(CompileOptions options) =>
            options.ModelPath == null ? options.ResourceName : System.IO.Path.GetFileName(options.ModelPath);
    }

    /// <summary>What the pipeline shows an observer (modelgen inspect): the graph after named stages, the lowered program, the plan.</summary>
    internal abstract class PipelineObserver
    {
        /// <summary>Run the passes only up to and including this one (null: all).</summary>
        public virtual string? StopAfterPass => null;

        public virtual void Graph(string stage, Graph g) { }
        /// <summary>After each pass that changed the graph (every round).</summary>
        public virtual void AfterPass(string pass, Graph g) { }
        public virtual void Optimized(OptimizationLog log) { }
        public virtual void Lowered(LoweredProgram program) { }
        public virtual void Planned(Graph g, LoweredProgram program, MemoryPlan plan, int nodesBefore) { }
    }
}

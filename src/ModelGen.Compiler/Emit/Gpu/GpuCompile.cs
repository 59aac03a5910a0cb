using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Lowering;

namespace ModelGen.Compiler.Emit.Gpu
{
    /// <summary>
    /// The GPU session's compile of a model, beside the CPU one, when the project references ModelGen.Gpu. It compiles
    /// the model a second time with the optimizing passes off except the GPU-neutral ones (CompileOptions.GpuPasses:
    /// BatchNormalization and scale folding, identities, common subexpressions): fusion, epilogues, patterns, blocked
    /// and packed layouts are CPU choices, and without them the GPU sees plain Conv, Gemm, MatMul and pooling calls it
    /// has library kernels for.
    /// That compile's CPU class becomes the session's host, "{Class}GpuHost" (internal; the same weights, a host arena
    /// of the same plan as the device arena, the CPU kernels for the fallback), and <see cref="GpuSessionEmitter"/>
    /// writes "{Class}Gpu" over it. Problems: one MG0601 warning per node that runs on the CPU in the session.
    /// </summary>
    internal static class GpuCompile
    {
        public const string HostSuffix = "GpuHost";
        public const string SessionSuffix = "Gpu";

        /// <summary>The CPU compile's result plus the GPU session's sources and warnings.</summary>
        public static CompileResult WithSession(byte[] bytes, CompileOptions options, CompileResult cpu)
        {
            if (!cpu.Success) return cpu;
            var host = new CompileOptions(options.ClassName + HostSuffix, options.Namespace, options.ModelPath, options.ResourceName, options.DimBindings,
                accessibility: "internal", classDeclaredByUser: false, optimize: false, dumpIr: false, weights: options.Weights,
                instructionSet: CompileOptions.PortableCode, threads: options.Threads, gpuPasses: true);
            var gpu = Pipeline.Run(bytes, host, null, (layout, problems) => Sources(layout, problems, options));
            // The host compile repeats the CPU compile's own warnings: only what is new about the session is reported. A
            // GPU compile that fails (a bug, since the CPU compile of the same model succeeded) must not fail a build whose
            // CPU class is fine: its errors become MG0601 warnings, and there is no session.
            var problems = cpu.Problems.Concat(gpu.Problems
                .Where(p => p.Id == DiagnosticIds.RunsOnCpuInGpuSession.Id || p.Severity == ProblemSeverity.Error)
                .Select(p => p.Severity != ProblemSeverity.Error ? p : new Problem(DiagnosticIds.RunsOnCpuInGpuSession,
                    "The whole model runs on the CPU: no GPU session is generated, because compiling it for the GPU failed (" + p.Id + ": " + p.Message + ").", p.NodeName, p.OpType)));
            var sources = gpu.Success ? cpu.Sources.Concat(gpu.Sources) : cpu.Sources;
            return new CompileResult(sources.ToList(), problems.ToList(), cpu.Summary);
        }

        private static List<GeneratedSource> Sources(ModelLayout host, ProblemBag problems, CompileOptions model)
        {
            string? unsupported = Unsupported(host);
            if (unsupported != null)
            {
                problems.Add(DiagnosticIds.RunsOnCpuInGpuSession, "The whole model runs on the CPU: no GPU session is generated, because " + unsupported + ".");
                return new List<GeneratedSource>();
            }
            return new List<GeneratedSource>
            {
                new GeneratedSource(host.ClassName + ".g.cs", ClassShellEmitter.Emit(host)),
                new GeneratedSource(host.ClassName + ".Predict.g.cs", PredictEmitter.Emit(host)),
                new GeneratedSource(host.ClassName + ".Run.g.cs", RunEmitter.Emit(host)),
                new GeneratedSource(model.ClassName + ".Gpu.g.cs", GpuSessionEmitter.Emit(host, model, problems)),
            };
        }

        /// <summary>Why this slice of the GPU backend cannot build a session for the model, or null.</summary>
        private static string? Unsupported(ModelLayout m)
        {
            // Symbolic input dims (a batch, a sequence length) are bound per call, as on the CPU; dims that only a node's
            // run knows (NonZero, a shape read from a tensor) would need the device to report sizes back mid-run.
            if (m.Symbols.Runtime.Count > 0) return "some of its shapes are known only while it runs (dims set by NonZero or a shape tensor; pin them with Dims metadata)";
            if (m.Program.Main.Nodes.SelectMany(n => n.Steps).Any(s => !(s is CallStep))) return "it has control flow (If, Loop or Scan)";
            if (m.Plan.GrowableOf.Count > 0 || m.Plan.StringOf.Count > 0) return "it has tensors sized at run time or string tensors";
            if (m.Graph.Inputs.Concat(m.Graph.Outputs).Any(v => v.Type == Ir.ElementType.String)) return "it has string inputs or outputs";
            if (m.Options.Weights == CompileOptions.StreamWeights) return "its weights are passed at run time (Weights=stream)";
            return null;
        }
    }
}

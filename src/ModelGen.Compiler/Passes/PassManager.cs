using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Passes.Canonical;

namespace ModelGen.Compiler.Passes
{
    /// <summary>
    /// Stage 4: runs the passes in order, repeatedly, until none changes the graph (capped), and verifies the
    /// graph's invariants after every pass that changed it: a broken invariant is a compiler bug, reported as
    /// MG0901 naming the pass. <see cref="RunUntil"/> stops after a named pass (modelgen inspect --after).
    /// </summary>
    internal static class PassManager
    {
        public const int MaxRounds = 16;

        /// <summary>
        /// The default pipeline, in order; with <paramref name="optimize"/> false (modelgen --no-optimize, the
        /// ModelGenOptimize MSBuild property), only the passes every compile needs.
        /// </summary>
        public static IReadOnlyList<IPass> Default(ProblemBag problems, bool optimize = true, bool gpuPasses = false, bool winograd = true)
        {
            var all = new IPass[]
            {
                new ConstantFolding(),
                new DeadNodeElimination(),
                new IdentityElimination(problems),
                new CommonSubexpressionElimination(problems),
                new AlgebraicIdentities(problems),
                new BatchNormIntoConv(problems),
                new ScaleIntoProducer(problems),
                new Patterns.LayerNormPattern(),
                new Patterns.RmsNormPattern(),
                new Patterns.GeluPattern(),
                new Patterns.HardSwishPattern(),
                new Patterns.SoftmaxPattern(),
                new Patterns.AttentionPattern(),
                new Layout.TransposeSinking(problems),
                new Layout.ChannelsLastConvOutput(problems),
                new EpilogueFusion(problems),
                new WinogradConvolution(problems),
                new Layout.BlockedConvChains(problems),
                new PackConstantB(problems),
                new PackQuantizedProducts(problems),
                new ElementwiseFusion(),
                new ReductionFusion(),
                new ViewFusion(),
                new LoadTimeStage(),
            };
            if (optimize) return winograd ? all : all.Where(p => !(p is WinogradConvolution)).ToArray();
            // The GPU session's compile: the rewrites that are not CPU choices (no epilogues, patterns, layouts or view
            // fusion, which the GPU emitter has no kernels for), so BatchNormalization still folds into the Conv before it,
            // and pointwise groups fuse into one expression each, which the GPU emitter makes one generated kernel.
            if (gpuPasses) return all.Select(p => p is ElementwiseFusion ? new ElementwiseFusion(Emit.Gpu.GpuScalarCode.CanRenderWidened) : p)
                                     .Where(p => p.IsRequired || p is IdentityElimination || p is CommonSubexpressionElimination || p is AlgebraicIdentities ||
                                                 p is BatchNormIntoConv || p is ScaleIntoProducer || p is ElementwiseFusion).ToArray();
            return all.Where(p => p.IsRequired).ToArray();
        }

        public static void Run(Graph g, IReadOnlyList<IPass> passes, ProblemBag problems) => RunUntil(g, passes, problems, null, new OptimizationLog());

        /// <summary>Runs to a fixed point; with <paramref name="stopAfter"/>, runs only the passes up to and including that one.</summary>
        public static void RunUntil(Graph g, IReadOnlyList<IPass> passes, ProblemBag problems, string? stopAfter, OptimizationLog log, System.Action<string, Graph>? afterPass = null)
        {
            var selected = new List<IPass>();
            foreach (var p in passes)
            {
                selected.Add(p);
                if (p.Name == stopAfter) break;
            }
            for (int round = 0; round < MaxRounds; round++)
            {
                bool changed = false;
                foreach (var pass in selected)
                {
                    int changes = pass.Run(g, log);
                    log.Changed(pass.Name, changes);
                    if (changes == 0) continue;
                    changed = true;
                    afterPass?.Invoke(pass.Name, g);
                    var broken = g.Verify();
                    if (broken != null)
                    {
                        problems.Add(DiagnosticIds.InternalError, "Internal error: after pass '" + pass.Name + "' the graph is invalid: " + broken + ".");
                        return;
                    }
                }
                if (!changed) return;
            }
        }
    }
}

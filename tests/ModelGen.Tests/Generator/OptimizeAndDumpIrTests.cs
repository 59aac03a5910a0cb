using System;
using System.Collections.Generic;
using System.Linq;
using ModelGen.Tests.Cli;
using ModelGen.Tests.Infrastructure;
using Xunit;

namespace ModelGen.Tests.Generator
{
    /// <summary>
    /// The Optimize and DumpIr item metadata and the ModelGenOptimize and ModelGenDumpIr properties, through the
    /// generator to CompileOptions, on Conv → BatchNormalization (which the optimizer folds into one Conv).
    /// </summary>
    public sealed class OptimizeAndDumpIrTests
    {
        private const string RunFile = "Convbn.Run.g.cs", DumpFile = "Convbn.ir.g.cs";

        private static string Model() => GenModels.Write(TinyModels.ConvBatchNorm(), "convbn.onnx");

        private static IReadOnlyDictionary<string, string> Props(params (string Key, string Value)[] p) => p.ToDictionary(kv => kv.Key, kv => kv.Value);

        /// <summary>True when the generated Run method still calls the BatchNormalization kernel (the optimizer was off).</summary>
        private static bool CallsBatchNorm(GeneratorRun run) => run.Sources[RunFile].Contains("BatchNormalization.Run", StringComparison.Ordinal);

        [Fact]
        public void ByDefaultTheOptimizerRunsAndNoIrIsDumped()
        {
            var run = GeneratorHarness.Run("", new[] { new ModelItem(Model()) });
            Assert.Empty(run.GeneratorDiagnostics);
            Assert.Empty(run.CompileDiagnostics);
            Assert.False(CallsBatchNorm(run), run.Sources[RunFile]);
            Assert.DoesNotContain(DumpFile, run.Sources.Keys);
        }

        [Fact]
        public void OptimizeMetadataFalseKeepsTheBatchNormalization()
        {
            var run = GeneratorHarness.Run("", new[] { new ModelItem(Model(), Optimize: "False") });
            Assert.Empty(run.GeneratorDiagnostics);
            Assert.Empty(run.CompileDiagnostics);
            Assert.True(CallsBatchNorm(run), run.Sources[RunFile]);
        }

        [Fact]
        public void ModelGenOptimizePropertyAppliesToEveryModelAndMetadataOverridesIt()
        {
            string path = Model();
            var off = GeneratorHarness.Run("", new[] { new ModelItem(path) }, buildProperties: Props(("ModelGenOptimize", "false")));
            Assert.True(CallsBatchNorm(off));
            var on = GeneratorHarness.Run("", new[] { new ModelItem(path, Optimize: "true") }, buildProperties: Props(("ModelGenOptimize", "false")));
            Assert.False(CallsBatchNorm(on));
            var defaulted = GeneratorHarness.Run("", new[] { new ModelItem(path) }, buildProperties: Props(("ModelGenOptimize", "true")));
            Assert.False(CallsBatchNorm(defaulted));
        }

        [Fact]
        public void DumpIrAddsACommentOnlySourceWithTheIrAfterEachStageAndPass()
        {
            string path = Model();
            var run = GeneratorHarness.Run("", new[] { new ModelItem(path, DumpIr: "true") });
            Assert.Empty(run.GeneratorDiagnostics);
            Assert.Empty(run.CompileDiagnostics);
            string dump = run.Sources[DumpFile];
            Assert.All(dump.TrimEnd('\n').Split('\n'), line => Assert.StartsWith("//", line, StringComparison.Ordinal));
            Assert.Contains("// Optimizing passes: on.", dump, StringComparison.Ordinal);
            int import = dump.IndexOf(". after stage import\n", StringComparison.Ordinal);
            int fold = dump.IndexOf(". after pass batchnorm-into-conv\n", StringComparison.Ordinal);
            int passes = dump.IndexOf(". after stage passes\n", StringComparison.Ordinal);
            Assert.True(import > 0 && fold > import && passes > fold, dump);
            Assert.Contains("BatchNormalization(", dump.Substring(import, fold - import), StringComparison.Ordinal);
            Assert.DoesNotContain("BatchNormalization(", dump.Substring(passes), StringComparison.Ordinal);

            // Deterministic: the same model and options give the same bytes.
            var again = GeneratorHarness.Run("", new[] { new ModelItem(path, DumpIr: "true") });
            Assert.Equal(dump, again.Sources[DumpFile]);
        }

        [Fact]
        public void ModelGenDumpIrPropertyDumpsEveryModelAndMetadataOverridesIt()
        {
            string path = Model();
            var all = GeneratorHarness.Run("", new[] { new ModelItem(path, Optimize: "false") }, buildProperties: Props(("ModelGenDumpIr", "true")));
            Assert.Contains("// Optimizing passes: off", all.Sources[DumpFile], StringComparison.Ordinal);
            Assert.DoesNotContain(". after pass batchnorm-into-conv\n", all.Sources[DumpFile], StringComparison.Ordinal);
            var none = GeneratorHarness.Run("", new[] { new ModelItem(path, DumpIr: "false") }, buildProperties: Props(("ModelGenDumpIr", "true")));
            Assert.DoesNotContain(DumpFile, none.Sources.Keys);
        }
    }
}

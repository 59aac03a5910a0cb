using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using ModelGen.Tests.Generator;
using ModelGen.Tests.Infrastructure;
using Xunit;

namespace ModelGen.Tests.Diagnostics
{
    /// <summary>
    /// The generated class's default thread budget: Threads metadata, else the ModelGenThreads property, else 1; "auto"
    /// is 0 (resolved on the machine the app runs on); MG0408 warns about anything else and keeps 1.
    /// </summary>
    public sealed class ThreadsOptionTests
    {
        private static GeneratorRun Run(string? metadata, string? property)
        {
            string path = GenModels.Write(GenModels.TinyNet(1), "tiny_net.onnx");
            var props = property == null ? null : new Dictionary<string, string> { ["ModelGenThreads"] = property };
            var item = new ModelItem(path) { Threads = metadata };
            return GeneratorHarness.Run("", new[] { item }, buildProperties: props);
        }

        private static string Shell(GeneratorRun run) => run.Sources.Single(s => s.Value.Contains("public TinyNet(global::ModelGen.Runtime.ModelWeights weights)", StringComparison.Ordinal)).Value;

        private static string Budget(int threads) => "_threads = new global::ModelGen.Runtime.Threading.ParallelRange(" + threads + ");";

        [Theory]
        [InlineData(null, null, 1)]
        [InlineData("4", null, 4)]
        [InlineData("auto", null, 0)]
        [InlineData(null, "AUTO", 0)]
        [InlineData(null, "2", 2)]
        [InlineData("1", "8", 1)]
        [InlineData(" 3 ", null, 3)]
        public void MG0408_is_not_reported_and_the_class_gets_the_chosen_budget(string? metadata, string? property, int expected)
        {
            var run = Run(metadata, property);
            Assert.Empty(run.GeneratorDiagnostics);
            string shell = Shell(run);
            Assert.Contains(Budget(expected), shell, StringComparison.Ordinal);
            Assert.Contains("public int MaxThreads { get => _threads.MaxThreads; set => _threads.MaxThreads = value; }", shell, StringComparison.Ordinal);
            Assert.Empty(run.CompileDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
        }

        [Theory]
        [InlineData("0")]
        [InlineData("-2")]
        [InlineData("many")]
        [InlineData("2.5")]
        [InlineData("100000")]
        public void MG0408_an_invalid_count_is_a_warning_and_the_model_stays_on_one_thread(string value)
        {
            var run = Run(value, null);
            var d = Assert.Single(run.GeneratorDiagnostics);
            Assert.Equal("MG0408", d.Id);
            Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
            Assert.Contains("'" + value + "'", d.GetMessage(), StringComparison.Ordinal);
            Assert.Contains(Budget(1), Shell(run), StringComparison.Ordinal);
        }

        [Fact]
        public void MG0408_kernel_calls_pass_the_instance_budget()
        {
            // TinyNet is a Gemm model: its call passes the instance's budget as the last argument.
            var run = Run("2", null);
            Assert.Contains(run.Sources.Values, s => s.Contains("global::ModelGen.Runtime.Kernels.Gemm.Run", StringComparison.Ordinal) && s.Contains(", _threads);", StringComparison.Ordinal));
        }
    }
}

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
    /// Where the generated parameterless constructor finds the weights: the embedded resource (the default), the .onnx
    /// file beside the app (Weights="file"), or nowhere (Weights="stream": no such constructor, the app passes them);
    /// the ModelGenWeights property sets it for every model, and MG0406 warns about any other value.
    /// </summary>
    public sealed class WeightStorageTests
    {
        private static GeneratorRun Run(string? metadata, string? property)
        {
            string path = GenModels.Write(GenModels.TinyNet(1), "tiny_net.onnx");
            var props = property == null ? null : new Dictionary<string, string> { ["ModelGenWeights"] = property };
            var item = new ModelItem(path) { Weights = metadata };
            return GeneratorHarness.Run("", new[] { item }, buildProperties: props);
        }

        private static string Shell(GeneratorRun run) => run.Sources.Single(s => s.Value.Contains("public TinyNet(global::ModelGen.Runtime.ModelWeights weights)", StringComparison.Ordinal)).Value;

        [Theory]
        [InlineData(null, null, "FromEmbeddedResource(typeof(TinyNet).Assembly, ResourceName)")]
        [InlineData("file", null, "FromFile(global::System.IO.Path.Combine(global::System.AppContext.BaseDirectory, \"tiny_net.onnx\"))")]
        [InlineData(null, "File", "FromFile(global::System.IO.Path.Combine(global::System.AppContext.BaseDirectory, \"tiny_net.onnx\"))")]
        [InlineData("embedded", "file", "FromEmbeddedResource(typeof(TinyNet).Assembly, ResourceName)")]
        public void MG0406_is_not_reported_and_the_default_constructor_reads_the_chosen_weights(string? metadata, string? property, string expected)
        {
            var run = Run(metadata, property);
            Assert.Empty(run.GeneratorDiagnostics);
            string shell = Shell(run);
            Assert.Contains("public TinyNet() : this(DefaultWeights())", shell, StringComparison.Ordinal);
            Assert.Contains(expected, shell, StringComparison.Ordinal);
            Assert.Empty(run.CompileDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
        }

        [Fact]
        public void MG0406_stream_weights_have_no_parameterless_constructor()
        {
            var run = Run("stream", null);
            Assert.Empty(run.GeneratorDiagnostics);
            string shell = Shell(run);
            Assert.DoesNotContain("public TinyNet()", shell, StringComparison.Ordinal);
            Assert.DoesNotContain("FromEmbeddedResource", shell, StringComparison.Ordinal);
            Assert.Contains("public static TinyNet FromStream(global::System.IO.Stream stream)", shell, StringComparison.Ordinal);
            Assert.Empty(run.CompileDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
        }

        [Fact]
        public void MG0406_an_unknown_storage_is_a_warning_and_the_weights_stay_embedded()
        {
            var run = Run("cloud", null);
            var d = Assert.Single(run.GeneratorDiagnostics);
            Assert.Equal("MG0406", d.Id);
            Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
            Assert.Contains("'cloud'", d.GetMessage(), StringComparison.Ordinal);
            Assert.Contains("FromEmbeddedResource(typeof(TinyNet).Assembly, ResourceName)", Shell(run), StringComparison.Ordinal);
        }
    }
}

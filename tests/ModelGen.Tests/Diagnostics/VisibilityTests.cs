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
    /// The generated class's visibility: public by default, internal through Visibility metadata or the project-wide
    /// ModelGenVisibility property (metadata wins), and MG0405 (a warning; the class stays public) for anything else.
    /// </summary>
    public sealed class VisibilityTests
    {
        private const string Declaration = "sealed partial class TinyNet : global::ModelGen.Runtime.ICompiledModel";

        private static GeneratorRun Run(string? metadata, string? property)
        {
            string path = GenModels.Write(GenModels.TinyNet(1), "tiny_net.onnx");
            var props = property == null ? null : new Dictionary<string, string> { ["ModelGenVisibility"] = property };
            return GeneratorHarness.Run("", new[] { new ModelItem(path, Visibility: metadata) }, buildProperties: props);
        }

        private static string ClassSource(GeneratorRun run) => run.Sources.Single(s => s.Value.Contains(Declaration, StringComparison.Ordinal)).Value;

        [Theory]
        [InlineData(null, null, "public")]
        [InlineData("internal", null, "internal")]
        [InlineData("Internal", null, "internal")]
        [InlineData(null, "internal", "internal")]
        [InlineData("public", "internal", "public")]
        public void MG0405_is_not_reported_and_the_class_has_the_chosen_visibility(string? metadata, string? property, string expected)
        {
            var run = Run(metadata, property);
            Assert.Empty(run.GeneratorDiagnostics);
            Assert.Contains(expected + " " + Declaration, ClassSource(run), StringComparison.Ordinal);
            Assert.Empty(run.CompileDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning));
        }

        [Fact]
        public void MG0405_an_unknown_visibility_is_a_warning_and_the_class_stays_public()
        {
            var run = Run("protected", null);
            var d = Assert.Single(run.GeneratorDiagnostics);
            Assert.Equal("MG0405", d.Id);
            Assert.Equal(DiagnosticSeverity.Warning, d.Severity);
            Assert.Contains("'protected'", d.GetMessage(), StringComparison.Ordinal);
            Assert.Contains("public " + Declaration, ClassSource(run), StringComparison.Ordinal);
        }
    }
}

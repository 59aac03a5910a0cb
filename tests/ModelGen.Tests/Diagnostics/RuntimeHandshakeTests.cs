using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ModelGen.Tests.Infrastructure;
using Xunit;

namespace ModelGen.Tests.Diagnostics
{
    /// <summary>
    /// The generator↔runtime version handshake: a project whose ModelGen.Runtime is another version than the generator's,
    /// or that has none, gets one MG0404 error at the model and no generated code (not errors about missing members or a
    /// MissingMethodException at run time); the matching pair compiles as always.
    /// </summary>
    public sealed class RuntimeHandshakeTests
    {
        private static string Model => Path.Combine(TestPaths.RepoRoot, "sample-apps", "Digits", "Models", "digits.onnx");

        private static readonly string s_runtimePath = typeof(ModelGen.Runtime.Arena).Assembly.Location;

        /// <summary>The harness's references with ModelGen.Runtime taken out (and <paramref name="replacement"/> put in).</summary>
        private static MetadataReference[] Without(MetadataReference? replacement) =>
            GeneratorHarness.References.Where(r => !string.Equals(r.Display, s_runtimePath, System.StringComparison.OrdinalIgnoreCase))
                .Concat(replacement == null ? Enumerable.Empty<MetadataReference>() : new[] { replacement }).ToArray();

        /// <summary>An empty assembly named ModelGen.Runtime with another version.</summary>
        private static MetadataReference OtherRuntime(string version)
        {
            var tree = CSharpSyntaxTree.ParseText("[assembly: System.Reflection.AssemblyVersion(\"" + version + "\")]");
            var c = CSharpCompilation.Create("ModelGen.Runtime", new[] { tree }, GeneratorHarness.References.Where(r => r.Display != s_runtimePath),
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            using var image = new MemoryStream();
            Assert.True(c.Emit(image).Success);
            return MetadataReference.CreateFromImage(image.ToArray());
        }

        [Fact]
        public void MG0404_is_not_reported_for_the_matching_runtime()
        {
            var run = GeneratorHarness.Run("", new[] { new ModelItem(Model) });
            Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "MG0404");
            Assert.NotEmpty(run.Sources);
        }

        [Fact]
        public void MG0404_another_runtime_version_is_one_clear_error_and_no_code()
        {
            var run = GeneratorHarness.Run("", new[] { new ModelItem(Model) }, references: Without(OtherRuntime("9.8.7.0")));
            var d = Assert.Single(run.GeneratorDiagnostics);
            Assert.Equal("MG0404", d.Id);
            Assert.Equal(DiagnosticSeverity.Error, d.Severity);
            Assert.Contains("ModelGen.Runtime 9.8.7.0 but the generator is " + typeof(ModelGen.Generator.ModelGenerator).Assembly.GetName().Version, d.GetMessage(), System.StringComparison.Ordinal);
            Assert.StartsWith("digits.onnx: ", d.GetMessage(), System.StringComparison.Ordinal);
            Assert.Empty(run.Sources);
        }

        [Fact]
        public void MG0404_no_runtime_is_one_clear_error()
        {
            var run = GeneratorHarness.Run("", new[] { new ModelItem(Model) }, references: Without(null));
            var d = Assert.Single(run.GeneratorDiagnostics);
            Assert.Equal("MG0404", d.Id);
            Assert.Contains("does not reference ModelGen.Runtime", d.GetMessage(), System.StringComparison.Ordinal);
            Assert.Empty(run.Sources);
        }
    }
}

using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using ModelGen.Analyzers;
using ModelGen.Tests.Generator;
using ModelGen.Tests.Infrastructure;
using Xunit;

namespace ModelGen.Tests.Diagnostics
{
    /// <summary>MG04xx (generator options: class names, clashes, [OnnxModel] paths) and MG0501 (the analyzer).</summary>
    public sealed class OptionDiagnosticTests
    {
        [Fact]
        public void MG0401_ClassNameMetadataIsNotAnIdentifier()
        {
            var (run, path) = DiagnosticRun.Generate(GenModels.TinyNet(1), className: "2bad");
            var d = Assert.Single(DiagnosticRun.Expect(run, path, "MG0401", messageNamesFile: false));
            Assert.Contains("'2bad'", d.GetMessage(), StringComparison.Ordinal);
        }

        [Fact]
        public void MG0401_NamespaceMetadataIsNotADottedName()
        {
            var (run, path) = DiagnosticRun.Generate(GenModels.TinyNet(1), ns: "My..Models");
            var d = Assert.Single(DiagnosticRun.Expect(run, path, "MG0401", messageNamesFile: false));
            Assert.Contains("'My..Models'", d.GetMessage(), StringComparison.Ordinal);
        }

        [Fact]
        public void MG0402_TwoFilesMapToTheSameClass()
        {
            string dir = TestPaths.NewTempDir();
            string first = GenModels.Write(GenModels.TinyNet(1), "a_model.onnx", dir);
            string second = GenModels.Write(GenModels.TinyNet(2), "b_model.onnx", dir);
            var run = GeneratorHarness.Run("", new[] { new ModelItem(first, ClassName: "Same"), new ModelItem(second, ClassName: "Same") });

            var d = Assert.Single(run.GeneratorDiagnostics);
            Assert.Equal("MG0402", d.Id);
            Assert.Equal(DiagnosticSeverity.Error, d.Severity);
            DiagnosticRun.AssertAtFile(d, second);
            Assert.Contains("a_model.onnx", d.GetMessage(), StringComparison.Ordinal);
            Assert.Contains("b_model.onnx", d.GetMessage(), StringComparison.Ordinal);
            Assert.Contains("TestApp.Same", d.GetMessage(), StringComparison.Ordinal);
            // The first file still gets its class.
            Assert.Equal(new[] { "Same.Predict.g.cs", "Same.Run.g.cs", "Same.g.cs" }, run.Sources.Keys.OrderBy(k => k, StringComparer.Ordinal));
        }

        [Fact]
        public void MG0402_SameFileNameInTwoFolders()
        {
            string first = GenModels.Write(GenModels.TinyNet(1), "net.onnx");
            string second = GenModels.Write(GenModels.TinyNet(2), "net.onnx");
            var run = GeneratorHarness.Run("", new[] { new ModelItem(first), new ModelItem(second) });

            var d = Assert.Single(run.GeneratorDiagnostics);
            Assert.Equal("MG0402", d.Id);
            string later = string.CompareOrdinal(first, second) < 0 ? second : first;
            DiagnosticRun.AssertAtFile(d, later);
        }

        [Fact]
        public void MG0403_OnnxModelNamesAFileThatIsNotAnAdditionalFile()
        {
            const string attribute = "OnnxModel(\"missing.onnx\")";
            string source = "namespace TestApp\n{\n    [global::ModelGen.Runtime." + attribute + "]\n    public partial class Lost { }\n}\n";
            var run = GeneratorHarness.Run(source, Array.Empty<ModelItem>());

            var d = Assert.Single(run.GeneratorDiagnostics);
            Assert.Equal("MG0403", d.Id);
            Assert.Equal(DiagnosticSeverity.Error, d.Severity);
            Assert.Contains("missing.onnx", d.GetMessage(), StringComparison.Ordinal);
            Assert.Contains("Lost", d.GetMessage(), StringComparison.Ordinal);
            // Located at the attribute in the user's source.
            var span = d.Location.GetLineSpan();
            Assert.Equal("Program.cs", span.Path);
            Assert.Equal(2, span.StartLinePosition.Line);
            Assert.Equal("global::ModelGen.Runtime." + attribute, source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length));
            Assert.Empty(run.Sources);
        }

        [Fact]
        public async Task MG0501_AnalyzerReportsANonPartialClass()
        {
            const string attribute = "global::ModelGen.Runtime.OnnxModel(\"tiny_net.onnx\")";
            string source = "namespace TestApp\n{\n    [" + attribute + "]\n    public class NotPartial { }\n\n    [" + attribute + "]\n    public partial class Fine { }\n}\n";
            var compilation = GeneratorHarness.CreateCompilation(source);

            var diagnostics = await compilation
                .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new OnnxModelClassAnalyzer()))
                .GetAnalyzerDiagnosticsAsync();

            var d = Assert.Single(diagnostics);
            Assert.Equal("MG0501", d.Id);
            Assert.Equal(DiagnosticSeverity.Error, d.Severity);
            Assert.Contains("NotPartial", d.GetMessage(), StringComparison.Ordinal);
            Assert.Contains("not partial", d.GetMessage(), StringComparison.Ordinal);
            Assert.Equal(2, d.Location.GetLineSpan().StartLinePosition.Line);
            Assert.Equal(attribute, source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length));
        }

        [Fact]
        public void MG0501_GeneratorSkipsTheNonPartialClassWithoutItsOwnError()
        {
            // The generator leaves the class alone (the analyzer reports it); it must not crash or generate a clashing class.
            string path = GenModels.Write(GenModels.TinyNet(1));
            string source = "namespace TestApp\n{\n    [global::ModelGen.Runtime.OnnxModel(\"tiny_net.onnx\")]\n    public class NotPartial { }\n}\n";
            var run = GeneratorHarness.Run(source, new[] { new ModelItem(path) });

            Assert.Empty(run.GeneratorDiagnostics);
            Assert.DoesNotContain(run.Sources.Keys, k => k.StartsWith("NotPartial", StringComparison.Ordinal));
            Assert.Empty(run.CompileDiagnostics.Where(x => x.Severity == DiagnosticSeverity.Error));
        }
    }
}

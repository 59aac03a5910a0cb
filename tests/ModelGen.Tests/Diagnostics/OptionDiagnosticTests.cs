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
        public async Task MG0403_OnnxModelNamesAFileThatIsNotAnAdditionalFile()
        {
            // The analyzer reports it (at the attribute); the generator generates nothing for the class and stays silent,
            // so a build shows the error once. tiny_net.onnx is an AdditionalFile, named by the second class only.
            string path = GenModels.Write(GenModels.TinyNet(1), "tiny_net.onnx");
            const string attribute = "OnnxModel(\"missing.onnx\")";
            string source = "namespace TestApp\n{\n    [global::ModelGen.Runtime." + attribute + "]\n    public partial class Lost { }\n\n" +
                "    [global::ModelGen.Runtime.OnnxModel(\"Models/../tiny_net.onnx\")]\n    public partial class Wrong { }\n\n" +
                "    [global::ModelGen.Runtime.OnnxModel(\"TINY_NET.onnx\")]\n    public partial class Found { }\n}\n";
            var run = GeneratorHarness.Run(source, new[] { new ModelItem(path) });
            Assert.Empty(run.GeneratorDiagnostics);
            Assert.Equal(new[] { "Found.Predict.g.cs", "Found.Run.g.cs", "Found.g.cs" }, run.Sources.Keys.OrderBy(k => k, StringComparer.Ordinal));

            var options = new AnalyzerOptions(ImmutableArray.Create<AdditionalText>(new PathOnlyText(path)));
            var diagnostics = await GeneratorHarness.CreateCompilation(source)
                .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new ModelFileNotFoundAnalyzer()), options)
                .GetAnalyzerDiagnosticsAsync();
            Assert.Equal(new[] { "Lost", "Wrong" }, diagnostics.Select(d => d.GetMessage().Split(' ')[3]).OrderBy(n => n, StringComparer.Ordinal));
            var d = diagnostics.Single(x => x.GetMessage().Contains("Lost", StringComparison.Ordinal));
            Assert.Equal("MG0403", d.Id);
            Assert.Equal(DiagnosticSeverity.Error, d.Severity);
            Assert.Equal("[OnnxModel(\"missing.onnx\")] on class Lost names no .onnx AdditionalFile. Add <AdditionalFiles Include=\"missing.onnx\" /> to the project.", d.GetMessage());
            // Located at the attribute in the user's source.
            Assert.Equal(2, d.Location.GetLineSpan().StartLinePosition.Line);
            Assert.Equal("global::ModelGen.Runtime." + attribute, source.Substring(d.Location.SourceSpan.Start, d.Location.SourceSpan.Length));
        }

        /// <summary>An AdditionalFile the analyzer sees only by its path, as in a build (it never reads the binary model).</summary>
        private sealed class PathOnlyText : AdditionalText
        {
            public PathOnlyText(string path) { Path = path; }
            public override string Path { get; }
            public override Microsoft.CodeAnalysis.Text.SourceText? GetText(System.Threading.CancellationToken cancellationToken = default) => null;
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

using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ModelGen.Compiler;
using ModelGen.Tests.Infrastructure;
using Xunit;

namespace ModelGen.Tests.Generator
{
    /// <summary>
    /// Generated code as a user stepping into it meets it: compiled as a project with GenerateDocumentationFile would
    /// (DocumentationMode.Diagnose), every visible member has its XML doc (no CS1591) and every doc is well formed (no
    /// CS1570-CS1574: bad XML, a param that does not exist, a cref that does not resolve); the class summary says
    /// which model it is and each step method names its nodes.
    /// </summary>
    public sealed class GeneratedDocumentationTests
    {
        private static readonly string[] s_docWarnings = { "CS1570", "CS1571", "CS1572", "CS1573", "CS1574", "CS1580", "CS1584", "CS1587", "CS1589", "CS1591" };

        private static IReadOnlyList<GeneratedSource> Generate(string path, CompileOptions options)
        {
            var result = ModelCompiler.Compile(File.ReadAllBytes(path), options);
            Assert.True(result.Success, string.Join(Environment.NewLine, result.Problems.Select(p => p.Id + ": " + p.Message)));
            return result.Sources;
        }

        private static CompileOptions Options(string className, string path, string weights = CompileOptions.EmbeddedWeights, string floor = CompileOptions.PortableCode, string dims = "") =>
            new CompileOptions(className, "Docs", path, "ModelGen." + className + ".onnx", CompileOptions.ParseDims(dims, new List<string>()),
                weights: weights, instructionSet: floor);

        /// <summary>The documentation diagnostics of the sources compiled together, one line each.</summary>
        private static List<string> DocProblems(IEnumerable<GeneratedSource> sources)
        {
            var parse = new CSharpParseOptions(LanguageVersion.Latest, DocumentationMode.Diagnose);
            var trees = sources.Select(s => CSharpSyntaxTree.ParseText(s.Text, parse, path: s.HintName, encoding: Encoding.UTF8));
            var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true,
                specificDiagnosticOptions: s_docWarnings.ToImmutableDictionary(id => id, _ => ReportDiagnostic.Error));
            var compilation = CSharpCompilation.Create("Docs", trees, GeneratorHarness.References, options);
            var all = compilation.GetDiagnostics();
            Assert.Empty(all.Where(d => d.Severity == DiagnosticSeverity.Error && !s_docWarnings.Contains(d.Id)));
            return all.Where(d => s_docWarnings.Contains(d.Id)).Select(d => d.ToString()).ToList();
        }

        [Fact]
        public void The_check_itself_finds_a_missing_doc_and_a_bad_param()
        {
            var problems = DocProblems(new[] { new GeneratedSource("X.cs", "/// <summary>Documented.</summary>\npublic static class X\n{\n    public static int Bare() => 1;\n" +
                "    /// <summary>Wrong name.</summary>\n    /// <param name=\"b\">Not there.</param>\n    public static int Named(int a) => a;\n}\n") });
            Assert.Contains(problems, p => p.Contains("CS1591", StringComparison.Ordinal) && p.Contains("X.Bare()", StringComparison.Ordinal));
            Assert.Contains(problems, p => p.Contains("CS1572", StringComparison.Ordinal));
        }

        [Fact]
        public void The_sample_model_has_a_doc_for_every_visible_member_in_every_weights_and_floor_variant()
        {
            string digits = Path.Combine(TestPaths.RepoRoot, "sample-apps", "Digits", "Models", "digits.onnx");
            var sources = Generate(digits, Options("Embedded", digits))
                .Concat(Generate(digits, Options("FileWeights", digits, weights: CompileOptions.FileWeights)))
                .Concat(Generate(digits, Options("StreamWeights", digits, weights: CompileOptions.StreamWeights)))
                .Concat(Generate(digits, Options("Floor", digits, floor: CompileOptions.X86V3)))
                .ToList();
            Assert.Empty(DocProblems(sources));

            string shell = sources.First(s => s.HintName == "Embedded.g.cs").Text;
            Assert.Contains("digits.onnx' (graph 'digits'; written by ModelGen; opset 13) compiled to C# by ModelGen at build time.", shell, StringComparison.Ordinal);
            Assert.Contains("/// <para>Inputs: <c>pixels</c> ('pixels', float [1,1,16,16]).</para>", shell, StringComparison.Ordinal);
            Assert.Contains("/// <para>Outputs: <c>probabilities</c> ('probabilities', float [1,10]).</para>", shell, StringComparison.Ordinal);
            string run = sources.First(s => s.HintName == "Embedded.Run.g.cs").Text;
            Assert.Contains("// Step 1 of 1: the compiled graph's nodes 1 to 7 of 7, from 'conv1' (FusedConv) to 'softmax' (Softmax); each is named below.", run, StringComparison.Ordinal);
        }

        /// <summary>The real models: symbolic dims (super-resolution, sine), many step methods (ultraface), one Release-sized graph each.</summary>
        [SharedDataTheory]
        [InlineData("mnist-8", "")]
        [InlineData("super-resolution-10", "")]
        [InlineData("tflm-hello-world-sine", "")]
        [InlineData("ultraface-version-RFB-320", "")]
        public void A_real_model_has_a_doc_for_every_visible_member(string folder, string dims)
        {
            string path = Path.Combine(TestPaths.Shared, "models", folder, "model.onnx");
            var sources = Generate(path, Options("Model", path, dims: dims));
            Assert.Empty(DocProblems(sources));
            string run = sources.Single(s => s.HintName == "Model.Run.g.cs").Text;
            int steps = run.Split('\n').Count(l => l.TrimStart().StartsWith("// Step ", StringComparison.Ordinal));
            Assert.Equal(run.Split('\n').Count(l => l.TrimStart().StartsWith("private void Run", StringComparison.Ordinal) && !l.Contains("private void Run(", StringComparison.Ordinal)), steps);
        }
    }
}

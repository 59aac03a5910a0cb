using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;
using ModelGen.Analyzers;
using ModelGen.CodeFixes;
using ModelGen.Tests.Infrastructure;
using Xunit;

namespace ModelGen.Tests.Diagnostics
{
    /// <summary>
    /// MG0403 in the IDE: ModelFileNotFoundAnalyzer reports an [OnnxModel] path that names no .onnx AdditionalFile, and
    /// ModelFileCodeFix points the attribute at a close file or adds the named file to the .csproj on disk.
    /// </summary>
    public sealed class ModelFileCodeFixTests
    {
        private const string Model = "/0/Models/digits.onnx";

        private static string Source(string path, bool marked) =>
            "namespace TestApp\n{\n    [" + (marked ? "{|MG0403:" : "") + "global::ModelGen.Runtime.OnnxModel(\"" + path.Replace("\\", "\\\\") + "\")" + (marked ? "|}" : "") + "]\n    public partial class Digits { }\n}\n";

        private static void Prepare(SolutionState state, params string[] additionalFiles)
        {
            state.AdditionalReferences.AddRange(GeneratorHarness.References);
            foreach (var f in additionalFiles) state.AdditionalFiles.Add((f, ""));
        }

        [Theory]
        [InlineData("Models/digits.onnx", false)]
        [InlineData("digits.onnx", false)]
        [InlineData("./MODELS/DIGITS.onnx", false)]
        [InlineData("Other/digits.onnx", true)]
        [InlineData("digit.onnx", true)]
        public Task MG0403_AnalyzerComparesByTheEndOfThePath(string path, bool reported)
        {
            var test = new CSharpAnalyzerTest<ModelFileNotFoundAnalyzer, DefaultVerifier> { TestCode = Source(path, reported), ReferenceAssemblies = AnalyzerVerifier.References };
            Prepare(test.TestState, Model, "/0/notes.txt");
            return test.RunAsync();
        }

        [Fact]
        public Task MG0403_AnalyzerIgnoresAFileThatIsNotAModel()
        {
            var test = new CSharpAnalyzerTest<ModelFileNotFoundAnalyzer, DefaultVerifier> { TestCode = Source("digits.txt", true), ReferenceAssemblies = AnalyzerVerifier.References };
            Prepare(test.TestState, "/0/digits.txt");
            return test.RunAsync();
        }

        [Theory]
        [InlineData("digit.onnx")]          // a typo: one edit
        [InlineData("Model/digits.onnx")]   // the right name in another folder
        [InlineData("dgits.onn")]           // two edits
        public Task MG0403_CodeFixUsesTheCloseFile(string path)
        {
            var test = new CSharpCodeFixTest<ModelFileNotFoundAnalyzer, ModelFileCodeFix, DefaultVerifier>
            {
                TestCode = Source(path, true),
                FixedCode = Source("Models/digits.onnx", false),
                ReferenceAssemblies = AnalyzerVerifier.References,
                CodeActionEquivalenceKey = ModelFileCodeFix.UseFileKey + "Models/digits.onnx",
                CodeFixTestBehaviors = CodeFixTestBehaviors.SkipFixAllCheck,
            };
            Prepare(test.TestState, Model, "/0/Other/mnist.onnx");
            Prepare(test.FixedState, Model, "/0/Other/mnist.onnx");
            return test.RunAsync();
        }

        [Fact]
        public Task MG0403_NoCloseFileNoReplacement()
        {
            // Three edits away: not offered; the diagnostic stays and the code is unchanged.
            var test = new CSharpCodeFixTest<ModelFileNotFoundAnalyzer, ModelFileCodeFix, DefaultVerifier>
            {
                TestCode = Source("dgts.onn", true),
                FixedCode = Source("dgts.onn", true),
                ReferenceAssemblies = AnalyzerVerifier.References,
                CodeFixTestBehaviors = CodeFixTestBehaviors.SkipFixAllCheck,
            };
            Prepare(test.TestState, Model);
            Prepare(test.FixedState, Model);
            return test.RunAsync();
        }

        [Theory]
        [InlineData("digits.onnx", "digits.onnx", 0)]
        [InlineData("digit.onnx", "digits.onnx", 1)]
        [InlineData("dgts.onnx", "digits.onnx", 2)]
        [InlineData("ab.onnx", "digits.onnx", 3)]
        public void EditDistanceStopsPastTheLimit(string a, string b, int expected)
        {
            Assert.Equal(expected, ModelFileCodeFix.EditDistance(a, b, 2));
        }

        [Fact]
        public async Task MG0403_CodeFixAddsTheItemToTheProjectFileOnDisk()
        {
            string dir = Path.Combine(Path.GetTempPath(), "modelgen-fix-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(dir);
            try
            {
                string csproj = Path.Combine(dir, "App.csproj");
                const string original = "<Project Sdk=\"Microsoft.NET.Sdk\">\r\n  <PropertyGroup>\r\n    <OutputType>Exe</OutputType>\r\n  </PropertyGroup>\r\n</Project>\r\n";
                File.WriteAllText(csproj, original);

                var add = await AddItemOperation(csproj, "Models/mnist.onnx");
                add.Apply(new AdhocWorkspace(), CancellationToken.None);
                Assert.Equal("<Project Sdk=\"Microsoft.NET.Sdk\">\r\n  <PropertyGroup>\r\n    <OutputType>Exe</OutputType>\r\n  </PropertyGroup>\r\n" +
                    "  <ItemGroup>\r\n    <AdditionalFiles Include=\"Models/mnist.onnx\" />\r\n  </ItemGroup>\r\n</Project>\r\n", File.ReadAllText(csproj));

                // Applied again (the item is there now, written either way round): the file stays as it is.
                string once = File.ReadAllText(csproj);
                (await AddItemOperation(csproj, "Models\\mnist.onnx")).Apply(new AdhocWorkspace(), CancellationToken.None);
                Assert.Equal(once, File.ReadAllText(csproj));
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }

        [Fact]
        public async Task MG0403_NoAddFixWithoutAProjectFile()
        {
            var actions = await FixesFor(null, "Models/mnist.onnx");
            Assert.DoesNotContain(actions, a => a.EquivalenceKey == ModelFileCodeFix.AddItemKey);
        }

        [Theory]
        [InlineData("<Project>\n</Project>", "<Project>\n  <ItemGroup>\n    <AdditionalFiles Include=\"a.onnx\" />\n  </ItemGroup>\n</Project>")]
        [InlineData("<Project></Project>", "<Project>\n  <ItemGroup>\n    <AdditionalFiles Include=\"a.onnx\" />\n  </ItemGroup>\n</Project>")]
        [InlineData("<Project>\n  <ItemGroup>\n    <AdditionalFiles Include=\"A.ONNX\" Visibility=\"internal\" />\n  </ItemGroup>\n</Project>", null)]
        [InlineData("<Project />", null)]
        public void EditInsertsBeforeTheClosingTagOrRefuses(string project, string? expected)
        {
            Assert.Equal(expected, AddAdditionalFileOperation.Edit(project, "a.onnx"));
        }

        /// <summary>The code fixes offered for MG0403 in an AdhocWorkspace project whose FilePath is <paramref name="projectPath"/>.</summary>
        private static async Task<List<CodeAction>> FixesFor(string? projectPath, string attributePath)
        {
            var workspace = new AdhocWorkspace();
            var info = ProjectInfo.Create(ProjectId.CreateNewId(), VersionStamp.Default, "App", "App", LanguageNames.CSharp, filePath: projectPath,
                compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary), metadataReferences: GeneratorHarness.References);
            var project = workspace.AddProject(info);
            string source = Source(attributePath, false);
            var document = workspace.AddDocument(project.Id, "Program.cs", SourceText.From(source));
            var compilation = (await document.Project.GetCompilationAsync())!;
            var diagnostics = await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new ModelFileNotFoundAnalyzer())).GetAnalyzerDiagnosticsAsync();
            var diagnostic = Assert.Single(diagnostics);
            Assert.Equal("MG0403", diagnostic.Id);

            var actions = new List<CodeAction>();
            var context = new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), CancellationToken.None);
            await new ModelFileCodeFix().RegisterCodeFixesAsync(context);
            return actions;
        }

        private static async Task<CodeActionOperation> AddItemOperation(string projectPath, string attributePath)
        {
            var action = Assert.Single(await FixesFor(projectPath, attributePath), a => a.EquivalenceKey == ModelFileCodeFix.AddItemKey);
            Assert.Equal("Add '" + attributePath + "' to the project as an AdditionalFile", action.Title);
            var operation = Assert.Single(await action.GetOperationsAsync(CancellationToken.None));
            Assert.IsType<AddAdditionalFileOperation>(operation);
            return operation;
        }
    }
}

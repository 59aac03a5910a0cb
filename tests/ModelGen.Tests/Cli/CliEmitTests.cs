using System.IO;
using System.Linq;
using ModelGen.Cli;
using ModelGen.Compiler;
using Xunit;

namespace ModelGen.Tests.Cli
{
    public class CliEmitTests
    {
        [Fact]
        public void Emit_WritesThreeFilesThatCompileWithoutWarnings()
        {
            using var dir = new TempDir();
            string model = TinyModels.WriteAddRelu(dir.Path);
            string output = dir.File("generated");
            CliRunner.Expect(ExitCodes.Success, "emit", model, "-o", output, "--class-name", "TinyNet", "--namespace", "My.Models");

            var files = Directory.GetFiles(output, "*.cs").Select(Path.GetFileName).OrderBy(f => f, System.StringComparer.Ordinal).ToArray();
            Assert.Equal(new[] { "TinyNet.Predict.g.cs", "TinyNet.Run.g.cs", "TinyNet.g.cs" }, files);
            var sources = Directory.GetFiles(output, "*.cs").Select(f => new GeneratedSource(Path.GetFileName(f), File.ReadAllText(f))).ToArray();
            Assert.Contains(sources, s => s.Text.Contains("namespace My.Models") && s.Text.Contains("partial class TinyNet"));

            var compiled = InMemoryCompiler.Compile(sources, "EmitTest." + System.Guid.NewGuid().ToString("N"));
            Assert.True(compiled.Errors.Count == 0 && compiled.Warnings.Count == 0,
                string.Join("\n", compiled.Errors.Concat(compiled.Warnings).Select(d => d.ToString())));
            Assert.NotNull(compiled.Assembly!.GetType("My.Models.TinyNet"));
        }

        [Fact]
        public void Emit_DefaultsClassNameFromTheFileName()
        {
            using var dir = new TempDir();
            string output = dir.File("out");
            CliRunner.Expect(ExitCodes.Success, "emit", TinyModels.WriteAddRelu(dir.Path), "--output", output);
            Assert.True(File.Exists(Path.Combine(output, "Tiny.g.cs")));
        }

        [Fact]
        public void Emit_UnsupportedModel_ExitsTwoAndWritesNothing()
        {
            using var dir = new TempDir();
            string model = dir.File("bad.onnx");
            File.WriteAllBytes(model, TinyModels.ThreeUnsupportedOps());
            string output = dir.File("out");
            var outcome = CliRunner.Expect(ExitCodes.CompileProblems, "emit", model, "-o", output);
            Assert.Contains("error MG0101", outcome.Stderr);
            Assert.False(Directory.Exists(output) && Directory.GetFiles(output).Length > 0);
        }
    }
}

using System.IO;
using ModelGen.Cli;
using Xunit;

namespace ModelGen.Tests.Cli
{
    public class CliUsageTests
    {
        [Fact]
        public void NoArguments_IsAUsageError() => CliRunner.Expect(ExitCodes.Usage);

        [Fact]
        public void UnknownVerb_IsAUsageError()
        {
            var outcome = CliRunner.Expect(ExitCodes.Usage, "compile", "model.onnx");
            Assert.Contains("compile", outcome.Stderr);
            Assert.Contains("--help", outcome.Stderr);
        }

        [Fact]
        public void UnknownFlag_IsAUsageError()
        {
            using var dir = new TempDir();
            string model = TinyModels.WriteAddRelu(dir.Path);
            var outcome = CliRunner.Expect(ExitCodes.Usage, "check", model, "--fast");
            Assert.Contains("--fast", outcome.Stderr);
        }

        [Fact]
        public void MissingModelFile_IsAUsageError()
        {
            var outcome = CliRunner.Expect(ExitCodes.Usage, "check", Path.Combine(Path.GetTempPath(), "no-such-model-4711.onnx"));
            Assert.Contains("not found", outcome.Stderr);
        }

        [Fact]
        public void BadDims_IsAUsageError()
        {
            using var dir = new TempDir();
            string model = TinyModels.WriteAddRelu(dir.Path);
            var outcome = CliRunner.Expect(ExitCodes.Usage, "check", model, "--dims", "N=zero");
            Assert.Contains("N=zero", outcome.Stderr);
        }

        [Fact]
        public void EmitWithoutOutput_IsAUsageError()
        {
            using var dir = new TempDir();
            CliRunner.Expect(ExitCodes.Usage, "emit", TinyModels.WriteAddRelu(dir.Path));
        }

        [Fact]
        public void EmitWithBadClassName_IsAUsageError()
        {
            using var dir = new TempDir();
            CliRunner.Expect(ExitCodes.Usage, "emit", TinyModels.WriteAddRelu(dir.Path), "-o", dir.File("out"), "--class-name", "class");
        }

        [Fact]
        public void RunWithNegativeTolerance_IsAUsageError()
        {
            using var dir = new TempDir();
            CliRunner.Expect(ExitCodes.Usage, "run", TinyModels.WriteAddRelu(dir.Path), "--rtol", "-1");
        }

        [Fact]
        public void RunWithMissingDataFolder_IsAUsageError()
        {
            using var dir = new TempDir();
            CliRunner.Expect(ExitCodes.Usage, "run", TinyModels.WriteAddRelu(dir.Path), "--data", dir.File("nowhere"));
        }

        [Fact]
        public void Version_PrintsTheVersion()
        {
            var outcome = CliRunner.Expect(ExitCodes.Success, "--version");
            Assert.Matches(@"^\d+\.\d+\.\d+", outcome.Stdout.Trim());
        }

        [Fact]
        public void Help_DocumentsVerbsAndExitCodes()
        {
            var outcome = CliRunner.Expect(ExitCodes.Success, "--help");
            foreach (var text in new[] { "check", "emit", "run", "Exit codes", "64" }) Assert.Contains(text, outcome.Stdout);
            var run = CliRunner.Expect(ExitCodes.Success, "run", "--help");
            foreach (var text in new[] { "--data", "--rtol", "--atol", "--write-outputs", "--dims" }) Assert.Contains(text, run.Stdout);
        }
    }
}

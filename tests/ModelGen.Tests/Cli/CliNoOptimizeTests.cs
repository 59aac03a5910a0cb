using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using ModelGen.Cli;
using Xunit;

namespace ModelGen.Tests.Cli
{
    /// <summary>
    /// --no-optimize on every verb that compiles, on Conv → BatchNormalization: with the optimizer on the
    /// BatchNormalization folds into the Conv (one run-time node), with --no-optimize it stays (two).
    /// </summary>
    public sealed class CliNoOptimizeTests
    {
        [Fact]
        public void Check_NoOptimize_KeepsTheBatchNormalization()
        {
            using var dir = new TempDir();
            string model = TinyModels.WriteConvBatchNorm(dir.Path);
            var on = CliRunner.Expect(ExitCodes.Success, "check", model);
            var off = CliRunner.Expect(ExitCodes.Success, "check", model, "--no-optimize");
            Assert.DoesNotContain(": 2 nodes", on.Stdout, StringComparison.Ordinal);
            Assert.Contains(": 2 nodes", off.Stdout, StringComparison.Ordinal);
        }

        [Fact]
        public void Emit_NoOptimize_WritesTheBatchNormalizationKernelCall()
        {
            using var dir = new TempDir();
            string model = TinyModels.WriteConvBatchNorm(dir.Path);
            CliRunner.Expect(ExitCodes.Success, "emit", model, "-o", dir.File("on"));
            CliRunner.Expect(ExitCodes.Success, "emit", model, "-o", dir.File("off"), "--no-optimize");
            Assert.DoesNotContain("BatchNormalization.Run", File.ReadAllText(Path.Combine(dir.File("on"), "Convbn.Run.g.cs")), StringComparison.Ordinal);
            Assert.Contains("BatchNormalization.Run", File.ReadAllText(Path.Combine(dir.File("off"), "Convbn.Run.g.cs")), StringComparison.Ordinal);
        }

        [Fact]
        public void Run_NoOptimize_PassesBothWays()
        {
            using var dir = new TempDir();
            string model = TinyModels.WriteConvBatchNorm(dir.Path);
            var on = CliRunner.Expect(ExitCodes.Success, "run", model);
            var off = CliRunner.Expect(ExitCodes.Success, "run", model, "--no-optimize");
            CliRunner.AssertNoGeneratedCodeWarnings(off);
            Assert.DoesNotContain("(optimizer off)", on.Stdout, StringComparison.Ordinal);
            Assert.Contains("(optimizer off)", off.Stdout, StringComparison.Ordinal);
            Assert.Contains("PASS", off.Stdout, StringComparison.Ordinal);
        }

        [Fact]
        public void Bench_NoOptimize_SaysSoInItsJson()
        {
            using var dir = new TempDir();
            string model = TinyModels.WriteConvBatchNorm(dir.Path);
            var off = CliRunner.Expect(ExitCodes.Success, "bench", model, "--no-optimize", "--runs", "3", "--warmup-seconds", "0", "--json");
            using var doc = JsonDocument.Parse(off.Stdout);
            Assert.False(doc.RootElement.GetProperty("optimize").GetBoolean());
            Assert.Contains("2 nodes", off.Stderr, StringComparison.Ordinal); // the compile report goes to stderr in JSON mode
        }

        [Fact]
        public void Conformance_NoOptimize_PassesTheSuite()
        {
            using var dir = new TempDir();
            string test = Directory.CreateDirectory(Path.Combine(dir.File("suite"), "test_convbn")).FullName;
            TinyModels.WriteConvBatchNorm(test, fileName: "model.onnx");
            var off = CliRunner.Expect(ExitCodes.Success, "conformance", dir.File("suite"), "--no-optimize", "--jobs", "1");
            Assert.Contains("optimizer off", off.Stderr, StringComparison.Ordinal);
            Assert.EndsWith("conformance: 1 passed, 0 failed, 0 unsupported, 0 crashed of 1", off.Stdout.TrimEnd(), StringComparison.Ordinal);
        }
    }
}

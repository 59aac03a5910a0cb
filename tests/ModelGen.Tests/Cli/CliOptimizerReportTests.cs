using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using ModelGen.Cli;
using Xunit;

namespace ModelGen.Tests.Cli
{
    /// <summary>modelgen optimizer-report on Conv → BatchNormalization with a symbolic batch (pinned from the input file).</summary>
    public sealed class CliOptimizerReportTests
    {
        [Fact]
        public void Report_PrintsOneRowWithBothVariantsOkAndWritesMarkdown()
        {
            using var dir = new TempDir();
            string folder = Directory.CreateDirectory(dir.File("convbn")).FullName;
            TinyModels.WriteConvBatchNorm(folder, batch: 3, fileName: "model.onnx");
            string md = dir.File("optimizer.md");
            var outcome = CliRunner.Expect(ExitCodes.Success, "optimizer-report", folder, "--runs", "3", "--warmup-seconds", "0", "--markdown", md);
            CliRunner.AssertNoGeneratedCodeWarnings(outcome);

            var lines = outcome.Stdout.Split('\n');
            Assert.StartsWith("cpu: ", lines[0], StringComparison.Ordinal);
            Assert.Matches(new Regex(@"^fp32 FMA peak, one core, measured in this run: \d+\.\d GFLOP/s before the models, \d+\.\d after \(\d+-bit vectors\)$"), lines[1]);
            Assert.StartsWith("model ", lines.Single(l => l.StartsWith("model ", StringComparison.Ordinal)), StringComparison.Ordinal);
            string row = lines.Single(l => l.StartsWith("convbn ", StringComparison.Ordinal));
            var cells = Regex.Split(row.Trim(), @"\s{2,}");
            // model, nodes imported/off/on, calls off/on, fusions, arena off/on, lower bound, naive, ms off/on, ratio, outputs off/on
            Assert.True(cells.Length == 16, row);
            Assert.Equal(new[] { "convbn", "2", "2" }, cells.Take(3));
            Assert.Equal("2", cells[4]);                           // Conv and BatchNormalization calls, optimizer off
            Assert.Equal("1", cells[5]);                           // one Conv, optimizer on
            Assert.Equal("batchnorm-into-conv 1", cells[6]);
            Assert.Matches(@"^\d+\.\d+$", cells[11]);
            Assert.Matches(@"^\d+\.\d+$", cells[12]);
            Assert.Matches(@"^\d+\.\d+$", cells[13]);
            Assert.Equal(new[] { "ok", "ok" }, cells.Skip(14));
            Assert.Contains("pinned N=3", outcome.Stderr, StringComparison.Ordinal);

            string page = File.ReadAllText(md);
            Assert.Contains("| model | nodes imported |", page, StringComparison.Ordinal);
            Assert.Contains("| convbn | 2 | 2 |", page, StringComparison.Ordinal);
            Assert.Contains("| batchnorm-into-conv 1 |", page, StringComparison.Ordinal);
            Assert.Contains("| ok | ok |", page, StringComparison.Ordinal);
        }

        [Fact]
        public void Report_MissingModel_IsAUsageError()
        {
            using var dir = new TempDir();
            var outcome = CliRunner.Expect(ExitCodes.Usage, "optimizer-report", dir.File("nothing-here.onnx"));
            Assert.Contains("not found", outcome.Stderr, StringComparison.Ordinal);
        }
    }
}

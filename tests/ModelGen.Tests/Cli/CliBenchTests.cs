using System;
using System.Text.Json;
using ModelGen.Cli;
using Xunit;

namespace ModelGen.Tests.Cli
{
    /// <summary>
    /// <c>modelgen bench</c>'s options as the kernel issue names them (--iterations N, --warmup N, --threads N, --json)
    /// beside its own (--runs, --warmup-seconds), and the JSON fields a script reads.
    /// </summary>
    public sealed class CliBenchTests
    {
        [Fact]
        public void Iterations_and_warmup_counts_are_the_runs_it_makes()
        {
            using var dir = new TempDir();
            string model = TinyModels.WriteConvBatchNorm(dir.Path);
            var r = CliRunner.Expect(ExitCodes.Success, "bench", model, "--iterations", "4", "--warmup", "3", "--threads", "1", "--json");
            using var doc = JsonDocument.Parse(r.Stdout);
            var o = doc.RootElement;
            Assert.Equal(4, o.GetProperty("runs").GetInt32());
            // --warmup alone is a count, not a floor under the default two seconds of warm-up.
            Assert.Equal(3, o.GetProperty("warmupRuns").GetInt32());
            Assert.Equal(1, o.GetProperty("threads").GetInt32());
            double min = o.GetProperty("minMs").GetDouble(), median = o.GetProperty("medianMs").GetDouble(), p90 = o.GetProperty("p90Ms").GetDouble();
            Assert.True(min > 0 && min <= median && median <= p90, $"min {min}, median {median}, p90 {p90}");
        }

        [Fact]
        public void A_negative_warmup_is_a_usage_error()
        {
            using var dir = new TempDir();
            string model = TinyModels.WriteConvBatchNorm(dir.Path);
            var r = CliRunner.Expect(ExitCodes.Usage, "bench", model, "--warmup", "-1");
            Assert.Contains("--warmup", r.Stderr, StringComparison.Ordinal);
        }
    }
}

using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using ModelGen.Fuzzing.Generation;
using ModelGen.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace ModelGen.Tests.Reliability
{
    /// <summary>
    /// CI's fixed seeded slice of the generation campaign (issue 11): random valid graphs from the op table, compiled
    /// (one in five with the optimizer off), run, and compared with ONNX Runtime in this process. The long campaign is
    /// `dotnet run --project tests/ModelGen.Fuzzing -c Release -- campaign --mode generate --count 20000 --seed 1`.
    /// </summary>
    public sealed class RandomGraphSliceTests
    {
        /// <summary>About a minute on a free core pair (see docs/reliability/random-graphs.md for the measured time).</summary>
        public const int SliceGraphs = 300;

        public const int SliceSeed = 20261201;

        private readonly ITestOutputHelper _output;

        public RandomGraphSliceTests(ITestOutputHelper output)
        {
            _output = output;
        }

        [Fact]
        public void Random_graphs_match_OnnxRuntime_with_no_miscompile_or_failure()
        {
            var clock = Stopwatch.StartNew();
            string work = TestPaths.NewTempDir();
            var tally = GenerationRun.Run(SliceSeed, SliceGraphs, work, line => _output.WriteLine(line));
            _output.WriteLine(tally.Report());
            _output.WriteLine("slice wall time " + clock.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture) + " s");
            try { Directory.Delete(work, recursive: true); }
            catch (IOException) { }

            Assert.Equal(SliceGraphs, tally.Tried);
            Assert.True(tally.Failures.Count == 0, tally.Failures.Count + " failures:\n" + string.Join("\n", tally.Failures.Select(f => f + "\n" + f.Graph.Describe())));
            // Valid by construction: ORT refusing a graph is a generator bug, and ModelGen rejecting one is a coverage gap.
            Assert.True(tally.OrtRejected <= SliceGraphs / 100, tally.OrtRejected + " graphs refused by ONNX Runtime:\n" + string.Join("\n", tally.OrtRejections));
            Assert.True(tally.ByOutcome[GraphOutcome.Agreed] >= SliceGraphs * 95 / 100, "only " + tally.ByOutcome[GraphOutcome.Agreed] + " graphs compared");
            // Every template of the table took part, at every opset it is claimed for at least once.
            var missing = OpTemplates.All.Select(t => t.Name).Where(n => !tally.ByTemplate.ContainsKey(n)).ToList();
            Assert.True(missing.Count == 0, "templates the slice never used: " + string.Join(", ", missing));
        }
    }
}

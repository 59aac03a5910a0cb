using System.IO;
using System.Linq;
using ModelGen.Fuzzing.Campaigns;
using ModelGen.Fuzzing.Corpus;
using ModelGen.Fuzzing.Oracle;
using ModelGen.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace ModelGen.Tests.Reliability
{
    /// <summary>
    /// Every failure a campaign saved (Reliability/Corpus/*.tsv recipes, *.onnx from built-in seeds) must now compile or
    /// be diagnosed: the replay mode, run by CI. Recipes that name a shared seed need ../shared.
    /// </summary>
    public sealed class FuzzingCorpusReplayTests
    {
        private static string Corpus => Path.Combine(TestPaths.RepoRoot, "tests", "ModelGen.Tests", "Reliability", "Corpus");
        private readonly ITestOutputHelper _output;

        public FuzzingCorpusReplayTests(ITestOutputHelper output) { _output = output; }

        [Fact]
        public void TheCorpusHoldsRecipesThatParse()
        {
            var recipes = Recipe.ReadAll(Corpus);
            Assert.NotEmpty(recipes);
            Assert.All(recipes, r => Assert.True(r.SeedModel.StartsWith(SeedModels.BuiltinPrefix) || r.SeedModel.StartsWith(SeedModels.SharedPrefix), r.SeedModel));
        }

        [SharedDataFact]
        public void EverySavedFailureIsFixed()
        {
            var result = ReplayCampaign.Replay(Corpus, TestPaths.Shared, new CompileOracle());
            _output.WriteLine(result.Tried + " replayed: " + result.Compiled + " compiled, " + result.Diagnosed + " diagnosed, " + result.Skipped + " skipped");
            Assert.True(result.Failures.Count == 0, string.Join("\n", result.Failures));
            Assert.Equal(0, result.Skipped);
            Assert.Equal(Recipe.ReadAll(Corpus).Count + Directory.GetFiles(Corpus, "*.onnx").Length, result.Tried);
        }
    }
}

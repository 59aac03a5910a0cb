using System.Threading.Tasks;
using ModelGen.Analyzers;
using Xunit;
using static ModelGen.Tests.Diagnostics.AnalyzerVerifier;

namespace ModelGen.Tests.Diagnostics
{
    /// <summary>MG0502-MG0504: analyzers on the user's calls of a model (against a stand-in model class, no generator run).</summary>
    public sealed class UsageAnalyzerTests
    {
        private static string Code(string body) => ModelStub + @"
namespace TestApp
{
    public static class User
    {
        public static void Run(global::TestApp.Digits model, float[] pixels, float[] probabilities, int n)
        {
" + body + @"
        }
    }
}
";

        [Fact]
        public Task MG0502_IgnoredResultOfTheAllocatingPredict() =>
            VerifyAsync<PredictResultIgnoredAnalyzer>(Code("{|MG0502:model.Predict(pixels)|};"));

        [Fact]
        public Task MG0502_UsedOrExplicitlyDiscardedResultsAndTheSpanOverloadAreFine() =>
            VerifyAsync<PredictResultIgnoredAnalyzer>(Code(@"
            var result = model.Predict(pixels);
            _ = model.Predict(pixels);
            model.Predict(pixels, probabilities);
            float first = model.Predict(pixels)[0];"));

        [Fact]
        public Task MG0502_SeverityNoneInEditorConfigSilencesIt() =>
            VerifyAsync<PredictResultIgnoredAnalyzer>(Code("model.Predict(pixels);"), "dotnet_diagnostic.MG0502.severity = none");

        [Fact]
        public Task MG0503_ModelCreatedInEveryKindOfLoop() =>
            VerifyAsync<ModelCreatedInLoopAnalyzer>(Code(@"
            for (int i = 0; i < n; i++) { var m = {|MG0503:new global::TestApp.Digits()|}; m.Predict(pixels, probabilities); }
            foreach (var x in pixels) {|MG0503:new global::TestApp.Digits()|}.Predict(pixels, probabilities);
            while (n-- > 0) { global::TestApp.Digits m = {|MG0503:new()|}; }
            do { var m = {|MG0503:new global::TestApp.Digits()|}; } while (n-- > 0);"));

        [Fact]
        public Task MG0503_ModelCreatedOnceOutsideTheLoopOrInALambdaIsFine() =>
            VerifyAsync<ModelCreatedInLoopAnalyzer>(Code(@"
            var once = new global::TestApp.Digits();
            for (int i = 0; i < n; i++) once.Predict(pixels, probabilities);
            foreach (var m in new[] { new global::TestApp.Digits() }) m.Predict(pixels, probabilities);
            for (int i = 0; i < n; i++) { global::System.Func<global::TestApp.Digits> make = () => new global::TestApp.Digits(); }
            for (int i = 0; i < n; i++) { var list = new global::System.Collections.Generic.List<float>(); }"));

        [Fact]
        public Task MG0504_ConstantLengthThatDiffersFromTheModelsConstant() =>
            VerifyAsync<PredictLengthAnalyzer>(Code(@"
            model.Predict({|MG0504:new float[100]|}, probabilities);
            var input = new float[28 * 27];
            model.Predict({|MG0504:input|}, new float[global::TestApp.Digits.ProbabilitiesLength]);
            var output = new float[9];
            model.Predict(new float[784], {|MG0504:output|});
            var r = model.Predict({|MG0504:new float[10]|});"));

        [Fact]
        public Task MG0504_MatchingReassignedOrNonConstantLengthsAreFine() =>
            VerifyAsync<PredictLengthAnalyzer>(Code(@"
            model.Predict(new float[784], new float[10]);
            model.Predict(new float[global::TestApp.Digits.PixelsLength], probabilities);
            model.Predict(new float[n], probabilities);
            var input = new float[3];
            input = new float[784];
            model.Predict(input, probabilities);
            model.Predict(pixels, probabilities);"));

        [Fact]
        public Task MG0504_TopLevelStatementsSeeAReassignmentInALaterStatement() =>
            // Each top-level statement is its own GlobalStatement: the reassignment scan must cover the whole file.
            VerifyAsync<PredictLengthAnalyzer>(@"
var model = new global::TestApp.Digits();
var input = new float[3];
input = new float[784];
model.Predict(input, new float[10]);
var bad = new float[3];
model.Predict({|MG0504:bad|}, new float[10]);
" + ModelStub, outputKind: Microsoft.CodeAnalysis.OutputKind.ConsoleApplication);
    }
}

using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using ModelGen.Analyzers;
using ModelGen.Tests.Generator;
using ModelGen.Tests.Infrastructure;
using Xunit;

namespace ModelGen.Tests.Diagnostics
{
    /// <summary>
    /// The usage analyzers over a class the generator really wrote, so that what they rely on (ICompiledModel, the
    /// Predict overloads, the {Parameter}Length constants' names) is checked against the emitter, not only the stub.
    /// </summary>
    public sealed class GeneratedModelAnalyzerTests
    {
        [Fact]
        public async Task MG0504_AndTheOtherUsageAnalyzersFireOnAGeneratedModel()
        {
            string path = GenModels.Write(GenModels.TinyNet(1)); // x [1,4] -> y [1,3]: XLength 4, YLength 3
            const string source = @"namespace TestApp
{
    public static class User
    {
        public static void Run(float[] x)
        {
            var model = new TinyNet();
            model.Predict(x);
            for (int i = 0; i < 3; i++) { var again = new TinyNet(); _ = again; }
            model.Predict(new float[5], new float[TinyNet.YLength]);
            model.Predict(new float[TinyNet.XLength], new float[3]);
        }
    }
}
";
            var run = GeneratorHarness.Run(source, new[] { new ModelItem(path) });
            Assert.Empty(run.CompileDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error));

            var diagnostics = await run.Output
                .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(
                    new PredictResultIgnoredAnalyzer(), new ModelCreatedInLoopAnalyzer(), new PredictLengthAnalyzer()))
                .GetAnalyzerDiagnosticsAsync();

            var found = diagnostics.OrderBy(d => d.Location.SourceSpan.Start)
                .Select(d => (d.Id, Line: d.Location.GetLineSpan().StartLinePosition.Line)).ToArray();
            Assert.Equal(new[] { ("MG0502", 7), ("MG0503", 8), ("MG0504", 9) }, found);
            Assert.All(diagnostics, d => Assert.Equal("Program.cs", d.Location.GetLineSpan().Path));
            Assert.Contains("TinyNet.XLength is 4", diagnostics.Single(d => d.Id == "MG0504").GetMessage(), StringComparison.Ordinal);
        }
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Writing;
using ModelGen.Tests.Infrastructure;
using Xunit;

namespace ModelGen.Tests.Generator
{
    /// <summary>
    /// The ModelGenWinograd property and Winograd item metadata, through the generator to CompileOptions, on a 16→16 3×3
    /// Conv at 56×56 (196 tiles: the pass takes it by default).
    /// </summary>
    public sealed class WinogradOptionTests
    {
        private const string RunFile = "Conv3.Run.g.cs";

        private static string Model()
        {
            var w = Enumerable.Range(0, 16 * 16 * 9).Select(i => (float)Math.Sin(i) * 0.1f).ToArray();
            return GenModels.Write(new OnnxModelBuilder("conv3", opset: 13)
                .Input("x", ElementType.Float, new object[] { 1, 16, 56, 56 })
                .Initializer("w", new[] { 16, 16, 3, 3 }, w)
                .Node("Conv", new[] { "x", "w" }, new[] { "y" }, name: "conv", attributes: a => a.Ints("pads", 1, 1, 1, 1))
                .Output("y", ElementType.Float, new object[] { 1, 16, 56, 56 })
                .ToBytes(), "conv3.onnx");
        }

        private static IReadOnlyDictionary<string, string> Props(string value) => new Dictionary<string, string> { ["ModelGenWinograd"] = value };

        private static bool RunsWinograd(GeneratorRun run)
        {
            Assert.Empty(run.GeneratorDiagnostics);
            Assert.Empty(run.CompileDiagnostics);
            return run.Sources[RunFile].Contains("Conv.Winograd", StringComparison.Ordinal);
        }

        [Fact]
        public void ByDefaultTheConvolutionRunsByWinograd() =>
            Assert.True(RunsWinograd(GeneratorHarness.Run("", new[] { new ModelItem(Model()) })));

        [Fact]
        public void ThePropertyFalseKeepsTheDirectAlgorithmsAndMetadataOverridesIt()
        {
            string path = Model();
            var off = GeneratorHarness.Run("", new[] { new ModelItem(path) }, buildProperties: Props("false"));
            Assert.False(RunsWinograd(off));
            Assert.Contains("Conv.Shifted", off.Sources[RunFile], StringComparison.Ordinal);
            var on = GeneratorHarness.Run("", new[] { new ModelItem(path) { Winograd = "true" } }, buildProperties: Props("false"));
            Assert.True(RunsWinograd(on));
            var metadataOff = GeneratorHarness.Run("", new[] { new ModelItem(path) { Winograd = "False" } });
            Assert.False(RunsWinograd(metadataOff));
        }
    }
}

using System;
using System.Text.Json;
using ModelGen.Tests.Generator;
using Xunit;

namespace ModelGen.Tests.Cli
{
    /// <summary>modelgen inspect: the IR after a stage or pass, the lowered calls, the JSON figures, and its exit codes.</summary>
    public sealed class CliInspectTests
    {
        [Fact]
        public void JsonHasEveryFigure()
        {
            string model = GenModels.Write(GenModels.TinyNet("N"));
            var outcome = CliRunner.Expect(0, "inspect", model, "--json");
            using var doc = JsonDocument.Parse(outcome.Stdout);
            var root = doc.RootElement;
            foreach (var key in new[] { "nodesBefore", "nodesAfter", "opCountsAfter", "kernelCalls", "arenaBytes", "naiveBytes", "weightBytes", "loadTimeBytes", "symbols" })
                Assert.True(root.TryGetProperty(key, out _), "missing " + key + " in " + outcome.Stdout);
            // MatMul, Add, Relu; the optimizer may fuse the Add and the Relu (elementwise fusion, or into the MatMul).
            Assert.InRange(root.GetProperty("nodesAfter").GetInt32(), 1, 3);
            Assert.Equal(1, root.GetProperty("kernelCalls").GetProperty("matmul").GetInt32());
            Assert.Equal("input", root.GetProperty("symbols").GetProperty("N").GetString());
            Assert.Equal(JsonValueKind.Null, root.GetProperty("arenaBytes").ValueKind); // sized per call by N
            Assert.Equal(60, root.GetProperty("weightBytes").GetInt64());            // w [4,3] and b [3] floats
        }

        [Fact]
        public void IrAfterAStageAndLoweredCalls()
        {
            string model = GenModels.Write(GenModels.TinyNet(2));
            var import = CliRunner.Expect(0, "inspect", model, "--ir", "--after", "import").Stdout;
            Assert.Contains("graph tiny(%x: float[2,4]) opset 13 {", import, StringComparison.Ordinal);
            Assert.Contains("%xw = MatMul(%x, %w) @mm", import, StringComparison.Ordinal);     // no types yet before inference
            var shapes = CliRunner.Expect(0, "inspect", model, "--ir", "--after", "shapes").Stdout;
            Assert.Contains("%xw: float[2,3] = MatMul(%x, %w) @mm", shapes, StringComparison.Ordinal);
            // Without the optimizer each node keeps its own call (with it, the Add and the Relu fuse).
            var lowered = CliRunner.Expect(0, "inspect", model, "--lowered", "--no-optimize").Stdout;
            Assert.Contains("elementwise.map1<float, float>(x: %s: float[2,3], y: out %y: float[2,3], count: 6, function: {max(X, 0)})", lowered, StringComparison.Ordinal);
            var fused = CliRunner.Expect(0, "inspect", model, "--lowered").Stdout;
            Assert.DoesNotContain("elementwise.map1<float, float>(x: %s", fused, StringComparison.Ordinal);
        }

        [Fact]
        public void UnknownStageIsAUsageError()
        {
            string model = GenModels.Write(GenModels.TinyNet(2));
            var outcome = CliRunner.Expect(64, "inspect", model, "--ir", "--after", "nonsense");
            Assert.Contains("neither a stage", outcome.Stderr, StringComparison.Ordinal);
        }
    }
}

using ModelGen.Compiler.Ir;
using System;
using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler;
using ModelGen.Compiler.Writing;
using ModelGen.Tests.Infrastructure;
using Xunit;

namespace ModelGen.Tests.Compiler
{
    /// <summary>
    /// Shape → Gather → Unsqueeze → Concat → Reshape on a static input: shape inference evaluates the chain,
    /// ConstantFolding and DeadNodeElimination remove it, and the planner aliases the Reshape (no copy).
    /// </summary>
    public sealed class ConstantFoldingTests
    {
        /// <summary>y = Relu(Reshape(x, [x.shape[0], -1])), x: float[2,3,4].</summary>
        private static byte[] Model() =>
            new OnnxModelBuilder("fold", opset: 13)
                .Input("x", ElementType.Float, new object[] { 2, 3, 4 })
                .Initializer("zero", new int[0], new long[] { 0 })
                .Initializer("axes", new[] { 1 }, new long[] { 0 })
                .Initializer("rest", new[] { 1 }, new long[] { -1 })
                .Node("Shape", new[] { "x" }, new[] { "shape" }, name: "shape_of_x")
                .Node("Gather", new[] { "shape", "zero" }, new[] { "batch" }, name: "take_batch", attributes: a => a.Int("axis", 0))
                .Node("Unsqueeze", new[] { "batch", "axes" }, new[] { "batch1" }, name: "to_list")
                .Node("Concat", new[] { "batch1", "rest" }, new[] { "target" }, name: "join", attributes: a => a.Int("axis", 0))
                .Node("Reshape", new[] { "x", "target" }, new[] { "flat" }, name: "flatten")
                .Node("Relu", new[] { "flat" }, new[] { "y" }, name: "act")
                .Output("y", ElementType.Float, new object[] { 2, 12 })
                .ToBytes();

        private static CompileResult Compile() =>
            ModelCompiler.Compile(Model(), new CompileOptions("Fold", "TestApp", null, "ModelGen.fold.onnx", new Dictionary<string, long>()));

        [Fact]
        public void ShapeArithmeticIsFoldedAway()
        {
            var result = Compile();
            Assert.True(result.Success, string.Join("\n", result.Problems));
            string run = result.Sources.Single(s => s.HintName == "Fold.Run.g.cs").Text;

            foreach (var gone in new[] { "Shape node", "Gather node", "Unsqueeze node", "Concat node", "shape_of_x", "take_batch", "to_list", "join" })
                Assert.DoesNotContain(gone, run, StringComparison.Ordinal);
            Assert.Contains("Relu node 'act': [2,12] -> [2,12]", run, StringComparison.Ordinal);
            Assert.Equal(2, result.Summary!.Nodes); // Reshape (a view) and Relu
        }

        [Fact]
        public void ReshapeIsAnAliasNotACopy()
        {
            var result = Compile();
            Assert.True(result.Success, string.Join("\n", result.Problems));
            string run = result.Sources.Single(s => s.HintName == "Fold.Run.g.cs").Text;

            Assert.Contains("// Reshape node 'flatten': [2,3,4], [2] -> [2,12]\n            // (a view: it reuses its input's buffer, no code runs)", run, StringComparison.Ordinal);
            Assert.DoesNotContain("CopyTo", run, StringComparison.Ordinal);
            // Relu reads the caller's input span (through the view's local) and writes the caller's output span.
            Assert.Contains("global::System.ReadOnlySpan<float> flat = x; // 'flat' float[2,12], a view of 'x'", run, StringComparison.Ordinal);
            Assert.Contains("Elementwise.Map1V<ReluFn, float>(flat, y, 24);", run, StringComparison.Ordinal);
            Assert.Equal(0, result.Summary!.ArenaBytes);
        }

        [Fact]
        public void FoldedModelComputesRelu()
        {
            string path = Generator.GenModels.Write(Model(), "fold.onnx");
            const string source = @"
namespace TestApp
{
    public static class Calls
    {
        public static float[] Run(float[] x) { var y = new float[Fold.YLength]; new Fold().Predict(x, y); return y; }
    }
}";
            var run = GeneratorHarness.Run(source, new[] { new ModelItem(path) });
            Assert.Empty(run.GeneratorDiagnostics);
            Assert.Empty(run.CompileDiagnostics);
            var call = Generator.GenModels.Bind<Func<float[], float[]>>(run.Load().GetType("TestApp.Calls")!, null, "Run");
            var x = Enumerable.Range(0, 24).Select(i => i - 11.5f).ToArray();
            Assert.Equal(x.Select(v => Math.Max(0f, v)).ToArray(), call(x));
        }
    }
}

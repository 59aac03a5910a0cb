using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ModelGen.Cli.Conformance;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Writing;
using ModelGen.Fuzzing.Generation;
using ModelGen.Tests.Infrastructure;
using Xunit;

namespace ModelGen.Tests.Reliability
{
    /// <summary>
    /// Every miscompile the generation campaign found, as a regression test: the minimised graphs it saved
    /// (Corpus/generated/*.onnx with their inputs and tolerance in *.json), replayed against ONNX Runtime, and the
    /// same bugs written out by hand with OnnxModelBuilder, with the optimizer on and off.
    /// </summary>
    public sealed class RandomGraphRegressionTests
    {
        private static string CorpusDirectory => Path.Combine(TestPaths.RepoRoot, "tests", "ModelGen.Tests", "Reliability", "Corpus", "generated");

        public static IEnumerable<object[]> SavedCases() =>
            Directory.GetFiles(CorpusDirectory, "*.json").OrderBy(p => p, StringComparer.Ordinal).Select(p => new object[] { Path.GetFileName(p) });

        [Theory]
        [MemberData(nameof(SavedCases))]
        public void Saved_minimised_graph_matches_OnnxRuntime(string caseFile)
        {
            string? problem = RegressionReplay.Check(Path.Combine(CorpusDirectory, caseFile));
            Assert.True(problem == null, caseFile + ": " + problem);
        }

        /// <summary>
        /// Bug 1 (seeds 2000667, 2000933): a 1×1 Conv with stride 1 and padding only at the end took the pointwise GEMM
        /// path, which computes input-sized output; the positions the end padding adds kept garbage instead of the bias.
        /// </summary>
        [Theory]
        [InlineData(new[] { 1, 4, 1 }, new long[] { 0, 2 }, true)]
        [InlineData(new[] { 1, 4, 1 }, new long[] { 0, 2 }, false)]
        [InlineData(new[] { 2, 3, 3, 2 }, new long[] { 0, 0, 1, 2 }, true)]
        [InlineData(new[] { 2, 3, 3, 2 }, new long[] { 0, 0, 1, 2 }, false)]
        public void Conv_1x1_with_end_padding_only_matches_OnnxRuntime(int[] inputDims, long[] pads, bool optimize)
        {
            int spatial = inputDims.Length - 2, channels = inputDims[1], outChannels = 3;
            var outDims = inputDims.Select((d, i) => i == 1 ? outChannels : i < 2 ? d : d + (int)pads[i - 2] + (int)pads[i - 2 + spatial]).ToArray();
            var random = new Random(11);
            float[] Values(int n) => Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            var weightDims = new[] { outChannels, channels }.Concat(Enumerable.Repeat(1, spatial)).ToArray();
            var model = new OnnxModelBuilder("conv_end_pads", 13)
                .Input("x", ElementType.Float, inputDims.Cast<object?>().ToArray())
                .Initializer("w", weightDims, Values(outChannels * channels))
                .Initializer("b", new[] { outChannels }, Values(outChannels))
                .Node("Conv", new[] { "x", "w", "b" }, new[] { "y" }, attributes: a => a.Ints("kernel_shape", Enumerable.Repeat(1L, spatial).ToArray()).Ints("pads", pads))
                .Output("y", ElementType.Float, outDims.Cast<object?>().ToArray())
                .ToBytes();
            var x = Values(inputDims.Aggregate(1, (p, d) => p * d));
            var problem = CompareWithOnnxRuntime(model, new[] { ("x", inputDims.Select(d => (long)d).ToArray(), x) }, optimize);
            Assert.True(problem == null, problem);
        }

        /// <summary>ModelGen (optimizer on or off) against ONNX Runtime on one hand-built float model; rtol 1e-4, atol 1e-5.</summary>
        private static string? CompareWithOnnxRuntime(byte[] model, IReadOnlyList<(string Name, long[] Dims, float[] Values)> inputs, bool optimize)
        {
            var reference = OrtProbe.Run(model, inputs);
            string dir = TestPaths.NewTempDir();
            string path = Path.Combine(dir, "model.onnx");
            File.WriteAllBytes(path, model);
            var m = ModelBatch.Compile(new[] { path }, new ModelBatchSettings { Optimize = optimize, NamespacePrefix = "Regression" + Guid.NewGuid().ToString("N") }).Models[0];
            if (m.CompileCrash != null || !m.Compiled!.Success || m.CSharpErrors != null)
                return "did not compile: " + (m.CompileCrash ?? m.CSharpErrors ?? string.Join(" | ", m.Compiled!.Problems));
            var compiled = m.Load();
            var ours = GraphChecker.RunModel(compiled, inputs);
            for (int o = 0; o < ours.Count; o++)
            {
                var expected = reference[compiled.Info.Outputs[o].Name];
                if (!ours[o].Dims.SequenceEqual(expected.Dims)) return "shape [" + string.Join(",", ours[o].Dims) + "], ONNX Runtime [" + string.Join(",", expected.Dims) + "]";
                var (ratio, at) = GraphTolerance.Worst(ours[o].Values, expected.Values, 1e-5);
                if (ratio > 1) return "[" + at + "]: ModelGen " + ours[o].Values[at] + ", ONNX Runtime " + expected.Values[at];
            }
            return null;
        }
    }
}

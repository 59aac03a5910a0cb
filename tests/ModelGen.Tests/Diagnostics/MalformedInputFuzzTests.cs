using ModelGen.Compiler.Ir;
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using ModelGen.Compiler;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Writing;
using ModelGen.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace ModelGen.Tests.Diagnostics
{
    /// <summary>
    /// MG0901 (internal error) has no valid input that triggers it; instead: corrupted models never make the
    /// compiler throw or the generator crash (CS8785); every result is a success or carries ModelGen errors.
    /// </summary>
    public sealed class MalformedInputFuzzTests
    {
        private const int Mutations = 300;
        private readonly ITestOutputHelper _output;

        public MalformedInputFuzzTests(ITestOutputHelper output) { _output = output; }

        /// <summary>A model touching many ops: Conv, shape arithmetic, Reshape, Gemm, Softmax, Slice, Concat.</summary>
        private static byte[] Seed() =>
            new OnnxModelBuilder("fuzz", opset: 13)
                .Input("x", ElementType.Float, new object[] { 1, 1, 4, 4 })
                .Initializer("cw", new[] { 2, 1, 3, 3 }, Enumerable.Range(0, 18).Select(i => (i % 5 - 2) * 0.25f).ToArray())
                .Initializer("cb", new[] { 2 }, new[] { 0.5f, -0.5f })
                .Initializer("idx", new int[0], new long[] { 0 })
                .Initializer("axes", new[] { 1 }, new long[] { 0 })
                .Initializer("rest", new[] { 1 }, new long[] { -1 })
                .Initializer("gw", new[] { 3, 8 }, Enumerable.Range(0, 24).Select(i => i * 0.1f - 1f).ToArray())
                .Initializer("starts", new[] { 1 }, new long[] { 1 })
                .Initializer("ends", new[] { 1 }, new long[] { long.MaxValue })
                .Node("Conv", new[] { "x", "cw", "cb" }, new[] { "c" }, name: "conv", attributes: a => a.Ints("pads", 1, 1, 1, 1))
                .Node("Relu", new[] { "c" }, new[] { "r" }, name: "relu")
                .Node("MaxPool", new[] { "r" }, new[] { "p" }, name: "pool", attributes: a => a.Ints("kernel_shape", 2, 2).Ints("strides", 2, 2))
                .Node("Shape", new[] { "p" }, new[] { "ps" }, name: "shape")
                .Node("Gather", new[] { "ps", "idx" }, new[] { "n" }, name: "gather", attributes: a => a.Int("axis", 0))
                .Node("Unsqueeze", new[] { "n", "axes" }, new[] { "n1" }, name: "unsq")
                .Node("Concat", new[] { "n1", "rest" }, new[] { "target" }, name: "concat", attributes: a => a.Int("axis", 0))
                .Node("Reshape", new[] { "p", "target" }, new[] { "flat" }, name: "reshape")
                .Node("Gemm", new[] { "flat", "gw" }, new[] { "g" }, name: "gemm", attributes: a => a.Int("transB", 1))
                .Node("Slice", new[] { "g", "starts", "ends", "axes" }, new[] { "s" }, name: "slice")
                .Node("Softmax", new[] { "g" }, new[] { "y" }, name: "softmax", attributes: a => a.Int("axis", 1))
                .Output("y", ElementType.Float, new object[] { 1, 3 })
                .Output("s", ElementType.Float, null)
                .ToBytes();

        [Fact]
        public void SeedModelCompiles()
        {
            var result = ModelCompiler.Compile(Seed(), Options());
            Assert.True(result.Success, string.Join("\n", result.Problems));
        }

        [Fact]
        public void CorruptedModelsNeverThrowAndAlwaysReportModelGenProblems()
        {
            var seed = Seed();
            var random = new Random(20240607);
            var outcomes = new Dictionary<string, int>();
            for (int i = 0; i < Mutations; i++)
            {
                var bytes = Mutate(seed, random, out string how);
                CompileResult result;
                try
                {
                    result = ModelCompiler.Compile(bytes, Options());
                }
                catch (Exception e)
                {
                    throw new Xunit.Sdk.XunitException("mutation " + i + " (" + how + ") made ModelCompiler.Compile throw: " + e);
                }
                Assert.True(result.Success || result.Problems.Any(p => p.Severity == ProblemSeverity.Error && p.Id.StartsWith("MG", StringComparison.Ordinal)),
                    "mutation " + i + " (" + how + "): neither success nor a ModelGen error");
                string key = result.Success ? "success" : string.Join("+", result.Problems.Where(p => p.Severity == ProblemSeverity.Error).Select(p => p.Id).Distinct());
                outcomes[key] = outcomes.TryGetValue(key, out int c) ? c + 1 : 1;
                if (result.Problems.Any(p => p.Id == DiagnosticIds.InternalError.Id))
                    _output.WriteLine("mutation " + i + " (" + how + "): " + string.Join(" | ", result.Problems.Where(p => p.Id == "MG0901")));
            }
            foreach (var kv in outcomes.OrderByDescending(kv => kv.Value)) _output.WriteLine(kv.Key + ": " + kv.Value);
            Assert.True(outcomes.Count > 2, "the mutations should produce a variety of outcomes");
        }

        [Fact]
        public void CorruptedModelsNeverCrashTheGenerator()
        {
            var seed = Seed();
            var random = new Random(20240607);
            string dir = TestPaths.NewTempDir();
            for (int i = 0; i < Mutations; i++)
            {
                var bytes = Mutate(seed, random, out string how);
                string path = Path.Combine(dir, "fuzz" + i + ".onnx");
                File.WriteAllBytes(path, bytes);
                var run = GeneratorHarness.Run("", new[] { new ModelItem(path) });

                Assert.Null(run.Result.Results[0].Exception);
                Assert.All(run.GeneratorDiagnostics, d => Assert.True(d.Id.StartsWith("MG", StringComparison.Ordinal), "mutation " + i + " (" + how + "): " + d));
                Assert.DoesNotContain(run.Output.GetDiagnostics(), d => d.Id == "CS8785");
                bool failed = run.GeneratorDiagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
                Assert.True(failed || run.Sources.Count == 3, "mutation " + i + " (" + how + "): no error but " + run.Sources.Count + " sources");
                if (!failed)
                {
                    // Whatever survived (odd names, odd values) must still give code that compiles.
                    var errors = run.CompileDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
                    Assert.True(errors.Count == 0, "mutation " + i + " (" + how + ") generated code that does not compile: " + string.Join("\n", errors.Take(5)));
                }
            }
        }

        private static CompileOptions Options() =>
            new CompileOptions("Fuzz", "Fuzzing", null, "ModelGen.fuzz.onnx", new Dictionary<string, long>());

        /// <summary>One of: flip 1-4 bytes, truncate at a random length, insert 1-16 garbage bytes.</summary>
        private static byte[] Mutate(byte[] seed, Random random, out string how)
        {
            switch (random.Next(3))
            {
                case 0:
                {
                    var b = (byte[])seed.Clone();
                    int flips = random.Next(1, 5);
                    var at = new List<int>();
                    for (int k = 0; k < flips; k++)
                    {
                        int p = random.Next(b.Length);
                        b[p] ^= (byte)random.Next(1, 256);
                        at.Add(p);
                    }
                    how = "flip at " + string.Join(",", at);
                    return b;
                }
                case 1:
                {
                    int length = random.Next(0, seed.Length);
                    how = "truncate to " + length;
                    return seed.Take(length).ToArray();
                }
                default:
                {
                    int p = random.Next(seed.Length + 1);
                    var garbage = new byte[random.Next(1, 17)];
                    random.NextBytes(garbage);
                    how = "insert " + garbage.Length + " bytes at " + p;
                    return seed.Take(p).Concat(garbage).Concat(seed.Skip(p)).ToArray();
                }
            }
        }
    }
}

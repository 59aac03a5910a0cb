using System;
using System.Linq;
using ModelGen.Compiler;
using ModelGen.Compiler.Ir;
using ModelGen.Tests.Cli;
using ModelGen.Tests.Generator;
using ModelGen.Tests.Infrastructure;
using Xunit;
using static ModelGen.Tests.Foundation.ScenarioModels;

namespace ModelGen.Tests.Foundation
{
    /// <summary>
    /// The foundation's end-to-end scenarios, each checked against arithmetic done by hand in the test: recent
    /// opsets, the dynamic-batch flatten, symbolic image sizes, and data-dependent shapes, through the CLI (in-memory
    /// compile and ONNX test data) and through the source generator (the typed API, one instance for several shapes).
    /// </summary>
    public sealed class ScenarioTests
    {
        private readonly Xunit.Abstractions.ITestOutputHelper _output;

        public ScenarioTests(Xunit.Abstractions.ITestOutputHelper output) { _output = output; }

        /// <summary>Runs the generator on <paramref name="model"/> with <paramref name="source"/>, checks it is clean, and returns TestApp.Calls.</summary>
        private static Type CompileCalls(byte[] model, string fileName, string source)
        {
            string path = GenModels.Write(model, fileName);
            var run = GeneratorHarness.Run(source, new[] { new ModelItem(path) });
            Assert.Empty(run.GeneratorDiagnostics);
            Assert.Empty(run.CompileDiagnostics);
            return run.Load().GetType("TestApp.Calls")!;
        }

        private CliOutcome Cli(int exit, params string[] args)
        {
            var outcome = CliRunner.Expect(exit, args);
            _output.WriteLine("$ modelgen " + string.Join(" ", args) + " (exit " + outcome.ExitCode + ")\n" + outcome.Stdout + outcome.Stderr);
            return outcome;
        }
        [Theory]
        [InlineData(13)]
        [InlineData(14)]
        [InlineData(17)]
        [InlineData(18)]
        [InlineData(21)]
        [InlineData(28)]
        public void MatMulGemmAndAddCompileAtRecentOpsetsAndMatchTheReference(int opset)
        {
            using var dir = new TempDir();
            var x = Seeded(8, 9);
            string model = WriteCase(dir.Path, LinearStack(opset),
                new[] { ("x", ElementType.Float, new long[] { 2, 4 }, Bytes(x)) },
                new[] { ("y", ElementType.Float, new long[] { 2, 2 }, Bytes(LinearStackReference(x))) });
            var outcome = Cli(0, "run", model);
            Assert.Contains("result: 1 of 1 outputs within tolerance", outcome.Stdout, StringComparison.Ordinal);
        }

        [Fact]
        public void AnOpsetNewerThanOnnxKnowsIsReportedNotGuessed()
        {
            var result = ModelCompiler.Compile(LinearStack(29), CompileOptions.Default);
            Assert.False(result.Success);
            Assert.All(result.Problems, p => Assert.Equal("MG0102", p.Id));
            Assert.Contains(result.Problems, p => p.Message.Contains("opset 29 of ai.onnx, newer than the newest ModelGen knows (28)", StringComparison.Ordinal));
        }

        [Fact]
        public void DynamicBatchFlattenCompilesToAReshapeOverN()
        {
            using var dir = new TempDir();
            string model = dir.File("flatten.onnx");
            System.IO.File.WriteAllBytes(model, DynamicFlatten());
            Cli(0, "check", model);
            var lowered = Cli(0, "inspect", model, "--lowered").Stdout;
            Assert.Contains("reshape<float>(source: %x: float[N,2,3], destination: out %flat: float[N,6])", lowered, StringComparison.Ordinal);
            Assert.Contains("gemm<float>(a: %flat: float[N,6]", lowered, StringComparison.Ordinal);
            var ir = Cli(0, "inspect", model, "--ir").Stdout;
            Assert.DoesNotContain("Shape(", ir, StringComparison.Ordinal); // the shape arithmetic folded into a constant of N
            Assert.Contains("const %target: int64[2] = [N, -1]", ir, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData(1)]
        [InlineData(5)]
        public void DynamicBatchFlattenRunsAtTwoBatchSizes(int batch)
        {
            using var dir = new TempDir();
            var x = Seeded(batch * 6, 10 + batch);
            string model = WriteCase(dir.Path, DynamicFlatten(),
                new[] { ("x", ElementType.Float, new long[] { batch, 2, 3 }, Bytes(x)) },
                new[] { ("y", ElementType.Float, new long[] { batch, 4 }, Bytes(DynamicFlattenReference(x))) });
            var outcome = Cli(0, "run", model);
            Assert.Contains("dims: N=" + batch, outcome.Stdout, StringComparison.Ordinal);
            Assert.Contains("result: 1 of 1 outputs within tolerance", outcome.Stdout, StringComparison.Ordinal);
        }

        [Fact]
        public void ConvAndMaxPoolWithSymbolicHeightAndWidthRunAtTwoImageSizesOnOneInstance()
        {
            string path = GenModels.Write(ConvPool(), "convpool.onnx");
            const string source = @"
namespace TestApp
{
    public static class Calls
    {
        private static readonly Convpool s_model = new Convpool();
        public static float[] Run(int h, int w, float[] x)
        {
            var y = new float[3 * (h / 2) * (w / 2)];
            s_model.Predict(h, w, x, y);
            return y;
        }
    }
}";
            var run = GeneratorHarness.Run(source, new[] { new ModelItem(path) });
            Assert.Empty(run.GeneratorDiagnostics);
            Assert.Empty(run.CompileDiagnostics);
            var call = GenModels.Bind<Func<int, int, float[], float[]>>(run.Load().GetType("TestApp.Calls")!, null, "Run");
            foreach (var (h, w) in new[] { (8, 10), (13, 7), (8, 10) })
            {
                var x = Seeded(2 * h * w, h * 31 + w);
                var expected = ConvPoolReference(x, h, w);
                var actual = call(h, w, x);
                Assert.Equal(expected.Length, actual.Length);
                for (int i = 0; i < expected.Length; i++) Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5 + 1e-4 * Math.Abs(expected[i]), $"H={h} W={w} [{i}]: {actual[i]} vs {expected[i]}");
            }
            string runSource = run.Sources.Single(s => s.Key.EndsWith(".Run.g.cs", StringComparison.Ordinal)).Value;
            // The pooled dims are expressions of H and W, evaluated per call.
            Assert.Contains("Output 'y': float [1,3,floordiv(H, 2),floordiv(W, 2)]", run.Sources.Single(s => s.Key.EndsWith(".Predict.g.cs", StringComparison.Ordinal)).Value, StringComparison.Ordinal);
            Assert.Contains("Conv.Im2ColGemm<float", runSource, StringComparison.Ordinal); // <float> or <float, its fused epilogue>
        }

        [Fact]
        public void NonZeroRunsAtTwoDataDependentSizesOnOneInstance()
        {
            const string source = @"
namespace TestApp
{
    public static class Calls
    {
        private static readonly Nonzero s_model = new Nonzero();
        public static long[] Span(float[] x, out int[] dims)
        {
            var y = new long[8];
            s_model.Predict(x, y, out global::ModelGen.Runtime.TensorDims d);
            dims = d.ToArray();
            return y[..(int)d.ElementCount];
        }
        public static long[] Tensor(float[] x, out int[] dims)
        {
            var r = s_model.Predict(x);
            dims = new[] { (int)r.Y.Lengths[0], (int)r.Y.Lengths[1] };
            return System.Linq.Enumerable.ToArray(r.Y);
        }
    }
}";
            var type = CompileCalls(NonZeroModel(), "nonzero.onnx", source);
            foreach (var x in new[] { new float[] { 0, 1, 0, 0, 2, 3, 0, 4 }, new float[] { 5, 0, 0, 0, 0, 0, 0, 0 }, new float[8], new float[] { 1, 2, 3, 4, 5, 6, 7, 8 } })
            {
                var expected = Enumerable.Range(0, 8).Where(i => x[i] != 0).Select(i => (long)i).ToArray();
                foreach (var method in new[] { "Span", "Tensor" })
                {
                    var args = new object?[] { x, null };
                    var y = (long[])type.GetMethod(method)!.Invoke(null, args)!;
                    Assert.Equal(new[] { 1, expected.Length }, (int[])args[1]!);
                    Assert.Equal(expected, y);
                }
            }
        }

        [Fact]
        public void ReshapeFedByAGraphInputRunsAtTwoDataDependentShapesOnOneInstance()
        {
            const string source = @"
namespace TestApp
{
    public static class Calls
    {
        private static readonly ReshapeByInput s_model = new ReshapeByInput();
        public static float[] Run(float[] x, long[] shape, out int[] dims)
        {
            var r = s_model.Predict(x, shape);
            dims = new[] { (int)r.Y.Lengths[0], (int)r.Y.Lengths[1] };
            return System.Linq.Enumerable.ToArray(r.Y);
        }
    }
}";
            var type = CompileCalls(ReshapeByInput(), "reshape_by_input.onnx", source);
            var x = Seeded(12, 3);
            var relu = x.Select(v => Math.Max(v, 0f)).ToArray();
            foreach (var (shape, dims) in new[] { (new long[] { 3, 4 }, new[] { 3, 4 }), (new long[] { 2, -1 }, new[] { 2, 6 }), (new long[] { 0, 1 }, new[] { 12, 1 }) })
            {
                var args = new object?[] { x, shape, null };
                var y = (float[])type.GetMethod("Run")!.Invoke(null, args)!;
                Assert.Equal(dims, (int[])args[2]!);
                Assert.Equal(relu, y);
            }
            var bad = Assert.Throws<System.Reflection.TargetInvocationException>(() => type.GetMethod("Run")!.Invoke(null, new object?[] { x, new long[] { 5, 5 }, null }));
            Assert.IsType<ArgumentException>(bad.InnerException);
        }
    
        [Fact]
        public void ShapeOfASymbolicInputIsWrittenFromTheBoundDims()
        {
            var model = new ModelGen.Compiler.Writing.OnnxModelBuilder("shape_out", opset: 15)
                .Input("x", ElementType.Float, new object[] { "N", 3 })
                .Node("Shape", new[] { "x" }, new[] { "s" }, name: "shape")
                .Node("Relu", new[] { "x" }, new[] { "y" }, name: "relu")
                .Output("s", ElementType.Int64, new object[] { 2 })
                .Output("y", ElementType.Float, new object[] { "N", 3 })
                .ToBytes();
            const string source = @"
namespace TestApp
{
    public static class Calls
    {
        private static readonly ShapeOut s_model = new ShapeOut();
        public static long[] Run(int n)
        {
            var s = new long[2];
            s_model.Predict(n, new float[n * 3], s, new float[n * 3]);
            return s;
        }
    }
}";
            var type = CompileCalls(model, "shape_out.onnx", source);
            var call = GenModels.Bind<Func<int, long[]>>(type, null, "Run");
            Assert.Equal(new long[] { 4, 3 }, call(4));
            Assert.Equal(new long[] { 1, 3 }, call(1));
        }
    }
}

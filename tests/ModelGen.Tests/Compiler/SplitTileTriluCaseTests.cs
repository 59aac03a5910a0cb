using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using ModelGen.Cli.Conformance;
using ModelGen.Compiler;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Reading;
using ModelGen.Compiler.Writing;
using ModelGen.Tests.Cli;
using ModelGen.Tests.Conformance;
using ModelGen.Tests.Infrastructure;
using Xunit;
using static ModelGen.Tests.Foundation.ScenarioModels;

namespace ModelGen.Tests.Compiler
{
    /// <summary>
    /// Split, Tile, Trilu, Hardmax and LogSoftmax in forms the ONNX backend suite does not exercise: a symbolic split
    /// axis (equal and uneven parts decided when the model runs), tiles and triangles of a symbolic dim, 'split' and k
    /// known at build time, revision 1's inputs (Split's float lengths, Tile's tiles/axis), the coerced 2-D Hardmax, and
    /// build-time folding. The expected values come from plain loops here; the models share one compiled assembly.
    /// </summary>
    public sealed class SplitTileTriluCaseTests : IClassFixture<SplitTileTriluCaseTests.Compiled>
    {
        private readonly Compiled _compiled;

        public SplitTileTriluCaseTests(Compiled compiled) { _compiled = compiled; }

        /// <summary>The three models, compiled once into one assembly, in a temporary folder with their data sets.</summary>
        public sealed class Compiled : CaseModelAssembly
        {
            public Compiled() : base("Cases", s_models) { }
        }

        private static readonly (string Name, Func<byte[]> Model)[] s_models =
        {
            ("symbolic", SymbolicModel),
            ("legacy", LegacyModel),
            ("folded", FoldedModel),
        };

        /// <summary>x float[N,6] at opset 18: Split by num_outputs on N, Split by an initializer on 6, Tile [2,1], Trilu with build-time k.</summary>
        private static byte[] SymbolicModel() =>
            new OnnxModelBuilder("symbolic", opset: 18)
                .Input("x", ElementType.Float, new object[] { "N", 6 })
                .Initializer("lengths", new[] { 2 }, new long[] { 1, 5 })
                .Initializer("repeats", new[] { 2 }, new long[] { 2, 1 })
                .Initializer("k_lower", new int[0], new long[] { 1 })
                .Initializer("k_upper", new int[0], new long[] { -1 })
                .Node("Split", new[] { "x" }, new[] { "a0", "a1" }, name: "halves", attributes: a => a.Int("axis", 0).Int("num_outputs", 2))
                .Node("Split", new[] { "x", "lengths" }, new[] { "b0", "b1" }, name: "columns", attributes: a => a.Int("axis", -1))
                .Node("Tile", new[] { "x", "repeats" }, new[] { "t" }, name: "tile")
                .Node("Trilu", new[] { "x", "k_lower" }, new[] { "l" }, name: "lower", attributes: a => a.Int("upper", 0))
                .Node("Trilu", new[] { "x", "k_upper" }, new[] { "u" }, name: "upper")
                .Output("a0", ElementType.Float, null).Output("a1", ElementType.Float, null)
                .Output("b0", ElementType.Float, null).Output("b1", ElementType.Float, null)
                .Output("t", ElementType.Float, null).Output("l", ElementType.Float, null).Output("u", ElementType.Float, null)
                .ToBytes();

        /// <summary>x float[2,3,4] at opset 1: Hardmax and LogSoftmax over [2,12], Split by its float input and by attribute, Tile-1.</summary>
        private static byte[] LegacyModel() =>
            new OnnxModelBuilder("legacy", opset: 1)
                .Input("x", ElementType.Float, new object[] { 2, 3, 4 })
                .Initializer("lengths", new[] { 2 }, new float[] { 1, 2 })
                .Initializer("tiles", new[] { 1 }, new float[] { 2 })
                .Initializer("axis", new[] { 1 }, new float[] { 2 })
                .Node("Hardmax", new[] { "x" }, new[] { "h" }, name: "hardmax")
                .Node("LogSoftmax", new[] { "x" }, new[] { "s" }, name: "logsoftmax")
                .Node("Split", new[] { "x", "lengths" }, new[] { "p0", "p1" }, name: "by_input", attributes: a => a.Int("axis", 1))
                .Node("Split", new[] { "x" }, new[] { "q0", "q1" }, name: "by_attribute", attributes: a => a.Int("axis", 2).Ints("split", 3, 1))
                .Node("Tile", new[] { "x", "tiles", "axis" }, new[] { "t" }, name: "tile")
                .Output("h", ElementType.Float, null).Output("s", ElementType.Float, null)
                .Output("p0", ElementType.Float, null).Output("p1", ElementType.Float, null)
                .Output("q0", ElementType.Float, null).Output("q1", ElementType.Float, null)
                .Output("t", ElementType.Float, null)
                .ToBytes();

        /// <summary>Split and Tile of initializers (folded at build time), beside a Relu that keeps an input.</summary>
        private static byte[] FoldedModel() =>
            new OnnxModelBuilder("folded", opset: 13)
                .Input("x", ElementType.Float, new object[] { 2 })
                .Initializer("c", new[] { 4 }, new long[] { 1, 2, 3, 4 })
                .Initializer("lengths", new[] { 2 }, new long[] { 1, 3 })
                .Initializer("repeats", new[] { 1 }, new long[] { 2 })
                .Node("Relu", new[] { "x" }, new[] { "r" }, name: "relu")
                .Node("Split", new[] { "c", "lengths" }, new[] { "f0", "f1" }, name: "split_c")
                .Node("Tile", new[] { "c", "repeats" }, new[] { "g" }, name: "tile_c")
                .Output("r", ElementType.Float, null).Output("f0", ElementType.Int64, null).Output("f1", ElementType.Int64, null).Output("g", ElementType.Int64, null)
                .ToBytes();

        /// <summary>Writes one data set for model <paramref name="name"/> and checks the compiled model against it.</summary>
        private void Check(string name, string dataSet, float[] x, long[] xDims, params (float[] Values, long[] Dims)[] expected)
        {
            var c = _compiled;
            string folder = Path.Combine(c.Dir, name), data = Path.Combine(folder, dataSet);
            Directory.CreateDirectory(data);
            File.WriteAllBytes(Path.Combine(data, "input_0.pb"), TensorFile.Write("x", ElementType.Float, xDims, Bytes(x)));
            for (int i = 0; i < expected.Length; i++)
                File.WriteAllBytes(Path.Combine(data, "output_" + i + ".pb"), TensorFile.Write("y" + i, ElementType.Float, expected[i].Dims, Bytes(expected[i].Values)));
            var model = InMemoryBatch.Load(c.Assembly, "Cases." + name + ".Model", Path.Combine(folder, "model.onnx"));
            var result = TestDataRunner.Run(model, data, ConformanceSuite.RTol, ConformanceSuite.ATol, TimeSpan.FromSeconds(60));
            Assert.True(result.Pass, result.Report);
        }

        [Theory]
        [InlineData(5)] // uneven: 3 + 2
        [InlineData(4)] // even: 2 + 2
        [InlineData(1)] // 1 + 0
        public void SymbolicAxisSplitsTilesAndTriangles(int n)
        {
            var x = Enumerable.Range(0, n * 6).Select(i => i * 0.5f - 3).ToArray();
            long[] dims = { n, 6 };
            int first = (n + 1) / 2;
            var halves = SplitRef(x, dims, 0, new[] { first, n - first });
            var columns = SplitRef(x, dims, 1, new[] { 1, 5 });
            Check("symbolic", "n" + n, x, dims,
                halves[0], halves[1], columns[0], columns[1],
                TileRef(x, dims, new[] { 2, 1 }),
                (TriluRef(x, n, 6, 1, upper: false), dims),
                (TriluRef(x, n, 6, -1, upper: true), dims));
        }

        [Fact]
        public void RevisionOneFormsWork()
        {
            // Repeated values, so Hardmax must pick the first of several maxima.
            var x = Enumerable.Range(0, 24).Select(i => (float)(i * 7 % 5)).ToArray();
            long[] dims = { 2, 3, 4 };
            var byInput = SplitRef(x, dims, 1, new[] { 1, 2 });
            var byAttribute = SplitRef(x, dims, 2, new[] { 3, 1 });
            Check("legacy", "set", x, dims,
                (HardmaxRef(x, 2, 12), dims),
                (LogSoftmaxRef(x, 2, 12), dims),
                byInput[0], byInput[1], byAttribute[0], byAttribute[1],
                TileRef(x, dims, new[] { 1, 1, 2 }));
        }

        [Fact]
        public void SplitAndTileOfConstantsFoldAtBuildTime()
        {
            string path = Path.Combine(_compiled.Dir, "folded", "model.onnx");
            var result = ModelCompiler.Compile(File.ReadAllBytes(path), new CompileOptions("Model", "Cases.folded", path, "ModelGen.folded.onnx", new Dictionary<string, long>()));
            string run = result.Sources.Single(s => s.HintName == "Model.Run.g.cs").Text;
            Assert.DoesNotContain("Slice.Run", run, StringComparison.Ordinal);
            Assert.DoesNotContain("Tile.Run", run, StringComparison.Ordinal);

            var model = InMemoryBatch.Load(_compiled.Assembly, "Cases.folded.Model", path);
            var outputs = model.Run(Array.Empty<int>(), new[] { new ReadOnlyMemory<byte>(Bytes(new float[] { -1, 2 })) });
            Assert.Equal(new long[] { 1 }, Longs(outputs[1].Bytes));
            Assert.Equal(new long[] { 2, 3, 4 }, Longs(outputs[2].Bytes));
            Assert.Equal(new long[] { 1, 2, 3, 4, 1, 2, 3, 4 }, Longs(outputs[3].Bytes));
        }

        public static IEnumerable<object[]> BadForms()
        {
            OnnxModelBuilder On(int opset, long n) => new OnnxModelBuilder("bad", opset: opset).Input("x", ElementType.Float, new object[] { n });
            yield return new object[] { "MG0201", On(13, 7).Node("Split", new[] { "x" }, new[] { "a", "b" }).Output("a").Output("b").ToBytes() };
            yield return new object[] { "MG0103", On(18, 6).Node("Split", new[] { "x" }, new[] { "a", "b" }).Output("a").Output("b").ToBytes() };
            yield return new object[] { "MG0201", On(18, 5).Node("Split", new[] { "x" }, new[] { "a", "b", "c", "d" }, attributes: a => a.Int("num_outputs", 4))
                .Output("a").Output("b").Output("c").Output("d").ToBytes() };
            yield return new object[] { "MG0202", On(1, 3).Input("tiles", ElementType.Float, new object[] { 1 }).Initializer("axis", new[] { 1 }, new float[] { 0 })
                .Node("Tile", new[] { "x", "tiles", "axis" }, new[] { "y" }).Output("y").ToBytes() };
            yield return new object[] { "MG0201", On(14, 3).Node("Trilu", new[] { "x" }, new[] { "y" }).Output("y").ToBytes() };
        }

        [Theory]
        [MemberData(nameof(BadForms))]
        public void BadFormsAreReportedWithTheirDiagnostic(string id, byte[] model)
        {
            var result = ModelCompiler.Compile(model, new CompileOptions("Model", "Cases.bad", null, "ModelGen.bad.onnx", new Dictionary<string, long>()));
            Assert.False(result.Success);
            Assert.Contains(result.Problems, p => p.Id == id);
        }

        private static long[] Longs(byte[] raw) => System.Runtime.InteropServices.MemoryMarshal.Cast<byte, long>(raw).ToArray();

        // ---- references ---------------------------------------------------------------------------------------

        private static (float[] Values, long[] Dims)[] SplitRef(float[] x, long[] dims, int axis, int[] sizes)
        {
            long outer = dims.Take(axis).Aggregate(1L, (a, b) => a * b), inner = dims.Skip(axis + 1).Aggregate(1L, (a, b) => a * b), n = dims[axis];
            var parts = new List<(float[], long[])>();
            long offset = 0;
            foreach (int size in sizes)
            {
                var part = new List<float>();
                for (long o = 0; o < outer; o++)
                    for (long k = 0; k < size; k++)
                        for (long j = 0; j < inner; j++) part.Add(x[(o * n + offset + k) * inner + j]);
                parts.Add((part.ToArray(), dims.Select((d, i) => i == axis ? size : d).ToArray()));
                offset += size;
            }
            return parts.ToArray();
        }

        private static (float[] Values, long[] Dims) TileRef(float[] x, long[] dims, int[] repeats)
        {
            var outDims = dims.Select((d, i) => d * repeats[i]).ToArray();
            long count = outDims.Aggregate(1L, (a, b) => a * b);
            var y = new float[count];
            var idx = new long[dims.Length];
            for (long k = 0; k < count; k++)
            {
                long src = 0;
                for (int d = 0; d < dims.Length; d++) src = src * dims[d] + idx[d] % dims[d];
                y[k] = x[src];
                for (int d = dims.Length - 1; d >= 0 && ++idx[d] == outDims[d]; d--) idx[d] = 0;
            }
            return (y, outDims);
        }

        private static float[] TriluRef(float[] x, int rows, int cols, long k, bool upper)
        {
            var y = new float[x.Length];
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < cols; c++)
                    y[r * cols + c] = (upper ? c >= r + k : c <= r + k) ? x[r * cols + c] : 0;
            return y;
        }

        private static float[] HardmaxRef(float[] x, int rows, int length)
        {
            var y = new float[x.Length];
            for (int r = 0; r < rows; r++)
            {
                int best = 0;
                for (int a = 1; a < length; a++) if (x[r * length + a] > x[r * length + best]) best = a;
                y[r * length + best] = 1;
            }
            return y;
        }

        private static float[] LogSoftmaxRef(float[] x, int rows, int length)
        {
            var y = new float[x.Length];
            for (int r = 0; r < rows; r++)
            {
                double max = Enumerable.Range(0, length).Max(a => (double)x[r * length + a]);
                double sum = Enumerable.Range(0, length).Sum(a => Math.Exp(x[r * length + a] - max));
                for (int a = 0; a < length; a++) y[r * length + a] = (float)(x[r * length + a] - max - Math.Log(sum));
            }
            return y;
        }
    }
}

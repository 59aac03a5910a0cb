using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using ModelGen.Cli.Conformance;
using ModelGen.Compiler;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Reading;
using ModelGen.Compiler.Writing;
using ModelGen.Tests.Cli;
using ModelGen.Tests.Conformance;
using ModelGen.Tests.Infrastructure;
using Xunit;

namespace ModelGen.Tests.Compiler
{
    /// <summary>
    /// Attention and RotaryEmbedding in forms the ONNX backend suite does not exercise: Attention-25's sliding window,
    /// symbolic sequence and cache lengths, double precision with 3-D grouped heads, a short mask, nonpad_kv_seqlen
    /// and a negative causal offset together, the present outputs beside a softcapped qk output, a 3-D rotary input
    /// of symbolic length; and the MG diagnostics of bad forms. Expected values come from the plain loops below.
    /// </summary>
    public sealed class AttentionCaseTests : IClassFixture<AttentionCaseTests.Compiled>
    {
        private readonly Compiled _compiled;

        public AttentionCaseTests(Compiled compiled) { _compiled = compiled; }

        /// <summary>The models, compiled once into one assembly, in a temporary folder with their data sets.</summary>
        public sealed class Compiled : CaseModelAssembly
        {
            public Compiled() : base("AttentionCases", s_models) { }
        }

        private static readonly (string Name, Func<byte[]> Model)[] s_models =
        {
            ("window", WindowModel),
            ("packed", PackedModel),
            ("cache", CacheModel),
            ("rotary", RotaryModel),
        };

        /// <summary>Attention-25, Q [1,2,S,4] over one key/value head [1,1,S,4] and [1,1,S,3]; window 1 left, 0 right; softmax as qk output.</summary>
        private static byte[] WindowModel() =>
            new OnnxModelBuilder("window", opset: 25)
                .Input("q", ElementType.Float, new object[] { 1, 2, "S", 4 })
                .Input("k", ElementType.Float, new object[] { 1, 1, "S", 4 })
                .Input("v", ElementType.Float, new object[] { 1, 1, "S", 3 })
                .Node("Attention", new[] { "q", "k", "v" }, new[] { "y", "", "", "qk" }, name: "attention",
                    attributes: a => a.Int("left_window_size", 1).Int("right_window_size", 0).Int("qk_matmul_output_mode", 3))
                .Output("y", ElementType.Float, null).Output("qk", ElementType.Float, null)
                .ToBytes();

        /// <summary>
        /// Attention-24 in double, 3-D: Q [2,3,8] as 2 heads of 4, K [2,5,4] and V [2,5,6] as one head; a [3,4] additive
        /// mask (the fifth key padded with −∞), nonpad_kv_seqlen, is_causal, scale 0.3, softcap 1.5, raw qk output.
        /// </summary>
        private static byte[] PackedModel() =>
            new OnnxModelBuilder("packed", opset: 24)
                .Input("q", ElementType.Double, new object[] { 2, 3, 8 })
                .Input("k", ElementType.Double, new object[] { 2, 5, 4 })
                .Input("v", ElementType.Double, new object[] { 2, 5, 6 })
                .Input("mask", ElementType.Double, new object[] { 3, 4 })
                .Input("nonpad", ElementType.Int64, new object[] { 2 })
                .Node("Attention", new[] { "q", "k", "v", "mask", "", "", "nonpad" }, new[] { "y", "", "", "qk" }, name: "attention",
                    attributes: a => a.Int("q_num_heads", 2).Int("kv_num_heads", 1).Int("is_causal", 1).Float("scale", 0.3f).Float("softcap", 1.5f))
                .Output("y", ElementType.Double, null).Output("qk", ElementType.Double, null)
                .ToBytes();

        /// <summary>Attention-23, 4-D with a cache of symbolic length P: causal, softcap 2 and the softcapped qk output, present key and value.</summary>
        private static byte[] CacheModel() =>
            new OnnxModelBuilder("cache", opset: 23)
                .Input("q", ElementType.Float, new object[] { 1, 2, 2, 4 })
                .Input("k", ElementType.Float, new object[] { 1, 2, 2, 4 })
                .Input("v", ElementType.Float, new object[] { 1, 2, 2, 4 })
                .Input("past_k", ElementType.Float, new object[] { 1, 2, "P", 4 })
                .Input("past_v", ElementType.Float, new object[] { 1, 2, "P", 4 })
                .Node("Attention", new[] { "q", "k", "v", "", "past_k", "past_v" }, new[] { "y", "present_k", "present_v", "qk" }, name: "attention",
                    attributes: a => a.Int("is_causal", 1).Float("softcap", 2f).Int("qk_matmul_output_mode", 1))
                .Output("y", ElementType.Float, null).Output("present_k", ElementType.Float, null)
                .Output("present_v", ElementType.Float, null).Output("qk", ElementType.Float, null)
                .ToBytes();

        /// <summary>RotaryEmbedding of a 3-D input [1,S,8] as 2 heads of 4, the first 2 elements of each rotated as an interleaved pair.</summary>
        private static byte[] RotaryModel() =>
            new OnnxModelBuilder("rotary", opset: 23)
                .Input("x", ElementType.Float, new object[] { 1, "S", 8 })
                .Input("cos", ElementType.Float, new object[] { 10, 1 })
                .Input("sin", ElementType.Float, new object[] { 10, 1 })
                .Input("positions", ElementType.Int64, new object[] { 1, "S" })
                .Node("RotaryEmbedding", new[] { "x", "cos", "sin", "positions" }, new[] { "y" }, name: "rope",
                    attributes: a => a.Int("num_heads", 2).Int("rotary_embedding_dim", 2).Int("interleaved", 1))
                .Output("y", ElementType.Float, null)
                .ToBytes();

        private sealed record Tensor(ElementType Type, long[] Dims, byte[] Raw)
        {
            public static Tensor Of(float[] values, params long[] dims) => new Tensor(ElementType.Float, dims, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
            public static Tensor Of(double[] values, params long[] dims) => new Tensor(ElementType.Double, dims, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
            public static Tensor Of(long[] values, params long[] dims) => new Tensor(ElementType.Int64, dims, MemoryMarshal.AsBytes(values.AsSpan()).ToArray());
        }

        /// <summary>Writes one data set for model <paramref name="name"/> and checks the compiled model against it.</summary>
        private void Check(string name, string dataSet, Tensor[] inputs, params Tensor[] expected)
        {
            string folder = Path.Combine(_compiled.Dir, name), data = Path.Combine(folder, dataSet);
            Directory.CreateDirectory(data);
            for (int i = 0; i < inputs.Length; i++)
                File.WriteAllBytes(Path.Combine(data, "input_" + i + ".pb"), TensorFile.Write("x" + i, inputs[i].Type, inputs[i].Dims, inputs[i].Raw));
            for (int i = 0; i < expected.Length; i++)
                File.WriteAllBytes(Path.Combine(data, "output_" + i + ".pb"), TensorFile.Write("y" + i, expected[i].Type, expected[i].Dims, expected[i].Raw));
            var model = InMemoryBatch.Load(_compiled.Assembly, "AttentionCases." + name + ".Model", Path.Combine(folder, "model.onnx"));
            var result = TestDataRunner.Run(model, data, ConformanceSuite.RTol, ConformanceSuite.ATol, TimeSpan.FromSeconds(60));
            Assert.True(result.Pass, result.Report);
        }

        [Theory]
        [InlineData(5)]
        [InlineData(1)]
        public void SlidingWindowOfSymbolicLength(int s)
        {
            double[] q = Numbers(2 * s * 4, 1), k = Numbers(s * 4, 2), v = Numbers(s * 3, 3);
            var r = new Reference { Batch = 1, QHeads = 2, KvHeads = 1, QSeq = s, KvSeq = s, HeadSize = 4, VHeadSize = 3, Left = 1, Right = 0, Mode = 3 };
            var y = r.Run(q, k, v, out var qk);
            Check("window", "s" + s, new[] { Tensor.Of(F(q), 1, 2, s, 4), Tensor.Of(F(k), 1, 1, s, 4), Tensor.Of(F(v), 1, 1, s, 3) },
                Tensor.Of(F(y), 1, 2, s, 3), Tensor.Of(F(qk), 1, 2, s, s));
        }

        [Fact]
        public void PackedDoubleWithShortMaskNonpadAndNegativeOffset()
        {
            double[] q = Numbers(2 * 3 * 8, 4), k = Numbers(2 * 5 * 4, 5), v = Numbers(2 * 5 * 6, 6), mask = Numbers(3 * 4, 7);
            long[] nonpad = { 5, 2 }; // batch 1: offset 2 − 3 = −1, so its first query row sees no key
            var r = new Reference
            {
                Batch = 2, QHeads = 2, KvHeads = 1, QSeq = 3, KvSeq = 5, HeadSize = 4, VHeadSize = 6, Packed = true,
                Mask = (b, h, i, j) => j < 4 ? mask[i * 4 + j] : double.NegativeInfinity,
                Nonpad = nonpad, Causal = true, Scale = 0.3f, Softcap = 1.5f, Mode = 0,
            };
            var y = r.Run(q, k, v, out var qk);
            Assert.All(y.Skip(12 * 3).Take(12), e => Assert.Equal(0.0, e)); // batch 1, query 0: a zero row, not NaN
            Check("packed", "set", new[] { Tensor.Of(q, 2, 3, 8), Tensor.Of(k, 2, 5, 4), Tensor.Of(v, 2, 5, 6), Tensor.Of(mask, 3, 4), Tensor.Of(nonpad, 2) },
                Tensor.Of(y, 2, 3, 12), Tensor.Of(qk, 2, 2, 3, 5));
        }

        [Theory]
        [InlineData(3)]
        [InlineData(1)]
        public void CacheOfSymbolicLength(int p)
        {
            double[] q = Numbers(16, 8), k = Numbers(16, 9), v = Numbers(16, 10), pk = Numbers(2 * p * 4, 11), pv = Numbers(2 * p * 4, 12);
            var r = new Reference { Batch = 1, QHeads = 2, KvHeads = 2, QSeq = 2, KvSeq = 2, Past = p, HeadSize = 4, VHeadSize = 4, PastKey = pk, PastValue = pv, Causal = true, Softcap = 2, Mode = 1 };
            var y = r.Run(q, k, v, out var qk);
            Check("cache", "p" + p, new[] { Tensor.Of(F(q), 1, 2, 2, 4), Tensor.Of(F(k), 1, 2, 2, 4), Tensor.Of(F(v), 1, 2, 2, 4), Tensor.Of(F(pk), 1, 2, p, 4), Tensor.Of(F(pv), 1, 2, p, 4) },
                Tensor.Of(F(y), 1, 2, 2, 4), Tensor.Of(F(Reference.Concat(pk, k, 2, p, 2, 4)), 1, 2, p + 2, 4),
                Tensor.Of(F(Reference.Concat(pv, v, 2, p, 2, 4)), 1, 2, p + 2, 4), Tensor.Of(F(qk), 1, 2, 2, p + 2));
        }

        [Theory]
        [InlineData(3)]
        [InlineData(1)]
        public void RotaryOfSymbolicLength(int s)
        {
            double[] x = Numbers(s * 8, 13), cos = Numbers(10, 14), sin = Numbers(10, 15);
            long[] positions = Enumerable.Range(0, s).Select(i => (long)(7 - 2 * i)).ToArray();
            var y = (double[])x.Clone();
            for (int t = 0; t < s; t++)
                for (int h = 0; h < 2; h++)
                {
                    int at = (t * 2 + h) * 4;
                    double c = cos[positions[t]], n = sin[positions[t]], x1 = x[at], x2 = x[at + 1];
                    y[at] = c * x1 - n * x2;
                    y[at + 1] = n * x1 + c * x2;
                }
            Check("rotary", "s" + s, new[] { Tensor.Of(F(x), 1, s, 8), Tensor.Of(F(cos), 10, 1), Tensor.Of(F(sin), 10, 1), Tensor.Of(positions, 1, s) },
                Tensor.Of(F(y), 1, s, 8));
        }

        public static IEnumerable<object[]> BadForms()
        {
            OnnxModelBuilder Qkv(int opset, object[] q, object[] kv) => new OnnxModelBuilder("bad", opset: opset)
                .Input("q", ElementType.Float, q).Input("k", ElementType.Float, kv).Input("v", ElementType.Float, kv);
            byte[] Attention(OnnxModelBuilder m, Action<OnnxAttributeBuilder>? attributes = null, string mask = "") =>
                m.Node("Attention", mask.Length == 0 ? new[] { "q", "k", "v" } : new[] { "q", "k", "v", mask }, new[] { "y" }, attributes: attributes).Output("y").ToBytes();
            // 3-D without head counts; 4-D with them at revision 25; 3 query heads over 2 key/value heads; a mask longer than the keys.
            yield return new object[] { "MG0103", Attention(Qkv(23, new object[] { 1, 2, 8 }, new object[] { 1, 2, 8 })) };
            yield return new object[] { "MG0103", Attention(Qkv(25, new object[] { 1, 2, 2, 4 }, new object[] { 1, 2, 2, 4 }), a => a.Int("q_num_heads", 2).Int("kv_num_heads", 2)) };
            yield return new object[] { "MG0201", Attention(Qkv(23, new object[] { 1, 3, 2, 4 }, new object[] { 1, 2, 2, 4 })) };
            yield return new object[] { "MG0201", Attention(Qkv(23, new object[] { 1, 2, 2, 4 }, new object[] { 1, 2, 2, 4 }).Input("m", ElementType.Bool, new object[] { 2, 3 }), mask: "m") };
            yield return new object[] { "MG0103", Attention(Qkv(23, new object[] { 1, 2, 2, 4 }, new object[] { 1, 2, 2, 4 }), a => a.Int("qk_matmul_output_mode", 4)) };
            // An odd rotated width.
            yield return new object[] { "MG0103", new OnnxModelBuilder("bad", opset: 23).Input("x", ElementType.Float, new object[] { 1, 2, 3, 4 })
                .Input("cos", ElementType.Float, new object[] { 1, 3, 1 }).Input("sin", ElementType.Float, new object[] { 1, 3, 1 })
                .Node("RotaryEmbedding", new[] { "x", "cos", "sin" }, new[] { "y" }, attributes: a => a.Int("rotary_embedding_dim", 3)).Output("y").ToBytes() };
        }

        [Theory]
        [MemberData(nameof(BadForms))]
        public void BadFormsAreReportedWithTheirDiagnostic(string id, byte[] model)
        {
            var result = ModelCompiler.Compile(model, new CompileOptions("Model", "AttentionCases.bad", null, "ModelGen.bad.onnx", new Dictionary<string, long>()));
            Assert.False(result.Success);
            Assert.Contains(result.Problems, p => p.Id == id);
        }

        /// <summary>Deterministic values in [−1, 1), different for each <paramref name="seed"/>.</summary>
        private static double[] Numbers(int count, int seed)
        {
            var random = new Random(seed);
            return Enumerable.Range(0, count).Select(_ => (double)(float)(random.NextDouble() * 2 - 1)).ToArray();
        }

        private static float[] F(double[] values) => values.Select(v => (float)v).ToArray();

        /// <summary>
        /// Attention written the way the spec reads, in double: keys and values are past then current, the bias is
        /// mask + causal + window + padding as 0 or −∞, softmax per row, and a row whose bias is all −∞ is zeros.
        /// </summary>
        private sealed class Reference
        {
            public int Batch, QHeads, KvHeads, QSeq, KvSeq, Past, HeadSize, VHeadSize, Mode;
            public bool Packed, Causal;
            public double[]? PastKey, PastValue;
            public Func<int, int, int, int, double>? Mask;
            public long[]? Nonpad;
            public double? Scale;
            public double Softcap;
            public long Left = -1, Right = -1;

            public double[] Run(double[] q, double[] k, double[] v, out double[] qk)
            {
                int total = Past + KvSeq, group = QHeads / KvHeads;
                double scale = Scale ?? 1 / Math.Sqrt(HeadSize);
                var y = new double[Batch * QHeads * QSeq * VHeadSize];
                qk = new double[Batch * QHeads * QSeq * total];
                for (int b = 0; b < Batch; b++)
                    for (int h = 0; h < QHeads; h++)
                        for (int i = 0; i < QSeq; i++)
                        {
                            long offset = Nonpad != null ? Nonpad[b] - QSeq : Past;
                            var s = new double[total];
                            var bias = new double[total];
                            for (int j = 0; j < total; j++)
                            {
                                double dot = 0;
                                for (int d = 0; d < HeadSize; d++)
                                    dot += At(q, b, h, i, d, QHeads, QSeq, HeadSize) * Key(k, PastKey, b, h / group, j, d, HeadSize);
                                s[j] = dot * scale;
                                Put(qk, b, h, i, j, total, 0, s[j]);
                                if (Softcap != 0) s[j] = Softcap * Math.Tanh(s[j] / Softcap);
                                Put(qk, b, h, i, j, total, 1, s[j]);
                                long diff = i + offset - j;
                                bool allowed = (!Causal || diff >= 0) && (Left < 0 || diff <= Left) && (Right < 0 || -diff <= Right) && (Nonpad == null || j < Nonpad[b]);
                                bias[j] = (Mask?.Invoke(b, h, i, j) ?? 0) + (allowed ? 0 : double.NegativeInfinity);
                                s[j] += bias[j];
                                Put(qk, b, h, i, j, total, 2, s[j]);
                            }
                            double max = s.Max(), sum = 0;
                            var p = s.Select(x => Math.Exp(x - max)).ToArray();
                            foreach (var e in p) sum += e;
                            bool masked = bias.All(e => e == double.NegativeInfinity);
                            for (int j = 0; j < total; j++)
                            {
                                p[j] = masked ? 0 : p[j] / sum;
                                Put(qk, b, h, i, j, total, 3, p[j]);
                            }
                            for (int d = 0; d < VHeadSize; d++)
                            {
                                double acc = 0;
                                for (int j = 0; j < total; j++) acc += p[j] * Key(v, PastValue, b, h / group, j, d, VHeadSize);
                                y[Packed ? ((b * QSeq + i) * QHeads + h) * VHeadSize + d : ((b * QHeads + h) * QSeq + i) * VHeadSize + d] = acc;
                            }
                        }
                return y;
            }

            private double At(double[] x, int b, int h, int s, int d, int heads, int seq, int width) =>
                x[Packed ? ((b * seq + s) * heads + h) * width + d : ((b * heads + h) * seq + s) * width + d];

            private double Key(double[] current, double[]? past, int b, int h, int j, int d, int width) =>
                j < Past ? past![((b * KvHeads + h) * Past + j) * width + d] : At(current, b, h, j - Past, d, KvHeads, KvSeq, width);

            private void Put(double[] qk, int b, int h, int i, int j, int total, int mode, double value)
            {
                if (mode == Mode) qk[((b * QHeads + h) * QSeq + i) * total + j] = value;
            }

            /// <summary>past then current along axis 2 of [1, heads, ·, width] tensors.</summary>
            public static double[] Concat(double[] past, double[] current, int heads, int p, int s, int width)
            {
                var r = new List<double>();
                for (int h = 0; h < heads; h++)
                {
                    r.AddRange(past.Skip(h * p * width).Take(p * width));
                    r.AddRange(current.Skip(h * s * width).Take(s * width));
                }
                return r.ToArray();
            }
        }
    }
}

using System;
using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Writing;
using static ModelGen.Tests.Differential.CaseSet;

namespace ModelGen.Tests.Differential
{
    /// <summary>
    /// MatMul, Gemm, Conv, MaxPool, BatchNormalization and Softmax, on shapes and attributes the backend suite does not
    /// use: odd sizes, batch broadcasting, groups with strides, pads and dilations together, 1-D and 3-D spatial ranks,
    /// negative axes, and a large-ish 1×17×33×29 input.
    /// </summary>
    internal static class TensorOpCases
    {
        public static void Add(CaseSet set)
        {
            MatMul(set);
            Gemm(set);
            Conv(set);
            MaxPool(set);
            BatchNorm(set);
            Softmax(set);
            TfIdf(set);
        }

        /// <summary>TfIdfVectorizer: uni-, bi- and trigrams with skips, each weighting mode, int64 and int32 tokens, weights given or not.</summary>
        private static void TfIdf(CaseSet set)
        {
            var pool = new long[] { 1, 2, 3, 7, 1, 2, 2, 3, 3, 1, 4, 4, 1, 2, 3, 7, 7, 7 };
            var counts = new long[] { 0, 4, 12 };
            var indexes = new long[] { 0, 1, 2, 3, 4, 5, 6, 7, 8, 9 };
            var weights = new float[] { 0.5f, 1.5f, 2f, 0.25f, 3f, 1f, 0.75f, 2.5f, 1.25f, 4f };
            foreach (var (mode, weighted, t) in new[] { ("TF", false, ElementType.Int64), ("IDF", true, ElementType.Int32), ("IDF", false, ElementType.Int64), ("TFIDF", true, ElementType.Int64), ("TFIDF", false, ElementType.Int32) })
                set.Node("text", "TfIdfVectorizer", t, mode + (weighted ? " with weights" : "") + ", n-grams of 1..3 tokens, skips up to 2, x [3,16] of tokens 0..7",
                    new[] { set.Random.Uniform("x", t, D(3, 16), 0, 7) }, new[] { ElementType.Float },
                    a =>
                    {
                        a.String("mode", mode).Int("min_gram_length", 1).Int("max_gram_length", 3).Int("max_skip_count", 2)
                         .Ints("ngram_counts", counts).Ints("ngram_indexes", indexes).Ints("pool_int64s", pool);
                        if (weighted) a.Floats("weights", weights);
                    });
            set.Node("text", "TfIdfVectorizer", ElementType.Int32, "TF, bigrams only, no skips, x [20]", new[] { set.Random.Uniform("x", ElementType.Int32, D(20), 0, 4) }, new[] { ElementType.Float },
                a => a.String("mode", "TF").Int("min_gram_length", 2).Int("max_gram_length", 2).Int("max_skip_count", 0)
                      .Ints("ngram_counts", counts).Ints("ngram_indexes", indexes).Ints("pool_int64s", pool));
        }

        private static DiffTensor Values(CaseSet set, string name, ElementType t, long[] dims) =>
            ElementTypes.IsInteger(t) ? set.Random.Uniform(name, t, dims, ElementTypes.IsSigned(t) ? -5 : 0, 5) : set.Random.Uniform(name, t, dims, -1, 1);

        private static void MatMul(CaseSet set)
        {
            var shapes = new (long[] A, long[] B, string Variant, bool ConstantB)[]
            {
                (D(17, 33), D(33, 29), "[17,33] × [33,29]", false),
                (D(2, 1, 5, 7), D(3, 7, 4), "[2,1,5,7] × [3,7,4] (batch broadcasting)", false),
                (D(7), D(3, 7, 4), "[7] × [3,7,4] (1-D left)", false),
                (D(2, 5, 7), D(7), "[2,5,7] × [7] (1-D right)", false),
                (D(1, 13, 65), D(65, 31), "[1,13,65] × constant [65,31]", true),
            };
            foreach (var t in TypesOf("MatMul"))
            {
                foreach (var s in shapes)
                {
                    var b = Values(set, "b", t, s.B);
                    set.Node("matmul/gemm", "MatMul", t, s.Variant, new[] { Values(set, "a", t, s.A), s.ConstantB ? b.AsConstant() : b }, new[] { t });
                }
            }
            // The smallest case that shows where partial sums are kept: 4096 ones sum to 4096, but a half accumulator stops at 2048 (2048 + 1 rounds to 2048).
            var ones = RandomTensors.Of("a", ElementType.Float16, D(1, 4096), new double[4096].Select(_ => 1.0).ToArray());
            set.Node("matmul/gemm", "MatMul", ElementType.Float16, "[1,4096] × [4096,1], all ones",
                new[] { ones, RandomTensors.Of("b", ElementType.Float16, D(4096, 1), new double[4096].Select(_ => 1.0).ToArray()) }, new[] { ElementType.Float16 });
            var n = set.Random.Uniform("a", ElementType.Float, D(6, 9), -1, 1).Declare("N", 9);
            set.Node("matmul/gemm", "MatMul", ElementType.Float, "[N,9] × constant [9,11], N=6 at run time",
                new[] { n, set.Random.Uniform("b", ElementType.Float, D(9, 11), -1, 1).AsConstant() }, new[] { ElementType.Float });
        }

        private static void Gemm(CaseSet set)
        {
            foreach (var t in TypesOf("Gemm"))
            {
                set.Node("matmul/gemm", "Gemm", t, "[17,33] × [33,29] + C [29], alpha=0.7 beta=1.3",
                    new[] { Values(set, "a", t, D(17, 33)), Values(set, "b", t, D(33, 29)), Values(set, "c", t, D(29)) }, new[] { t },
                    at => at.Float("alpha", 0.7f).Float("beta", 1.3f));
                set.Node("matmul/gemm", "Gemm", t, "transA=1 transB=1, C [17,1]",
                    new[] { Values(set, "a", t, D(33, 17)), Values(set, "b", t, D(29, 33)), Values(set, "c", t, D(17, 1)) }, new[] { t },
                    at => at.Int("transA", 1).Int("transB", 1));
                set.Node("matmul/gemm", "Gemm", t, "transB=1, scalar C, constant B",
                    new[] { Values(set, "a", t, D(5, 12)), Values(set, "b", t, D(9, 12)).AsConstant(), Values(set, "c", t, D()) }, new[] { t },
                    at => at.Int("transB", 1));
                set.Node("matmul/gemm", "Gemm", t, "no C", new[] { Values(set, "a", t, D(3, 8)), Values(set, "b", t, D(8, 6)) }, new[] { t });
            }
        }

        private static void Conv(CaseSet set)
        {
            var cases = new (long[] X, long[] W, bool Bias, string Variant, Action<OnnxAttributeBuilder> Attributes)[]
            {
                (D(1, 17, 33, 29), D(8, 17, 3, 3), true, "x [1,17,33,29], w [8,17,3,3], pads 1, bias", a => a.Ints("pads", 1, 1, 1, 1)),
                (D(2, 6, 15, 13), D(9, 2, 3, 3), true, "group=3, strides [2,1], pads [1,0,2,1], dilations [1,2]",
                    a => a.Int("group", 3).Ints("strides", 2, 1).Ints("pads", 1, 0, 2, 1).Ints("dilations", 1, 2)),
                (D(1, 5, 17, 11), D(5, 1, 3, 3), false, "depthwise group=5, strides 2, auto_pad=SAME_UPPER",
                    a => a.Int("group", 5).Ints("strides", 2, 2).String("auto_pad", "SAME_UPPER")),
                (D(1, 3, 11, 10), D(2, 3, 4, 4), true, "kernel 4, strides 2, auto_pad=SAME_LOWER",
                    a => a.Ints("strides", 2, 2).String("auto_pad", "SAME_LOWER")),
                (D(1, 2, 13, 12), D(3, 2, 5, 3), false, "kernel [5,3], auto_pad=VALID", a => a.String("auto_pad", "VALID")),
                (D(1, 16, 9, 7), D(8, 16, 1, 1), false, "1×1 kernel", a => { }),
                (D(2, 3, 29), D(4, 3, 5), true, "1-D: strides 3, pads [2,1], dilations 2", a => a.Ints("strides", 3).Ints("pads", 2, 1).Ints("dilations", 2)),
                (D(1, 2, 7, 6, 5), D(3, 2, 3, 2, 2), true, "3-D: pads [1,0,1,1,0,0]", a => a.Ints("pads", 1, 0, 1, 1, 0, 0)),
            };
            foreach (var t in TypesOf("Conv"))
            {
                foreach (var c in cases)
                {
                    var inputs = c.Bias
                        ? new[] { Values(set, "x", t, c.X), Values(set, "w", t, c.W).AsConstant(), Values(set, "b", t, D(c.W[0])).AsConstant() }
                        : new[] { Values(set, "x", t, c.X), Values(set, "w", t, c.W).AsConstant() };
                    set.Node("conv", "Conv", t, c.Variant, inputs, new[] { t }, c.Attributes);
                }
            }
            set.Node("conv", "Conv", ElementType.Float, "weights and bias as graph inputs, group=2",
                new[] { Values(set, "x", ElementType.Float, D(1, 4, 9, 8)), Values(set, "w", ElementType.Float, D(6, 2, 3, 2)), Values(set, "b", ElementType.Float, D(6)) },
                new[] { ElementType.Float }, a => a.Int("group", 2));
            set.Node("conv", "Conv", ElementType.Float, "x [N,3,12,11], N=2 at run time",
                new[] { Values(set, "x", ElementType.Float, D(2, 3, 12, 11)).Declare("N", 3, 12, 11), Values(set, "w", ElementType.Float, D(4, 3, 3, 3)).AsConstant() },
                new[] { ElementType.Float }, a => a.Ints("pads", 1, 1, 1, 1));
        }

        private static void MaxPool(CaseSet set)
        {
            var cases = new (long[] X, string Variant, Action<OnnxAttributeBuilder> Attributes)[]
            {
                (D(1, 17, 33, 29), "x [1,17,33,29], kernel [3,2], strides [2,3], pads [1,0,1,1]",
                    a => a.Ints("kernel_shape", 3, 2).Ints("strides", 2, 3).Ints("pads", 1, 0, 1, 1)),
                (D(2, 3, 15, 14), "kernel 3, strides 2, ceil_mode=1", a => a.Ints("kernel_shape", 3, 3).Ints("strides", 2, 2).Int("ceil_mode", 1)),
                (D(1, 4, 16, 13), "kernel [2,3], strides [1,2], dilations [2,1]", a => a.Ints("kernel_shape", 2, 3).Ints("strides", 1, 2).Ints("dilations", 2, 1)),
                (D(1, 3, 11, 10), "kernel 3, strides 2, auto_pad=SAME_UPPER", a => a.Ints("kernel_shape", 3, 3).Ints("strides", 2, 2).String("auto_pad", "SAME_UPPER")),
                (D(2, 5, 31), "1-D: kernel 4, strides 3, pads [1,2]", a => a.Ints("kernel_shape", 4).Ints("strides", 3).Ints("pads", 1, 2)),
                (D(1, 2, 6, 7, 8), "3-D: kernel [2,3,2]", a => a.Ints("kernel_shape", 2, 3, 2)),
            };
            foreach (var t in TypesOf("MaxPool"))
            {
                foreach (var c in cases)
                    set.Node("maxpool", "MaxPool", t, c.Variant, new[] { PoolInput(set, t, c.X) }, new[] { t }, c.Attributes);
                set.Node("maxpool", "MaxPool", t, "with Indices, kernel 2, strides 2, pads [0,1,1,0]", new[] { PoolInput(set, t, D(1, 3, 9, 8)) }, new[] { t, ElementType.Int64 },
                    a => a.Ints("kernel_shape", 2, 2).Ints("strides", 2, 2).Ints("pads", 0, 1, 1, 0));
            }
        }

        /// <summary>Distinct values, so the argmax (and so Indices) is unique.</summary>
        private static DiffTensor PoolInput(CaseSet set, ElementType t, long[] dims) =>
            ElementTypes.IsInteger(t) ? set.Random.Uniform("x", t, dims, ElementTypes.IsSigned(t) ? -128 : 0, 127) : set.Random.Uniform("x", t, dims, -10, 10);

        private static void BatchNorm(CaseSet set)
        {
            foreach (var t in TypesOf("BatchNormalization"))
            {
                foreach (var (x, variant) in new[] { (D(2, 7, 11, 13), "x [2,7,11,13], epsilon=1e-3"), (D(5, 7), "x [5,7] (no spatial dims)"), (D(3, 7, 17), "x [3,7,17]") })
                {
                    var inputs = new[]
                    {
                        set.Random.Uniform("x", t, x, -4, 4),
                        set.Random.Uniform("scale", t, D(7), 0.5, 2).AsConstant(),
                        set.Random.Uniform("bias", t, D(7), -1, 1).AsConstant(),
                        set.Random.Uniform("mean", t, D(7), -1, 1).AsConstant(),
                        set.Random.Uniform("var", t, D(7), 0.25, 3).AsConstant(),
                    };
                    set.Node("batchnorm", "BatchNormalization", t, variant, inputs, new[] { t }, a => a.Float("epsilon", 1e-3f));
                }
            }
        }

        private static void Softmax(CaseSet set)
        {
            foreach (var t in TypesOf("Softmax"))
            {
                set.Node("softmax", "Softmax", t, "[3,17,29], axis=-1", new[] { set.Random.Uniform("x", t, D(3, 17, 29), -20, 20) }, new[] { t });
                set.Node("softmax", "Softmax", t, "[3,17,29], axis=1", new[] { set.Random.Uniform("x", t, D(3, 17, 29), -20, 20) }, new[] { t }, a => a.Int("axis", 1));
                set.Node("softmax", "Softmax", t, "[4,5,6], axis=-3", new[] { set.Random.Uniform("x", t, D(4, 5, 6), -20, 20) }, new[] { t }, a => a.Int("axis", -3));
                set.Node("softmax", "Softmax", t, "opset 11 [2,3,4,5], axis=1 (flattens from the axis on)", new[] { set.Random.Uniform("x", t, D(2, 3, 4, 5), -20, 20) },
                    new[] { t }, a => a.Int("axis", 1), opset: 11);
            }
        }
    }
}

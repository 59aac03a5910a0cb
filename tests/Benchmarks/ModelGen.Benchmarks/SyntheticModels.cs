using System;
using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Reading;
using ModelGen.Compiler.Writing;
using ModelGen.ModelFactory;

namespace ModelGen.Benchmarks
{
    /// <summary>
    /// The synthetic single-op models of issue 8, built in memory: the weights (MatMul's B, Conv's W and bias) are
    /// constant initializers, uniform in [-1, 1) from a fixed seed, and the activation is the graph input, so both
    /// runtimes may pre-pack the weights at load as a real model lets them. Plus a BERT-style encoder layer from the
    /// model factory's builder.
    /// </summary>
    internal static class SyntheticModels
    {
        private const int Seed = 8;

        /// <summary>Every synthetic row, in table order. Built lazily: a filtered run (--only) builds only what it needs.</summary>
        public static IReadOnlyList<(string Name, Func<BenchModel> Build)> All() => new (string, Func<BenchModel>)[]
        {
            ("matmul-1024x1024x1024", () => MatMul("matmul-1024x1024x1024", 1024, 1024, 1024)),
            ("matmul-128x768x768", () => MatMul("matmul-128x768x768", 128, 768, 768)),
            ("conv3x3-64to64-56x56", () => Conv("conv3x3-64to64-56x56", 64, 56, 56, 64, 3, 1, 1)),
            ("depthwise3x3-32-112x112", () => Conv("depthwise3x3-32-112x112", 32, 112, 112, 32, 3, 32, 1)),
            ("conv1x1-256to256-28x28", () => Conv("conv1x1-256to256-28x28", 256, 28, 28, 256, 1, 1, 0)),
            ("bert-layer-768-seq128", BertLayer),
            ("matmulinteger-128x768x768", () => MatMulInteger("matmulinteger-128x768x768", 128, 768, 768)),
        };

        /// <summary>Y = A·B with A [m,k] the input and B [k,n] a constant.</summary>
        public static BenchModel MatMul(string name, int m, int k, int n)
        {
            var b = new OnnxModelBuilder(name, opset: 17);
            b.Input("A", ElementType.Float, new object[] { m, k });
            b.Initializer("B", new[] { k, n }, Uniform(k * n, Seed));
            b.Node("MatMul", new[] { "A", "B" }, new[] { "Y" }, name: "matmul");
            b.Output("Y", ElementType.Float, new object[] { m, n });
            var a = Input("A", new long[] { m, k }, Seed + 1);
            return new BenchModel(name, b.ToBytes(), new[] { a }, WorkKind.Gemm, 2.0 * m * n * k,
                "synthetic MatMul [" + m + "," + k + "]x[" + k + "," + n + "]");
        }

        /// <summary>
        /// A Conv over X [1,cin,h,w] (the input) with W [cout,cin/group,kernel,kernel] and bias [cout] constants, stride 1,
        /// the same padding on every side.
        /// </summary>
        public static BenchModel Conv(string name, int cin, int h, int w, int cout, int kernel, int group, int pad)
        {
            int hout = h + 2 * pad - kernel + 1, wout = w + 2 * pad - kernel + 1;
            var b = new OnnxModelBuilder(name, opset: 17);
            b.Input("X", ElementType.Float, new object[] { 1, cin, h, w });
            b.Initializer("W", new[] { cout, cin / group, kernel, kernel }, Uniform(cout * (cin / group) * kernel * kernel, Seed));
            b.Initializer("bias", new[] { cout }, Uniform(cout, Seed + 2));
            b.Node("Conv", new[] { "X", "W", "bias" }, new[] { "Y" }, name: "conv", attributes: a => a
                .Ints("kernel_shape", kernel, kernel).Ints("pads", pad, pad, pad, pad).Ints("strides", 1, 1).Int("group", group));
            b.Output("Y", ElementType.Float, new object[] { 1, cout, hout, wout });
            var x = Input("X", new long[] { 1, cin, h, w }, Seed + 1);
            double flops = 2.0 * cout * hout * wout * (cin / group) * kernel * kernel;
            return new BenchModel(name, b.ToBytes(), new[] { x }, WorkKind.Conv, flops,
                "synthetic Conv " + kernel + "x" + kernel + " " + cin + "->" + cout + (group > 1 ? " group " + group : "") + " on [1," + cin + "," + h + "," + w + "] pads " + pad);
        }

        /// <summary>
        /// Y (int32) = (A − 128)·B with A [m,k] uint8 the input and B [k,n] an int8 constant, as a dynamically quantised
        /// linear layer runs: ORT's MLAS u8s8 kernels against ModelGen's int8 tiles. Its work is counted as 2·m·n·k
        /// integer operations, so its GOP/s sits in the GFLOP/s column; the % peak columns are blank (the peak is fp32's).
        /// </summary>
        public static BenchModel MatMulInteger(string name, int m, int k, int n)
        {
            var b = new OnnxModelBuilder(name, opset: 17);
            b.Input("A", ElementType.UInt8, new object[] { m, k });
            var random = new Random(Seed);
            var weights = new byte[k * n];
            random.NextBytes(weights);
            b.Initializer("B", ElementType.Int8, new[] { k, n }, weights);
            b.Initializer("a_zero_point", ElementType.UInt8, Array.Empty<int>(), new byte[] { 128 });
            b.Node("MatMulInteger", new[] { "A", "B", "a_zero_point" }, new[] { "Y" }, name: "matmulinteger");
            b.Output("Y", ElementType.Int32, new object[] { m, n });
            var a = new byte[m * k];
            new Random(Seed + 1).NextBytes(a);
            return new BenchModel(name, b.ToBytes(), new[] { new TensorFileData("A", ElementType.UInt8, new long[] { m, k }, a) }, WorkKind.Other, 0,
                "synthetic MatMulInteger uint8 [" + m + "," + k + "] x int8 constant [" + k + "," + n + "], a_zero_point 128");
        }

        /// <summary>One BERT-style encoder layer (hidden 768, 12 heads, sequence 128, batch 1) with its embeddings, as PyTorch exports it.</summary>
        public static BenchModel BertLayer()
        {
            var o = new BertOptions(Layers: 1, Hidden: 768, Heads: 12, Seq: 128);
            var inputs = BertInputs.Make(o).Select(t => new TensorFileData(t.Name, t.Type, t.Dims, t.Raw)).ToArray();
            return new BenchModel("bert-layer-768-seq128", BertEncoderBuilder.Build(o), inputs, WorkKind.Other, 0,
                "tests/ModelFactory BertEncoderBuilder: 1 layer, hidden 768, 12 heads, sequence 128, batch 1");
        }

        private static TensorFileData Input(string name, long[] dims, int seed)
        {
            int count = checked((int)dims.Aggregate(1L, (x, y) => x * y));
            var raw = new byte[count * sizeof(float)];
            Buffer.BlockCopy(Uniform(count, seed), 0, raw, 0, raw.Length);
            return new TensorFileData(name, ElementType.Float, dims, raw);
        }

        private static float[] Uniform(int count, int seed)
        {
            var random = new Random(seed);
            var values = new float[count];
            for (int i = 0; i < count; i++) values[i] = (float)(random.NextDouble() * 2 - 1);
            return values;
        }
    }
}

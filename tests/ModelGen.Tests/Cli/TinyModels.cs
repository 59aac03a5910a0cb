using System;
using System.IO;
using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Reading;
using ModelGen.Compiler.Writing;

namespace ModelGen.Tests.Cli
{
    /// <summary>Small models built in code, so the CLI's tests do not all depend on the shared models.</summary>
    internal static class TinyModels
    {
        public static readonly float[] Bias = { 1f, -2f, 3f, -4f };

        /// <summary>y = Relu(x + bias), x: float[N,4].</summary>
        public static byte[] AddRelu() =>
            new OnnxModelBuilder("tiny", opset: 13)
                .Input("x", ElementType.Float, new object[] { "N", 4 })
                .Initializer("bias", new[] { 4 }, Bias)
                .Node("Add", new[] { "x", "bias" }, new[] { "s" }, name: "add")
                .Node("Relu", new[] { "s" }, new[] { "y" }, name: "relu")
                .Output("y", ElementType.Float, new object[] { "N", 4 })
                .ToBytes();

        // Conv(x, W) then BatchNormalization: the optimizer folds the BatchNormalization into the Conv (batchnorm-into-conv).
        private static readonly float[] ConvW = { 2f, -1f };
        private static readonly float[] BnScale = { 1.5f, 0.5f }, BnBias = { 0.1f, -0.2f }, BnMean = { 0.3f, -0.4f }, BnVar = { 4f, 0.25f };

        /// <summary>y = BatchNormalization(Conv(x, W[2,1,1,1])), x: float[N,1,3,3], y: float[N,2,3,3]; two nodes, one after optimizing.</summary>
        public static byte[] ConvBatchNorm() =>
            new OnnxModelBuilder("convbn", opset: 13)
                .Input("x", ElementType.Float, new object[] { "N", 1, 3, 3 })
                .Initializer("w", new[] { 2, 1, 1, 1 }, ConvW)
                .Initializer("scale", new[] { 2 }, BnScale)
                .Initializer("bias", new[] { 2 }, BnBias)
                .Initializer("mean", new[] { 2 }, BnMean)
                .Initializer("var", new[] { 2 }, BnVar)
                .Node("Conv", new[] { "x", "w" }, new[] { "c" }, name: "conv")
                .Node("BatchNormalization", new[] { "c", "scale", "bias", "mean", "var" }, new[] { "y" }, name: "bn")
                .Output("y", ElementType.Float, new object[] { "N", 2, 3, 3 })
                .ToBytes();

        /// <summary>What <see cref="ConvBatchNorm"/> computes, in double: ((W_c·x − mean_c) / √(var_c + 1e-5))·scale_c + bias_c.</summary>
        public static float[] ConvBatchNormExpected(float[] x, int batch)
        {
            var y = new float[batch * 2 * 9];
            for (int n = 0; n < batch; n++)
                for (int c = 0; c < 2; c++)
                    for (int i = 0; i < 9; i++)
                        y[(n * 2 + c) * 9 + i] = (float)((ConvW[c] * (double)x[n * 9 + i] - BnMean[c]) / Math.Sqrt(BnVar[c] + 1e-5) * BnScale[c] + BnBias[c]);
            return y;
        }

        /// <summary>Writes convbn.onnx and test_data_set_0 (N = <paramref name="batch"/>) into <paramref name="dir"/>; returns the model path.</summary>
        public static string WriteConvBatchNorm(string dir, int batch = 2, string fileName = "convbn.onnx")
        {
            string model = Path.Combine(dir, fileName);
            File.WriteAllBytes(model, ConvBatchNorm());
            string data = Path.Combine(dir, "test_data_set_0");
            Directory.CreateDirectory(data);
            var x = Enumerable.Range(0, batch * 9).Select(i => i * 0.25f - 1.5f).ToArray();
            File.WriteAllBytes(Path.Combine(data, "input_0.pb"), TensorFile.Write("x", ElementType.Float, new long[] { batch, 1, 3, 3 }, Bytes(x)));
            File.WriteAllBytes(Path.Combine(data, "output_0.pb"), TensorFile.Write("y", ElementType.Float, new long[] { batch, 2, 3, 3 }, Bytes(ConvBatchNormExpected(x, batch))));
            return model;
        }

        /// <summary>Three nodes whose ops ModelGen does not implement (random sampling ops, which compiled inference does not generate).</summary>
        public static byte[] ThreeUnsupportedOps() =>
            new OnnxModelBuilder("unsupported", opset: 13)
                .Input("x", ElementType.Float, new object[] { 2, 2 })
                .Node("RandomNormalLike", new[] { "x" }, new[] { "a" }, name: "first_bad")
                .Node("Multinomial", new[] { "a" }, new[] { "b" }, name: "second_bad")
                .Node("Bernoulli", new[] { "b" }, new[] { "c" }, name: "third_bad")
                .Output("c", ElementType.Float, new object[] { })
                .ToBytes();

        public static float[] Inputs(int rows) => Enumerable.Range(0, rows * 4).Select(i => i * 0.75f - 4f).ToArray();

        public static float[] Expected(float[] x) => x.Select((v, i) => Math.Max(0f, v + Bias[i % 4])).ToArray();

        public static byte[] Bytes(float[] values)
        {
            var raw = new byte[values.Length * 4];
            Buffer.BlockCopy(values, 0, raw, 0, raw.Length);
            return raw;
        }

        public static float[] Floats(byte[] raw)
        {
            var values = new float[raw.Length / 4];
            Buffer.BlockCopy(raw, 0, values, 0, raw.Length);
            return values;
        }

        /// <summary>Writes model.onnx and test_data_set_0 (N rows) into <paramref name="dir"/>; returns the model path.</summary>
        public static string WriteAddRelu(string dir, int rows = 3)
        {
            string model = Path.Combine(dir, "tiny.onnx");
            File.WriteAllBytes(model, AddRelu());
            string data = Path.Combine(dir, "test_data_set_0");
            Directory.CreateDirectory(data);
            var x = Inputs(rows);
            File.WriteAllBytes(Path.Combine(data, "input_0.pb"), TensorFile.Write("x", ElementType.Float, new long[] { rows, 4 }, Bytes(x)));
            File.WriteAllBytes(Path.Combine(data, "output_0.pb"), TensorFile.Write("y", ElementType.Float, new long[] { rows, 4 }, Bytes(Expected(x))));
            return model;
        }
    }
}

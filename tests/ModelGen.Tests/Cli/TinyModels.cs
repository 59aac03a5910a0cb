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

using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Reading;
using ModelGen.Compiler.Writing;

namespace ModelGen.Tests.Foundation
{
    /// <summary>
    /// The models of the foundation scenarios, built with the in-repo writer, and their arithmetic done by hand in
    /// double (the independent reference the compiled code is checked against), plus ONNX test-data folders for the CLI.
    /// </summary>
    internal static class ScenarioModels
    {
        public static float[] Seeded(int n, int seed, float lo = -1f, float hi = 1f)
        {
            var rng = new Random(seed);
            return Enumerable.Range(0, n).Select(_ => lo + (float)rng.NextDouble() * (hi - lo)).ToArray();
        }

        // ---- MatMul → Gemm → Add at a recent opset -----------------------------------------------------------

        public static readonly float[] W1 = Seeded(4 * 3, 1), W2 = Seeded(3 * 2, 2), C2 = Seeded(2, 3), Bias = Seeded(2, 4);

        /// <summary>y = (x·W1)·W2ᵀ·0.5 + C + bias: MatMul-13, Gemm-13 and Add-14 as opset <paramref name="opset"/> resolves them.</summary>
        public static byte[] LinearStack(int opset) =>
            new OnnxModelBuilder("linear", opset: opset)
                .Input("x", ElementType.Float, new object[] { 2, 4 })
                .Initializer("w1", new[] { 4, 3 }, W1)
                .Initializer("w2", new[] { 2, 3 }, Transposed(W2, 3, 2))
                .Initializer("c", new[] { 2 }, C2)
                .Initializer("bias", new[] { 2 }, Bias)
                .Node("MatMul", new[] { "x", "w1" }, new[] { "h" }, name: "matmul")
                .Node("Gemm", new[] { "h", "w2", "c" }, new[] { "g" }, name: "gemm", attributes: a => a.Int("transB", 1).Float("alpha", 0.5f))
                .Node("Add", new[] { "g", "bias" }, new[] { "y" }, name: "add")
                .Output("y", ElementType.Float, new object[] { 2, 2 })
                .ToBytes();

        public static float[] LinearStackReference(float[] x)
        {
            var y = new float[4];
            for (int r = 0; r < 2; r++)
                for (int j = 0; j < 2; j++)
                {
                    double g = 0;
                    for (int m = 0; m < 3; m++)
                    {
                        double h = 0;
                        for (int k = 0; k < 4; k++) h += (double)x[r * 4 + k] * W1[k * 3 + m];
                        g += h * W2[m * 2 + j];
                    }
                    y[r * 2 + j] = (float)(0.5 * g + C2[j] + Bias[j]);
                }
            return y;
        }

        private static float[] Transposed(float[] a, int rows, int cols)
        {
            var t = new float[a.Length];
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < cols; c++) t[c * rows + r] = a[r * cols + c];
            return t;
        }

        // ---- the dynamic-batch flatten (PyTorch's x.flatten(1) with a dynamic batch) -------------------------

        public static readonly float[] FlatW = Seeded(6 * 4, 5), FlatB = Seeded(4, 6);

        /// <summary>Shape → Gather(0) → Unsqueeze → Concat(·, [-1]) → Reshape, then Gemm: x float[N,2,3] → y float[N,4].</summary>
        public static byte[] DynamicFlatten() =>
            new OnnxModelBuilder("flatten", opset: 17)
                .Input("x", ElementType.Float, new object[] { "N", 2, 3 })
                .Initializer("zero", new int[0], new long[] { 0 })
                .Initializer("axes", new[] { 1 }, new long[] { 0 })
                .Initializer("rest", new[] { 1 }, new long[] { -1 })
                .Initializer("w", new[] { 6, 4 }, FlatW)
                .Initializer("b", new[] { 4 }, FlatB)
                .Node("Shape", new[] { "x" }, new[] { "shape" }, name: "shape")
                .Node("Gather", new[] { "shape", "zero" }, new[] { "batch" }, name: "batch", attributes: a => a.Int("axis", 0))
                .Node("Unsqueeze", new[] { "batch", "axes" }, new[] { "batch1" }, name: "batch_list")
                .Node("Concat", new[] { "batch1", "rest" }, new[] { "target" }, name: "target", attributes: a => a.Int("axis", 0))
                .Node("Reshape", new[] { "x", "target" }, new[] { "flat" }, name: "flatten")
                .Node("Gemm", new[] { "flat", "w", "b" }, new[] { "y" }, name: "fc")
                .Output("y", ElementType.Float, new object[] { "N", 4 })
                .ToBytes();

        public static float[] DynamicFlattenReference(float[] x)
        {
            int n = x.Length / 6;
            var y = new float[n * 4];
            for (int r = 0; r < n; r++)
                for (int j = 0; j < 4; j++)
                {
                    double s = FlatB[j];
                    for (int k = 0; k < 6; k++) s += (double)x[r * 6 + k] * FlatW[k * 4 + j];
                    y[r * 4 + j] = (float)s;
                }
            return y;
        }

        // ---- Conv + Relu + MaxPool over symbolic H and W ------------------------------------------------------

        public static readonly float[] ConvW = Seeded(3 * 2 * 3 * 3, 7), ConvB = Seeded(3, 8);

        /// <summary>x float[1,2,H,W] → Conv 3×3 pad 1 (3 channels) → Relu → MaxPool 2×2 stride 2: y float[1,3,⌊H/2⌋,⌊W/2⌋].</summary>
        public static byte[] ConvPool() =>
            new OnnxModelBuilder("convpool", opset: 18)
                .Input("x", ElementType.Float, new object[] { 1, 2, "H", "W" })
                .Initializer("w", new[] { 3, 2, 3, 3 }, ConvW)
                .Initializer("b", new[] { 3 }, ConvB)
                .Node("Conv", new[] { "x", "w", "b" }, new[] { "c" }, name: "conv", attributes: a => a.Ints("kernel_shape", 3, 3).Ints("pads", 1, 1, 1, 1))
                .Node("Relu", new[] { "c" }, new[] { "r" }, name: "relu")
                .Node("MaxPool", new[] { "r" }, new[] { "y" }, name: "pool", attributes: a => a.Ints("kernel_shape", 2, 2).Ints("strides", 2, 2))
                .Output("y", ElementType.Float, new object[] { 1, 3, "H2", "W2" })
                .ToBytes();

        public static float[] ConvPoolReference(float[] x, int h, int w)
        {
            var conv = new double[3 * h * w];
            for (int oc = 0; oc < 3; oc++)
                for (int i = 0; i < h; i++)
                    for (int j = 0; j < w; j++)
                    {
                        double s = ConvB[oc];
                        for (int ic = 0; ic < 2; ic++)
                            for (int ki = 0; ki < 3; ki++)
                                for (int kj = 0; kj < 3; kj++)
                                {
                                    int ii = i + ki - 1, jj = j + kj - 1;
                                    if (ii < 0 || jj < 0 || ii >= h || jj >= w) continue;
                                    s += (double)x[(ic * h + ii) * w + jj] * ConvW[((oc * 2 + ic) * 3 + ki) * 3 + kj];
                                }
                        conv[(oc * h + i) * w + j] = Math.Max(s, 0);
                    }
            int h2 = h / 2, w2 = w / 2;
            var y = new float[3 * h2 * w2];
            for (int oc = 0; oc < 3; oc++)
                for (int i = 0; i < h2; i++)
                    for (int j = 0; j < w2; j++)
                    {
                        double m = double.NegativeInfinity;
                        for (int a = 0; a < 2; a++)
                            for (int b = 0; b < 2; b++) m = Math.Max(m, conv[(oc * h + 2 * i + a) * w + 2 * j + b]);
                        y[(oc * h2 + i) * w2 + j] = (float)m;
                    }
            return y;
        }

        // ---- data-dependent shapes ----------------------------------------------------------------------------

        /// <summary>x float[8] → NonZero → y int64[1, count].</summary>
        public static byte[] NonZeroModel() =>
            new OnnxModelBuilder("nonzero", opset: 13)
                .Input("x", ElementType.Float, new object[] { 8 })
                .Node("NonZero", new[] { "x" }, new[] { "y" }, name: "nz")
                .Output("y", ElementType.Int64, null)
                .ToBytes();

        /// <summary>x float[12], shape int64[2] → Reshape → Relu: y float[shape[0], shape[1]] (the dims come from the data).</summary>
        public static byte[] ReshapeByInput() =>
            new OnnxModelBuilder("reshape_by_input", opset: 14)
                .Input("x", ElementType.Float, new object[] { 12 })
                .Input("shape", ElementType.Int64, new object[] { 2 })
                .Node("Reshape", new[] { "x", "shape" }, new[] { "r" }, name: "reshape")
                .Node("Relu", new[] { "r" }, new[] { "y" }, name: "relu")
                .Output("y", ElementType.Float, null)
                .ToBytes();

        // ---- ONNX test-data folders ---------------------------------------------------------------------------

        /// <summary>Writes model.onnx and test_data_set_0 (input_N.pb, output_N.pb) into <paramref name="dir"/>; returns the model path.</summary>
        public static string WriteCase(string dir, byte[] model, (string Name, ElementType Type, long[] Dims, byte[] Raw)[] inputs,
            (string Name, ElementType Type, long[] Dims, byte[] Raw)[] outputs, string dataSet = "test_data_set_0")
        {
            Directory.CreateDirectory(Path.Combine(dir, dataSet));
            string path = Path.Combine(dir, "model.onnx");
            File.WriteAllBytes(path, model);
            for (int i = 0; i < inputs.Length; i++)
                File.WriteAllBytes(Path.Combine(dir, dataSet, "input_" + i + ".pb"), TensorFile.Write(inputs[i].Name, inputs[i].Type, inputs[i].Dims, inputs[i].Raw));
            for (int i = 0; i < outputs.Length; i++)
                File.WriteAllBytes(Path.Combine(dir, dataSet, "output_" + i + ".pb"), TensorFile.Write(outputs[i].Name, outputs[i].Type, outputs[i].Dims, outputs[i].Raw));
            return path;
        }

        public static byte[] Bytes(float[] values) => MemoryMarshal.AsBytes(values.AsSpan()).ToArray();

        public static byte[] Bytes(long[] values) => MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
    }
}

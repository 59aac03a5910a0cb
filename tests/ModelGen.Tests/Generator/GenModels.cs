using ModelGen.Compiler.Ir;
using System;
using System.IO;
using System.Linq;
using ModelGen.Compiler.Writing;

namespace ModelGen.Tests.Generator
{
    /// <summary>
    /// The small models the generator tests compile, and the same arithmetic done by hand:
    /// y = Relu(x · W + b), x: float[rows,4], W: float[4,3], b: float[3].
    /// </summary>
    internal delegate float[] AllocatingCall(float[] x, out long[] shape);

    internal static class GenModels
    {
        public static readonly float[] W =
        {
            0.5f, -1f, 2f,
            1f, 0.25f, -0.5f,
            -1.5f, 1f, 0f,
            2f, -0.75f, 1f,
        };

        public static readonly float[] B = { 0.1f, -0.2f, 0.3f };

        /// <summary>The MatMul → Add → Relu model; <paramref name="rows"/> is an int or a symbol name.</summary>
        public static byte[] TinyNet(object rows, float[]? weights = null) =>
            new OnnxModelBuilder("tiny", opset: 13)
                .Input("x", ElementType.Float, new[] { rows, 4 })
                .Initializer("w", new[] { 4, 3 }, weights ?? W)
                .Initializer("b", new[] { 3 }, B)
                .Node("MatMul", new[] { "x", "w" }, new[] { "xw" }, name: "mm")
                .Node("Add", new[] { "xw", "b" }, new[] { "s" }, name: "add")
                .Node("Relu", new[] { "s" }, new[] { "y" }, name: "relu")
                .Output("y", ElementType.Float, new[] { rows, 3 })
                .ToBytes();

        /// <summary>Writes <paramref name="bytes"/> as <paramref name="fileName"/> in a fresh temp folder; returns the path.</summary>
        public static string Write(byte[] bytes, string fileName = "tiny_net.onnx", string? dir = null)
        {
            string path = Path.Combine(dir ?? Infrastructure.TestPaths.NewTempDir(), fileName);
            File.WriteAllBytes(path, bytes);
            return path;
        }

        /// <summary>Relu(x · W + b) row by row, in double, rounded to float.</summary>
        public static float[] Expected(float[] x, float[]? weights = null)
        {
            var w = weights ?? W;
            int rows = x.Length / 4;
            var y = new float[rows * 3];
            for (int r = 0; r < rows; r++)
                for (int j = 0; j < 3; j++)
                {
                    double s = B[j];
                    for (int k = 0; k < 4; k++) s += (double)x[r * 4 + k] * w[k * 3 + j];
                    y[r * 3 + j] = (float)Math.Max(0.0, s);
                }
            return y;
        }

        /// <summary>Distinct inputs: row r, column k → a value with both signs.</summary>
        public static float[] Input(int rows, int seed = 0) =>
            Enumerable.Range(0, rows * 4).Select(i => ((i * 7 + seed * 13) % 11 - 5) * 0.5f + seed * 0.01f).ToArray();

        /// <summary>
        /// User code that calls the generated class through its typed API (so the API's shape is checked by
        /// the C# compiler) and exposes it as array-based methods the tests bind delegates to.
        /// </summary>
        public static string CallsSource(string modelType = "TestApp.TinyNet") => @"
namespace TestApp
{
    public sealed class Calls
    {
        private readonly " + modelType + @" _model = new " + modelType + @"();

        public float[] Predict(float[] x)
        {
            var y = new float[" + modelType + @".YLength];
            _model.Predict(x, y);
            return y;
        }

        public void PredictInto(float[] x, float[] y) => _model.Predict(x, y);

        public float[] Allocating(float[] x, out long[] shape)
        {
            " + modelType + @".Result r = _model.Predict(x);
            global::System.Numerics.Tensors.Tensor<float> t = r.Y;
            shape = new long[t.Lengths.Length];
            for (int i = 0; i < shape.Length; i++) shape[i] = t.Lengths[i];
            var values = new float[(int)t.FlattenedLength];
            t.FlattenTo(values);
            return values;
        }

        public static float[] FromFile(string path, float[] x)
        {
            var m = " + modelType + @".FromFile(path);
            var y = new float[" + modelType + @".YLength];
            m.Predict(x, y);
            return y;
        }
    }
}
";

        /// <summary>A delegate to method <paramref name="name"/> of <paramref name="target"/> (an instance) or of type <paramref name="type"/> (static).</summary>
        public static TDelegate Bind<TDelegate>(Type type, object? target, string name) where TDelegate : Delegate
        {
            var method = type.GetMethod(name) ?? throw new InvalidOperationException(type + " has no method " + name);
            return (TDelegate)(target == null ? method.CreateDelegate(typeof(TDelegate)) : method.CreateDelegate(typeof(TDelegate), target));
        }

        public static void AssertClose(float[] expected, float[] actual)
        {
            Xunit.Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++)
                Xunit.Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5f * (1 + Math.Abs(expected[i])),
                    "element " + i + ": expected " + expected[i] + ", got " + actual[i]);
        }
    }
}

using System;
using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Writing;
using ModelGen.Tests.Generator;
using ModelGen.Tests.Infrastructure;
using Xunit;
using static ModelGen.Tests.Foundation.ScenarioModels;

namespace ModelGen.Tests.Foundation
{
    /// <summary>AveragePool (ceil_mode, count_include_pad), GlobalMaxPool and LayerNormalization over symbolic H and W, at several sizes on one instance.</summary>
    public class SymbolicPoolAndNormTests
    {
        private static readonly float[] Scale = { 0.5f, -2f }, Bias = { 0.25f };

        /// <summary>
        /// x float[1,2,H,W] → AveragePool 2×2 stride 2 pads 1 (ceil_mode, count_include_pad) → GlobalMaxPool: pooled [1,2,1,1];
        /// and LayerNormalization of x from axis 1 with scale [2,1,1] and bias [1]: normed [1,2,H,W], mean [1,1,1,1].
        /// </summary>
        private static byte[] Model() =>
            new OnnxModelBuilder("poolnorm", opset: 22)
                .Input("x", ElementType.Float, new object[] { 1, 2, "H", "W" })
                .Initializer("scale", new[] { 2, 1, 1 }, Scale)
                .Initializer("bias", new[] { 1 }, Bias)
                .Node("AveragePool", new[] { "x" }, new[] { "a" }, name: "avg", attributes: a => a.Ints("kernel_shape", 2, 2).Ints("strides", 2, 2)
                    .Ints("pads", 1, 1, 1, 1).Int("ceil_mode", 1).Int("count_include_pad", 1))
                .Node("GlobalMaxPool", new[] { "a" }, new[] { "pooled" }, name: "gmax")
                .Node("LayerNormalization", new[] { "x", "scale", "bias" }, new[] { "normed", "mean" }, name: "ln", attributes: a => a.Int("axis", 1).Float("epsilon", 1e-3f))
                .Output("pooled", ElementType.Float, new object[] { 1, 2, 1, 1 })
                .Output("normed", ElementType.Float, new object[] { 1, 2, "H", "W" })
                .Output("mean", ElementType.Float, new object[] { 1, 1, 1, 1 })
                .ToBytes();

        /// <summary>
        /// The outputs by hand, in double: ceil_mode keeps a last window only if it starts inside the input or its begin
        /// pad, which for odd sizes drops the window ⌈(n + 2 − 2)/2⌉ + 1 would add (it would start on the end pad).
        /// </summary>
        private static (float[] Pooled, float[] Normed, float Mean) Reference(float[] x, int h, int w)
        {
            int Out(int n) => Math.Min((n + 1) / 2 + 1, (n + 2) / 2);
            int oh = Out(h), ow = Out(w);
            var pooled = new float[2];
            for (int c = 0; c < 2; c++)
            {
                double best = double.NegativeInfinity;
                for (int i = 0; i < oh; i++)
                    for (int j = 0; j < ow; j++)
                    {
                        double sum = 0;
                        int count = 0;
                        for (int a = 0; a < 2; a++)
                            for (int b = 0; b < 2; b++)
                            {
                                int r = 2 * i - 1 + a, q = 2 * j - 1 + b;
                                if (r < h + 1 && q < w + 1) count++; // inside the padded extent
                                if (r >= 0 && q >= 0 && r < h && q < w) sum += x[(c * h + r) * w + q];
                            }
                        best = Math.Max(best, sum / count);
                    }
                pooled[c] = (float)best;
            }
            double mean = x.Average(v => (double)v);
            double inv = 1 / Math.Sqrt(x.Average(v => (v - mean) * (v - mean)) + 1e-3f);
            var normed = x.Select((v, k) => (float)((v - mean) * inv * Scale[k / (h * w)] + Bias[0])).ToArray();
            return (pooled, normed, (float)mean);
        }

        [Fact]
        public void PoolsAndLayerNormRunAtSeveralSizesOnOneInstance()
        {
            string path = GenModels.Write(Model(), "poolnorm.onnx");
            const string source = @"
namespace TestApp
{
    public static class Calls
    {
        private static readonly Poolnorm s_model = new Poolnorm();
        public static float[][] Run(int h, int w, float[] x)
        {
            var pooled = new float[2];
            var normed = new float[2 * h * w];
            var mean = new float[1];
            s_model.Predict(h, w, x, pooled, normed, mean);
            return new[] { pooled, normed, mean };
        }
    }
}";
            var run = GeneratorHarness.Run(source, new[] { new ModelItem(path) });
            Assert.Empty(run.GeneratorDiagnostics);
            Assert.Empty(run.CompileDiagnostics);
            var call = GenModels.Bind<Func<int, int, float[], float[][]>>(run.Load().GetType("TestApp.Calls")!, null, "Run");
            foreach (var (h, w) in new[] { (8, 10), (7, 5), (8, 10) })
            {
                var x = Seeded(2 * h * w, h * 17 + w, -3f, 4f);
                var (pooled, normed, mean) = Reference(x, h, w);
                var actual = call(h, w, x);
                Close(pooled, actual[0], h, w);
                Close(normed, actual[1], h, w);
                Close(new[] { mean }, actual[2], h, w);
            }
        }

        private static void Close(float[] expected, float[] actual, int h, int w)
        {
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++)
                Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5 + 1e-4 * Math.Abs(expected[i]), $"H={h} W={w} [{i}]: {actual[i]} vs {expected[i]}");
        }
    }
}

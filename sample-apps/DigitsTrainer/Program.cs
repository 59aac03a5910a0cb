using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Security.Cryptography;
using System.Text;

namespace ModelGen.Samples.DigitsTrainer
{
    /// <summary>
    /// Trains the sample digit CNN on generated images and writes it to ONNX.
    /// Usage: DigitsTrainer [output.onnx] [--show N] [--dump-test file.json [count]]
    /// (--show pictures the first N held-out images with their predictions, as the Digits app does).
    /// Everything is single-threaded float32 from fixed seeds, so the model is the same bytes on every run.
    /// </summary>
    internal static class Program
    {
        private const int TrainCount = 20000;
        private const int Epochs = 3;
        private const int BatchSize = 32;
        private const float LearningRate = 0.02f;
        private const float Momentum = 0.9f;
        private const ulong InitSeed = 12345UL;
        private const ulong ShuffleSeed = 67890UL;

        private static int Main(string[] args)
        {
            string? output = null;
            string? dumpPath = null;
            int dumpCount = 100;
            int shown = 0;
            for (int i = 0; i < args.Length; i++)
            {
                if (args[i] == "--dump-test" && i + 1 < args.Length)
                {
                    dumpPath = args[++i];
                    if (i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out int n))
                    {
                        dumpCount = n;
                        i++;
                    }
                }
                else if (args[i] == "--show" && i + 1 < args.Length
                    && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out int s))
                {
                    shown = s;
                    i++;
                }
                else if (output == null && !args[i].StartsWith("--", StringComparison.Ordinal))
                {
                    output = args[i];
                }
                else
                {
                    Console.Error.WriteLine("Usage: DigitsTrainer [output.onnx] [--show N] [--dump-test file.json [count]]");
                    return 2;
                }
            }
            output ??= Path.Combine(RepoPaths.FindRepoRoot(), RepoPaths.DefaultModel);

            var clock = Stopwatch.StartNew();
            var train = DigitDataset.Generate(TrainCount, DigitDataset.TrainSeed);
            var test = DigitDataset.CreateTestSet();
            Console.WriteLine($"Generated {train.Count} training and {test.Count} held-out images in {clock.Elapsed.TotalSeconds:F1} s.");

            var model = new DigitCnn(new SplitMix64(InitSeed));
            var trainClock = Stopwatch.StartNew();
            double finalLoss = Train(model, train);
            double trainSeconds = trainClock.Elapsed.TotalSeconds;

            Console.WriteLine($"Training took {trainSeconds:F1} s ({Epochs} epochs, batch {BatchSize}, one thread).");
            Console.WriteLine($"Final training loss (mean cross-entropy, last epoch): {finalLoss.ToString("F4", CultureInfo.InvariantCulture)}");
            var ws = new CnnWorkspace();
            DigitEvaluation.Evaluate(test, pixels => Predict(model, pixels, ws), Console.Out, shown);

            byte[] onnx = OnnxExport.ToOnnx(model);
            string? folder = Path.GetDirectoryName(Path.GetFullPath(output));
            if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
            File.WriteAllBytes(output, onnx);

            Console.WriteLine($"Wrote {onnx.Length} bytes to {Path.GetFullPath(output)}");
            Console.WriteLine($"SHA-256: {ToHex(SHA256.HashData(onnx))}");
            Console.WriteLine($"Total time {clock.Elapsed.TotalSeconds:F1} s.");

            if (dumpPath != null) DumpTestImages(model, test, Math.Min(dumpCount, test.Count), dumpPath);
            return 0;
        }

        private static double Train(DigitCnn model, DigitDataset train)
        {
            var grad = DigitCnn.Zeros();
            var velocity = DigitCnn.Zeros();
            float[][] p = model.Parameters, g = grad.Parameters, v = velocity.Parameters;
            var ws = new CnnWorkspace();
            var rng = new SplitMix64(ShuffleSeed);
            int[] order = new int[train.Count];
            for (int i = 0; i < order.Length; i++) order[i] = i;

            double epochLoss = 0;
            for (int epoch = 0; epoch < Epochs; epoch++)
            {
                var clock = Stopwatch.StartNew();
                // Fisher-Yates shuffle.
                for (int i = order.Length - 1; i > 0; i--)
                {
                    int j = rng.NextInt(i + 1);
                    (order[i], order[j]) = (order[j], order[i]);
                }
                // Full rate for most of the run, a tenth of it for the last epoch.
                float lr = epoch == Epochs - 1 ? LearningRate * 0.1f : LearningRate;
                double lossSum = 0;
                int correct = 0;
                for (int start = 0; start < order.Length; start += BatchSize)
                {
                    int end = Math.Min(start + BatchSize, order.Length);
                    foreach (float[] a in g) Array.Clear(a, 0, a.Length);
                    for (int n = start; n < end; n++)
                    {
                        int idx = order[n];
                        int label = train.Labels[idx];
                        CnnMath.Forward(model, train.Image(idx), ws);
                        lossSum -= Math.Log(Math.Max(ws.Probs[label], 1e-30f));
                        if (DigitEvaluation.ArgMax(ws.Probs) == label) correct++;
                        CnnMath.Backward(model, label, ws, grad);
                    }
                    float scale = 1f / (end - start);
                    for (int t = 0; t < p.Length; t++)
                    {
                        float[] pt = p[t], gt = g[t], vt = v[t];
                        for (int i = 0; i < pt.Length; i++)
                        {
                            vt[i] = Momentum * vt[i] + gt[i] * scale;
                            pt[i] -= lr * vt[i];
                        }
                    }
                }
                epochLoss = lossSum / order.Length;
                Console.WriteLine(
                    $"Epoch {epoch + 1}/{Epochs}: lr {lr.ToString("G3", CultureInfo.InvariantCulture)}, " +
                    $"loss {epochLoss.ToString("F4", CultureInfo.InvariantCulture)}, " +
                    $"train accuracy {(100.0 * correct / order.Length).ToString("F2", CultureInfo.InvariantCulture)}%, " +
                    $"{clock.Elapsed.TotalSeconds:F1} s");
            }
            return epochLoss;
        }

        private static float[] Predict(DigitCnn model, float[] pixels, CnnWorkspace ws)
        {
            CnnMath.Forward(model, pixels, ws);
            return (float[])ws.Probs.Clone();
        }

        /// <summary>Writes the first held-out images, their labels and this program's probabilities as JSON.</summary>
        private static void DumpTestImages(DigitCnn model, DigitDataset test, int count, string path)
        {
            var ws = new CnnWorkspace();
            var sb = new StringBuilder();
            sb.Append("{\"input\":\"").Append(OnnxExport.InputName).Append("\",\"output\":\"").Append(OnnxExport.OutputName).Append("\",\"samples\":[\n");
            for (int i = 0; i < count; i++)
            {
                CnnMath.Forward(model, test.Image(i), ws);
                sb.Append("{\"label\":").Append(test.Labels[i].ToString(CultureInfo.InvariantCulture)).Append(",\"pixels\":[");
                AppendFloats(sb, test.Image(i));
                sb.Append("],\"probabilities\":[");
                AppendFloats(sb, ws.Probs);
                sb.Append("]}").Append(i + 1 < count ? ",\n" : "\n");
            }
            sb.Append("]}\n");
            File.WriteAllText(path, sb.ToString());
            Console.WriteLine($"Dumped {count} held-out images with C# probabilities to {Path.GetFullPath(path)}");
        }

        private static void AppendFloats(StringBuilder sb, ReadOnlySpan<float> values)
        {
            for (int i = 0; i < values.Length; i++)
            {
                if (i > 0) sb.Append(',');
                sb.Append(values[i].ToString("R", CultureInfo.InvariantCulture));
            }
        }

        private static string ToHex(byte[] bytes)
        {
            var sb = new StringBuilder(bytes.Length * 2);
            foreach (byte b in bytes) sb.Append(b.ToString("x2", CultureInfo.InvariantCulture));
            return sb.ToString();
        }
    }
}

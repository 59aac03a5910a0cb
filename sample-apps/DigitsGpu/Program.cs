using System;
using System.Linq;
using ModelGen.Gpu.Devices;
using ModelGen.Samples;
using ModelGen.Samples.DigitsGpu;

// DigitsModel (the CPU class) and DigitsModelGpu (its GPU session) were generated at build time from digits.onnx;
// the session, the IDigitsModel interface both implement and DigitsModel.CreateBest exist because this project
// references ModelGen.Gpu. CreateBest opens a CUDA device when there is one, and otherwise returns the CPU class.
var cpu = new DigitsModel();
var test = DigitDataset.CreateTestSet();
var probabilities = new float[DigitsModel.ProbabilitiesLength];

int correct;
using (IDigitsModel best = DigitsModel.CreateBest(out string reason))
{
    Console.WriteLine(reason);
    Console.WriteLine(best is DigitsModelGpu ? "Ran on the GPU." : "Falling back to the CPU class.");
    correct = DigitEvaluation.Evaluate(test, pixels => { best.Predict(pixels, probabilities); return probabilities; }, Console.Out, shown: 3);
}

if (args.Contains("simulator") || args.Contains("--simulator"))
{
    // The GPU session on ILGPU's CPU accelerator (a slow simulator, for checking without a GPU): the same outputs as the CPU class.
    // 4 × 64 threads per group: the GEMM tiles need up to 256.
    using var simulator = GpuDevices.OpenCpuSimulator(threadsPerWarp: 4, warpsPerMultiprocessor: 64, multiprocessors: 1);
    using var session = DigitsModel.CreateGpuSession(simulator.Accelerator);
    var fromCpu = new float[DigitsModel.ProbabilitiesLength];
    double worst = 0;
    const int images = 20;
    for (int i = 0; i < images; i++)
    {
        var pixels = test.ImageArray(i);
        session.Predict(pixels, probabilities);
        cpu.Predict(pixels, fromCpu);
        for (int j = 0; j < fromCpu.Length; j++) worst = Math.Max(worst, Math.Abs(fromCpu[j] - probabilities[j]));
    }
    Console.WriteLine("GPU session on the CPU accelerator, " + images + " images: max |GPU - CPU| = " + worst.ToString("E2", System.Globalization.CultureInfo.InvariantCulture));
    if (worst > 1e-4) return 1;
}
return correct * 100 >= test.Count * 95 ? 0 : 1;

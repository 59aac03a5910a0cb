// Model timings for tests/Gpu/device-check.sh: each model's generated GPU session (Predict on host spans, which
// includes the copies in and out, and Predict on device views, which does not) against its CPU class with MaxThreads
// set to every core, median of the timed runs after warm-ups, with the largest |GPU − CPU| difference as a check that
// both computed the same thing. Prints markdown table rows; exits 1 when the device cannot be opened or the outputs
// disagree (beyond 1e-3 relative).
//
//   dotnet GpuModelBench.dll --device cuda --iterations 10 --warmups 3
//   dotnet GpuModelBench.dll --device cpu --iterations 1 --warmups 0 --models ultraface   (a dry run on ILGPU's CPU accelerator)
using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using ILGPU;
using ILGPU.Runtime;
using ModelGen.Gpu.Devices;

string deviceName = Option("--device", "cuda");
int iterations = int.Parse(Option("--iterations", "10"), CultureInfo.InvariantCulture);
int warmups = int.Parse(Option("--warmups", "3"), CultureInfo.InvariantCulture);
// --models ultraface: the dry run on the CPU accelerator skips super-resolution (batch 16 takes minutes on the simulator).
string[] models = Option("--models", "ultraface,super-resolution").Split(',');

#if SHARED_MODELS
GpuDevice device;
if (deviceName == "cuda")
{
    var choice = GpuDevices.FindCuda();
    if (!choice.IsAvailable)
    {
        Console.WriteLine("models: " + choice.Reason);
        return 1;
    }

    device = choice.Device;
}
else
{
    device = GpuDevices.OpenCpuSimulator(threadsPerWarp: 4, warpsPerMultiprocessor: 64, multiprocessors: 1);
}

int status = 0;
using (device)
{
    var accelerator = device.Accelerator;
    Console.WriteLine($"Models on {device.Name} against the CPU class on {Environment.ProcessorCount} cores; median of {iterations} runs after {warmups} warm-ups, in ms:");
    Console.WriteLine();
    Console.WriteLine("| model | batch | CPU class | GPU, host spans | GPU, device views | speed-up (device views) | max abs diff |");
    Console.WriteLine("|---|---|---|---|---|---|---|");

    if (models.Contains("ultraface"))
    {
        var cpu = new GpuModelBench.UltraFace { MaxThreads = Environment.ProcessorCount };
        using var gpu = GpuModelBench.UltraFace.CreateGpuSession(accelerator);
        float[] x = Random(GpuModelBench.UltraFace.InputLength, 1);
        float[] s1 = new float[GpuModelBench.UltraFace.ScoresLength], b1 = new float[GpuModelBench.UltraFace.BoxesLength];
        float[] s2 = new float[s1.Length], b2 = new float[b1.Length];
        using var dx = accelerator.Allocate1D(x);
        using var ds = accelerator.Allocate1D<float>(s1.Length);
        using var db = accelerator.Allocate1D<float>(b1.Length);
        double tc = Time(() => cpu.Predict(x, s1, b1));
        double th = Time(() => gpu.Predict(x, s2, b2));
        double td = Time(() => gpu.Predict(dx.View, ds.View, db.View));
        status |= Row("ultraface-version-RFB-320", 1, tc, th, td, Diff(s1, s2), Diff(b1, b2));
    }

    if (models.Contains("super-resolution"))
    {
        // Its batch dim is symbolic: one CPU class and one session run both batches (the session grows its buffers for 16).
        var cpu = new GpuModelBench.SuperResolution { MaxThreads = Environment.ProcessorCount };
        using var gpu = GpuModelBench.SuperResolution.CreateGpuSession(accelerator);
        foreach (int batch in new[] { 1, 16 })
        {
            float[] x = Random(batch * 224 * 224, 2);
            float[] y1 = new float[batch * 672 * 672], y2 = new float[y1.Length];
            using var dx = accelerator.Allocate1D(x);
            using var dy = accelerator.Allocate1D<float>(y1.Length);
            double tc = Time(() => cpu.Predict(batch, x, y1));
            double th = Time(() => gpu.Predict(batch, x, y2));
            double td = Time(() => gpu.Predict(batch, dx.View, dy.View));
            status |= Row("super-resolution-10", batch, tc, th, td, Diff(y1, y2));
        }
    }
}

return status;

double Time(Action run)
{
    for (int i = 0; i < warmups; i++)
    {
        run();
    }

    var times = new double[Math.Max(1, iterations)];
    for (int i = 0; i < times.Length; i++)
    {
        long start = Stopwatch.GetTimestamp();
        run();
        times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    }

    Array.Sort(times);
    return times[times.Length / 2];
}

static float[] Random(int n, int seed)
{
    var rng = new Random(seed);
    return [.. Enumerable.Range(0, n).Select(_ => (float)(rng.NextDouble() * 2 - 1))];
}

// The largest |a − b| and whether it stays within 1e-5 + 1e-3·|a| everywhere.
static (double Max, bool Close) Diff(float[] a, float[] b)
{
    double max = 0;
    bool close = true;
    for (int i = 0; i < a.Length; i++)
    {
        double d = Math.Abs(a[i] - b[i]);
        max = Math.Max(max, d);
        close &= d <= 1e-5 + 1e-3 * Math.Abs(a[i]);
    }

    return (max, close);
}

static int Row(string model, int batch, double cpu, double host, double device, params (double Max, bool Close)[] diffs)
{
    bool close = diffs.All(d => d.Close);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {model} | {batch} | {cpu:F2} | {host:F2} | {device:F2} | {cpu / device:F1}× | {diffs.Max(d => d.Max):E2}{(close ? "" : " (MISMATCH)")} |"));
    return close ? 0 : 1;
}
#else
Console.WriteLine($"models: not timed: ../shared/models was absent when GpuModelBench was built (device {deviceName}, {iterations} runs, {warmups} warm-ups asked).");
return 1;
#endif

string Option(string name, string fallback)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

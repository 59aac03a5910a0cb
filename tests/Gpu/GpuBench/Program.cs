// SGEMM timing for tests/Gpu/device-check.sh: C = A·B on square fp32 matrices with each GEMM tile, timed on one
// stream (warm-ups first, then the median of the timed runs), with sampled entries checked against a double-precision
// dot product. Prints a markdown table; exits 1 when a sampled entry is wrong or the device cannot be opened.
//
//   dotnet GpuBench.dll --device cuda --size 4096 --iterations 10 [--clock-mhz 1980 [--fp32-lanes 128]]
//   dotnet GpuBench.dll --device cpu --size 96 --iterations 2      (a smoke run on ILGPU's CPU accelerator)
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using ILGPU;
using ILGPU.Runtime;
using ModelGen.Gpu.Devices;
using ModelGen.Gpu.Kernels;
using ModelGen.Gpu.Kernels.Elementwise;
using ModelGen.Gpu.Kernels.Gemm;

var options = BenchOptions.Parse(args);
GpuDevice device;
if (options.Device == "cuda")
{
    GpuDeviceChoice choice = GpuDevices.FindCuda();
    if (!choice.IsAvailable)
    {
        Console.WriteLine($"SGEMM: {choice.Reason}");
        return 1;
    }

    device = choice.Device;
}
else
{
    device = GpuDevices.OpenCpuSimulator(threadsPerWarp: 4, warpsPerMultiprocessor: 64, multiprocessors: 1);
}

using (device)
{
    Accelerator accelerator = device.Accelerator;
    int n = options.Size;
    float[] a = RandomMatrix(n, seed: 1);
    float[] b = RandomMatrix(n, seed: 2);
    using var da = accelerator.Allocate1D(a);
    using var db = accelerator.Allocate1D(b);
    using var dc = accelerator.Allocate1D<float>((long)n * n);
    var kernels = new GpuKernels(accelerator);
    AcceleratorStream stream = accelerator.DefaultStream;
    GemmArgs gemm = GemmArgs.Dense(n, n, n);
    double flops = 2.0 * n * n * n;

    // The fp32 FMA peak: SMs × fp32 lanes per SM (128 on Hopper and Ada, 64 on A100) × 2 flops × the SM clock.
    double peakGflops = options.ClockMhz * options.Fp32Lanes * 2 * accelerator.NumMultiprocessors / 1000;
    if (peakGflops > 0)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"fp32 peak: {accelerator.NumMultiprocessors} SMs × {options.Fp32Lanes} lanes × 2 × {options.ClockMhz} MHz = {peakGflops:F0} GFLOP/s"));
    }

    Console.WriteLine($"SGEMM {n}×{n}×{n} fp32 on {device.Name} ({accelerator.NumMultiprocessors} multiprocessors), " +
        $"{options.Iterations} timed runs after {options.Warmups} warm-ups, median:");
    Console.WriteLine();
    Console.WriteLine("| tile | first launch (compile) ms | median ms | GFLOP/s | % of fp32 peak | max rel. error (64 samples) |");
    Console.WriteLine("|---|---:|---:|---:|---:|---:|");
    bool allCorrect = true;
    var tiles = new (string Name, int Threads, Action Run)[]
    {
        ("128×128, 8×8/thread", 256, () => kernels.Gemm<GemmTile128, IdentityOp>(stream, gemm, 1, da.View, db.View, ArrayView<float>.Empty, dc.View, default)),
        ("64×64, 4×4/thread", 256, () => kernels.Gemm<GemmTile64, IdentityOp>(stream, gemm, 1, da.View, db.View, ArrayView<float>.Empty, dc.View, default)),
        ("32×32, 4×4/thread", 64, () => kernels.Gemm<GemmTile32, IdentityOp>(stream, gemm, 1, da.View, db.View, ArrayView<float>.Empty, dc.View, default)),
    };
    foreach (var tile in tiles)
    {
        if (tile.Threads > accelerator.MaxNumThreadsPerGroup)
        {
            continue;
        }

        dc.MemSetToZero();
        var clock = Stopwatch.StartNew();
        tile.Run();
        stream.Synchronize();
        double firstMs = clock.Elapsed.TotalMilliseconds;
        for (int i = 1; i < options.Warmups; i++)
        {
            tile.Run();
        }

        stream.Synchronize();
        var times = new List<double>();
        for (int i = 0; i < options.Iterations; i++)
        {
            clock.Restart();
            tile.Run();
            stream.Synchronize();
            times.Add(clock.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        double median = times[times.Count / 2];
        double gflops = flops / (median * 1e6);
        double error = MaxSampledError(a, b, dc.GetAsArray1D(), n);
        bool correct = error < 1e-3;
        allCorrect &= correct;
        string peak = peakGflops > 0 ? (100 * gflops / peakGflops).ToString("F1", CultureInfo.InvariantCulture) : "n/a";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {tile.Name} | {firstMs:F1} | {median:F3} | {gflops:F1} | {peak} | {error:E1}{(correct ? "" : " WRONG")} |"));
    }

    return allCorrect ? 0 : 1;
}

static float[] RandomMatrix(int n, int seed)
{
    var random = new Random(seed);
    var values = new float[(long)n * n];
    for (long i = 0; i < values.LongLength; i++)
    {
        values[i] = (float)(random.NextDouble() * 2 - 1);
    }

    return values;
}

// The worst relative error over 64 sampled entries, against sqrt(Σ a²b²) so entries that cancel near zero do not
// dominate (the error bound of an fp32 dot product scales with that, not with the sum itself).
static double MaxSampledError(float[] a, float[] b, float[] c, int n)
{
    var random = new Random(3);
    double worst = 0;
    for (int s = 0; s < 64; s++)
    {
        int i = random.Next(n), j = random.Next(n);
        double sum = 0, scale = 0;
        for (int k = 0; k < n; k++)
        {
            double product = (double)a[(long)i * n + k] * b[(long)k * n + j];
            sum += product;
            scale += product * product;
        }

        worst = Math.Max(worst, Math.Abs(c[(long)i * n + j] - sum) / Math.Sqrt(scale + 1e-30));
    }

    return worst;
}

/// <summary>The bench's command line.</summary>
internal sealed record BenchOptions(string Device, int Size, int Iterations, int Warmups, double ClockMhz, int Fp32Lanes)
{
    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions("cuda", 4096, 10, 3, 0, 128);
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            string value = args[i + 1];
            options = args[i] switch
            {
                "--device" when value is "cuda" or "cpu" => options with { Device = value },
                "--size" => options with { Size = int.Parse(value, CultureInfo.InvariantCulture) },
                "--iterations" => options with { Iterations = int.Parse(value, CultureInfo.InvariantCulture) },
                "--warmups" => options with { Warmups = int.Parse(value, CultureInfo.InvariantCulture) },
                "--clock-mhz" => options with { ClockMhz = double.Parse(value, CultureInfo.InvariantCulture) },
                "--fp32-lanes" => options with { Fp32Lanes = int.Parse(value, CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"Unknown option {args[i]} {value}; see the comment at the top of Program.cs."),
            };
        }

        return options;
    }
}

using System;
using System.Diagnostics;
using System.IO;
using System.Threading.Tasks;
using ModelGen.Gpu.Devices;
using Xunit;

namespace ModelGen.Gpu.Tests.Samples;

/// <summary>
/// The consumer project (sample-apps/DigitsGpu: a ProjectReference to ModelGen.Gpu and the digits model as an
/// AdditionalFile), run as a user runs it: without a CUDA device it prints why, falls back to the CPU class and still
/// classifies the held-out set; with "--simulator" its generated GPU session on ILGPU's CPU accelerator agrees with
/// the CPU class.
/// </summary>
public sealed class DigitsGpuSampleTests
{
    [Fact]
    public async Task The_sample_says_why_there_is_no_GPU_falls_back_and_its_session_agrees_on_the_simulator()
    {
        // MODELGEN_DIGITS_GPU_DLL: the device check's bundle runs the published tests outside any checkout, beside a published sample.
        string dll = Environment.GetEnvironmentVariable("MODELGEN_DIGITS_GPU_DLL") ?? "";
        if (dll.Length == 0)
        {
            string root = AppContext.BaseDirectory;
            while (!File.Exists(Path.Combine(root, "ModelGen.sln"))) root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("No ModelGen.sln above " + AppContext.BaseDirectory);
            dll = Path.Combine(root, "sample-apps", "DigitsGpu", "bin", "Release", "net10.0", "DigitsGpu.dll");
            if (!File.Exists(dll)) dll = Path.Combine(root, "sample-apps", "DigitsGpu", "bin", "Debug", "net10.0", "DigitsGpu.dll");
        }

        Assert.True(File.Exists(dll), "the sample is built before this project (its ProjectReference): " + dll);

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--simulator");
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        string output = await process.StandardOutput.ReadToEndAsync();
        Assert.True(process.WaitForExit(180_000), "the sample did not finish in 3 minutes");
        Assert.True(process.ExitCode == 0, "exit " + process.ExitCode + "\n" + output + await stderr);

        bool cuda = GpuDevices.FindCuda().IsAvailable;
        Assert.Contains(cuda ? "Ran on the GPU." : "Falling back to the CPU class.", output, StringComparison.Ordinal);
        if (!cuda) Assert.Contains("No CUDA device was found", output, StringComparison.Ordinal);
        Assert.Contains("Held-out accuracy: 1996/2000", output, StringComparison.Ordinal);
        Assert.Contains("GPU session on the CPU accelerator, 20 images: max |GPU - CPU| =", output, StringComparison.Ordinal);
    }
}

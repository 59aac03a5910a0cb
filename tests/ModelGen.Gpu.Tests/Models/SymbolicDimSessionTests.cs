using System;
using System.IO;
using System.Linq;
using ILGPU;
using ILGPU.Runtime;
using Microsoft.CodeAnalysis;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Writing;
using ModelGen.Gpu.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace ModelGen.Gpu.Tests.Models;

/// <summary>
/// GPU sessions of models with a symbolic batch dim, as on the CPU: Predict takes the dim first, and one session runs
/// any batch, growing its device memory for a larger one and using a prefix of it for a smaller one. Each run is
/// compared with the CPU class of the same build (itself tested against ONNX Runtime), on ILGPU's CPU accelerator.
/// </summary>
[Collection(GpuNumericsCollection.Name)]
public sealed class SymbolicDimSessionTests(DeviceFixture devices, ITestOutputHelper output)
{
    [Fact]
    public void One_session_runs_every_batch_and_matches_the_cpu_class()
    {
        // Conv (library, geometry at batch 1 given each call's batch) -> Relu (generated kernel, its count a run-time size)
        // -> CumSum along the width (no GPU kernel: CPU fallback through host copies of a run-time length) -> MaxPool (library) -> Flatten (a copy)
        // -> MatMul + Add (one library Gemm, its M the batch) -> Softmax (library, its rows the batch).
        string path = SaveBatchModel();
        try
        {
            var model = GeneratedModel.Compile(path, "Batch", symbolicDims: 1);
            Assert.True(model.Assembly != null, "the generated code does not compile:\n" + model.Errors);
            Assert.DoesNotContain(model.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
            var fallback = Assert.Single(model.GeneratorDiagnostics, d => d.Id == "MG0601");
            Assert.Contains("Node 'cumsum' (CumSum) runs on the CPU in the GPU session", fallback.GetMessage(), StringComparison.Ordinal);
            string session = model.Sources["Batch.Gpu.g.cs"];
            Assert.Contains("public void Predict(int n, global::System.ReadOnlySpan<float> x, global::System.Span<float> y)", session, StringComparison.Ordinal);
            Assert.Contains("WithBatch(", session, StringComparison.Ordinal);
            Assert.Contains("RunDims", session, StringComparison.Ordinal);

            // On the CPU accelerator always; on the CUDA device too when MODELGEN_GPU_TESTS=cuda (tests/Gpu/device-check.sh).
            foreach (object[] row in GpuBackends.All())
            {
                RunBatches(model, devices.Get((string)row[0]).Device.Accelerator, (string)row[0]);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Moves_over_a_symbolic_batch_run_as_generated_kernels_with_run_time_sizes()
    {
        // Slice, Concat, Gather and Tile of a [N,6] input: each an index-mapping kernel whose batch-dependent sizes come in a RunDims.
        string path = SaveMovesModel();
        try
        {
            var model = GeneratedModel.Compile(path, "Moves", symbolicDims: 1);
            Assert.True(model.Assembly != null, "the generated code does not compile:\n" + model.Errors);
            var fallbacks = model.GeneratorDiagnostics.Where(d => d.Id == "MG0601").Select(d => d.GetMessage()).ToArray();
            Assert.True(fallbacks.Length == 0, "unexpected CPU fallbacks:\n" + string.Join("\n", fallbacks));
            string session = model.Sources["Moves.Gpu.g.cs"];
            Assert.Contains("MovementKernel", session, StringComparison.Ordinal);
            Assert.Contains("RunDims dims", session, StringComparison.Ordinal);
            using var gpu = model.CreateGpuSession(devices.Get(GpuBackends.Cpu).Device.Accelerator);
            foreach (int n in new[] { 3, 1, 7 })
            {
                float[] x = [.. Enumerable.Range(0, n * 6).Select(i => (float)Math.Sin(0.5 * i) * 2)];
                float[] cpu = new float[n * 6], onGpu = new float[n * 6];
                model.RunCpu([n], x, [cpu]);
                model.RunOnSession(gpu, [n], x, [onGpu]);
                Assert.Equal(cpu, onGpu); // moves and a Relu: exact
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void The_sine_model_runs_its_symbolic_batch_on_the_gpu_without_pinning_it()
    {
        string? dir = GeneratedModel.ModelFolder("tflm-hello-world-sine");
        if (dir == null)
        {
            output.WriteLine("skipped: ../shared/models/tflm-hello-world-sine is absent");
            return;
        }

        // Its input is [N,1]: the session takes N per call, as the CPU class does; its dense layers all launch on the device.
        var model = GeneratedModel.Compile(Path.Combine(dir, "model.onnx"), "Sine", symbolicDims: 1);
        Assert.True(model.Assembly != null, "the generated code does not compile:\n" + model.Errors);
        Assert.DoesNotContain(model.GeneratorDiagnostics, d => d.Id == "MG0601");
        using var gpu = model.CreateGpuSession(devices.Get(GpuBackends.Cpu).Device.Accelerator);
        foreach (int n in new[] { 16, 3, 40 })
        {
            float[] x = [.. Enumerable.Range(0, n).Select(i => (float)(i * 2 * Math.PI / n))];
            float[] cpu = new float[n], onGpu = new float[n];
            model.RunCpu([n], x, [cpu]);
            model.RunOnSession(gpu, [n], x, [onGpu]);
            Close(cpu, onGpu, "sine, N = " + n);
        }
    }

    /// <summary>One session through batches that grow, shrink and grow back, then device views; each run against the CPU class.</summary>
    private void RunBatches(GeneratedModel model, Accelerator accelerator, string backend)
    {
        using var gpu = model.CreateGpuSession(accelerator);
        // Grow from 2 to 5, then a prefix for 1, then 5 again with other values (nothing stale may leak from the last call).
        foreach (var (n, seed) in new[] { (2, 0.0), (5, 1.0), (1, 2.0), (5, 3.0) })
        {
            float[] x = [.. Enumerable.Range(0, n * 3 * 8 * 8).Select(i => (float)Math.Sin(0.11 * i + seed))];
            float[] cpu = new float[n * 5], onGpu = new float[n * 5];
            model.RunCpu([n], x, [cpu]);
            model.RunOnSession(gpu, [n], x, [onGpu]);
            Close(cpu, onGpu, backend + ", batch " + n);
            output.WriteLine(backend + ", batch " + n + ": matches (" + string.Join(", ", onGpu.Take(5).Select(v => v.ToString("G4", System.Globalization.CultureInfo.InvariantCulture))) + ", ...)");
        }

        // The dims are checked as the CPU class checks them, before anything runs.
        var tooShort = Assert.Throws<ArgumentException>(() => model.RunOnSession(gpu, [2], new float[3 * 8 * 8], [new float[10]]));
        output.WriteLine(tooShort.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => model.RunOnSession(gpu, [0], [], [[]]));

        // Device views, at a batch the session has not run yet.
        float[] x3 = [.. Enumerable.Range(0, 3 * 3 * 8 * 8).Select(i => (float)Math.Cos(0.07 * i))];
        float[] want = new float[15];
        model.RunCpu([3], x3, [want]);
        using var input = accelerator.Allocate1D(x3);
        using var result = accelerator.Allocate1D<float>(15);
        GeneratedModel.PredictOnDevice(gpu, [3], input.View, result.View);
        Close(want, result.GetAsArray1D(), backend + ", batch 3 on device views");
    }

    /// <summary>Writes the moves test's model, [N,6] through Slice, Concat, Gather, Tile and Relu to [N,6], to a temporary file; the caller deletes it.</summary>
    public static string SaveMovesModel()
    {
        string path = Path.Combine(Path.GetTempPath(), "modelgen-gpu-moves-" + Guid.NewGuid().ToString("N") + ".onnx");
        new OnnxModelBuilder("moves")
            .Input("x", ElementType.Float, ["N", 6])
            .Initializer("starts", [1], new long[] { 1 }).Initializer("ends", [1], new long[] { 5 }).Initializer("axes", [1], new long[] { 1 })
            .Initializer("picks", [3], new long[] { 0, 3, 7 }).Initializer("repeats", [2], new long[] { 1, 2 })
            .Node("Slice", ["x", "starts", "ends", "axes"], ["s"], name: "slice")
            .Node("Concat", ["s", "s"], ["c"], name: "concat", attributes: a => a.Int("axis", 1))
            .Node("Gather", ["c", "picks"], ["g"], name: "gather", attributes: a => a.Int("axis", 1))
            .Node("Tile", ["g", "repeats"], ["t"], name: "tile")
            .Node("Relu", ["t"], ["y"], name: "relu")
            .Output("y", ElementType.Float, ["N", 6])
            .Save(path);
        return path;
    }

    /// <summary>Writes the batch test's model, input x [N,3,8,8], output y [N,5], to a temporary file; the caller deletes it.</summary>
    public static string SaveBatchModel()
    {
        var rng = new Random(5);
        float[] w = [.. Enumerable.Range(0, 4 * 3 * 3 * 3).Select(_ => (float)(rng.NextDouble() - 0.5))];
        float[] fc = [.. Enumerable.Range(0, 64 * 5).Select(_ => (float)(rng.NextDouble() - 0.5) * 0.5f)];
        float[] bias = [0.1f, -0.2f, 0.3f, 0f, 0.05f];
        string path = Path.Combine(Path.GetTempPath(), "modelgen-gpu-batch-" + Guid.NewGuid().ToString("N") + ".onnx");
        new OnnxModelBuilder("batch")
            .Input("x", ElementType.Float, ["N", 3, 8, 8])
            .Initializer("w", [4, 3, 3, 3], w)
            .Initializer("fc", [64, 5], fc)
            .Initializer("bias", [5], bias)
            .Initializer("axis", [], new long[] { 3 })
            .Node("Conv", ["x", "w"], ["c"], name: "conv", attributes: a => a.Ints("pads", 1, 1, 1, 1))
            .Node("Relu", ["c"], ["r"], name: "relu")
            .Node("CumSum", ["r", "axis"], ["e"], name: "cumsum")
            .Node("MaxPool", ["e"], ["p"], name: "pool", attributes: a => a.Ints("kernel_shape", 2, 2).Ints("strides", 2, 2))
            .Node("Flatten", ["p"], ["f"], name: "flatten")
            .Node("MatMul", ["f", "fc"], ["m"], name: "dense")
            .Node("Add", ["m", "bias"], ["l"], name: "shift")
            .Node("Softmax", ["l"], ["y"], name: "softmax", attributes: a => a.Int("axis", -1))
            .Output("y", ElementType.Float, ["N", 5])
            .Save(path);
        return path;
    }

    private static void Close(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs(actual[i] - expected[i]);
            Assert.True(error <= 1e-3 * Math.Abs(expected[i]) + 1e-5, $"{what}: element {i}: CPU class {expected[i]:R}, GPU session {actual[i]:R}");
        }
    }
}

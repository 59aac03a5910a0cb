using System;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;
using ModelGen.Compiler.Reading;
using ModelGen.Gpu.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace ModelGen.Gpu.Tests.Models;

/// <summary>
/// The generator's GPU sessions, end to end on ILGPU's CPU accelerator (and on CUDA with MODELGEN_GPU_TESTS=cuda):
/// the four ../shared models compiled by the real
/// generator in a project that references ModelGen.Gpu, each session's outputs compared with the CPU class of the
/// same build (rtol 1e-3) and with the model's test data, and the MG0601 warnings for the nodes the session runs on
/// the CPU. Without the reference, nothing GPU-related is generated.
/// </summary>
[Collection(GpuNumericsCollection.Name)]
public sealed class GeneratedSessionTests(DeviceFixture devices, ITestOutputHelper output)
{
    private const double RTol = 1e-3;
    private const double ATol = 1e-5;

    [Fact]
    public void Mnist8_session_matches_the_cpu_class_and_the_test_data()
    {
        if (SharedModel("mnist-8") is not string dir)
        {
            return;
        }

        var model = Compiled(dir, "Mnist", dims: null);
        // Conv, MaxPool and MatMul launch library kernels, Add and Relu generated elementwise kernels: nothing falls back.
        Assert.Empty(Fallbacks(model));
        Assert.Contains("ElementwiseKernel0", model.Sources["Mnist.Gpu.g.cs"], StringComparison.Ordinal);
        for (int set = 0; set < 3; set++)
        {
            CheckDataSet(model, Path.Combine(dir, "test_data_set_" + set));
        }
    }

    [Fact]
    public void UltraFace_session_matches_the_cpu_class_and_the_test_data()
    {
        if (SharedModel("ultraface-version-RFB-320") is not string dir)
        {
            return;
        }

        var model = Compiled(dir, "UltraFace", dims: null, outputs: 2);
        // Convolutions (BatchNormalization folded into them), Relu, Softmax and Transpose through the library, its 5 Concat
        // and 4 Slice through generated index-mapping kernels: nothing falls back.
        Assert.Empty(Fallbacks(model));
        Assert.Contains("MovementKernel0", model.Sources["UltraFace.Gpu.g.cs"], StringComparison.Ordinal);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        CheckDataSet(model, Path.Combine(dir, "test_data_set_0"), outputs: 2);
        output.WriteLine("run: " + watch.ElapsedMilliseconds + " ms");
    }

    [Fact]
    public void SuperResolution10_session_matches_the_cpu_class_and_the_test_data()
    {
        if (SharedModel("super-resolution-10") is not string dir)
        {
            return;
        }

        // Four convolutions (5x5 then 3x3, up to 64 channels on 224x224) by the library's direct kernel, Relu by generated
        // kernels, the pixel shuffle (Reshape, Transpose, Reshape) by copies and the library's transpose: nothing falls back.
        // Its batch_size left symbolic (as exported): the session takes it per call, and runs the test data's batch of 1.
        // About 20 s on the simulator on this 2-core VM (well under the minute that would make it a long test).
        var model = Compiled(dir, "SuperResolution", dims: null, symbolicDims: 1);
        Assert.Empty(Fallbacks(model));
        var watch = System.Diagnostics.Stopwatch.StartNew();
        CheckDataSet(model, Path.Combine(dir, "test_data_set_0"), dims: [1]);
        output.WriteLine("run: " + watch.ElapsedMilliseconds + " ms");
    }

    [Fact]
    public void Deep_convolutions_unfold_into_the_workspace_where_the_library_unfolds_and_still_match()
    {
        if (SharedModel("mnist-8") is not string dir)
        {
            return;
        }

        // CUDA unfolds deep convolutions (im2col + GEMM); the simulator only with MODELGEN_GPU_UNFOLD=1, set for this test
        // alone (there the unfolded path is 15 times slower). mnist-8's second Conv is 8 channels × 5×5 deep: unfolded.
        var model = Compiled(dir, "Mnist", dims: null);
        Environment.SetEnvironmentVariable(ModelGen.Gpu.Kernels.GpuKernels.UnfoldVariable, "1");
        try
        {
            using (var session = model.CreateGpuSession(devices.Get(GpuBackends.Cpu).Device.Accelerator))
            {
                var field = session.GetType().GetField("_workspace", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;
                long floats = ((ILGPU.Runtime.MemoryBuffer1D<float, ILGPU.Stride1D.Dense>)field.GetValue(session)!).Length;
                Assert.Equal(8L * 5 * 5 * 14 * 14, floats); // N·C·kH·kW·OutH·OutW of that Conv
            }

            CheckDataSet(model, Path.Combine(dir, "test_data_set_0"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(ModelGen.Gpu.Kernels.GpuKernels.UnfoldVariable, null);
        }

        // Without it, the simulator's sessions keep the direct kernel: a workspace of one float.
        using var direct = model.CreateGpuSession(devices.Get(GpuBackends.Cpu).Device.Accelerator);
        var plain = direct.GetType().GetField("_workspace", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;
        Assert.Equal(1L, ((ILGPU.Runtime.MemoryBuffer1D<float, ILGPU.Stride1D.Dense>)plain.GetValue(direct)!).Length);
    }

    [Fact]
    public void Sine_session_matches_the_cpu_class_and_the_test_data()
    {
        if (SharedModel("tflm-hello-world-sine") is not string dir)
        {
            return;
        }

        // The batch dim pinned to the test data's N = 16 (SymbolicDimSessionTests runs it unpinned).
        var model = Compiled(dir, "Sine", dims: "N=16");
        Assert.Empty(Fallbacks(model));
        CheckDataSet(model, Path.Combine(dir, "test_data_set_0"));
    }

    [Fact]
    public void Nodes_without_a_gpu_lowering_run_on_the_cpu_between_gpu_launches_and_are_reported()
    {
        // MatMul (library kernel) -> CumSum (no GPU kernel: fallback) -> Softmax (library kernel) -> Elu (no GPU form: its
        // expression selects on a comparison; fallback) -> Add (generated kernel): each fallback reads what a launch wrote
        // and feeds the next launch.
        var rng = new Random(7);
        float[] w = [.. Enumerable.Range(0, 8 * 4).Select(_ => (float)(rng.NextDouble() - 0.5))];
        float[] bias = [0.5f, -0.25f, 1f, 0f];
        string path = Path.Combine(Path.GetTempPath(), "modelgen-gpu-fallback-" + Guid.NewGuid().ToString("N") + ".onnx");
        new ModelGen.Compiler.Writing.OnnxModelBuilder("fallback")
            .Input("x", ModelGen.Compiler.Ir.ElementType.Float, [2, 8])
            .Initializer("w", [8, 4], w)
            .Initializer("bias", [4], bias)
            .Initializer("axis", [], new long[] { 1 })
            .Node("MatMul", ["x", "w"], ["h"], name: "product")
            .Node("CumSum", ["h", "axis"], ["e"], name: "cumsum")
            .Node("Softmax", ["e"], ["p"], name: "softmax")
            .Node("Elu", ["p"], ["s"], name: "elu")
            .Node("Add", ["s", "bias"], ["y"], name: "shift")
            .Output("y", ModelGen.Compiler.Ir.ElementType.Float, [2, 4])
            .Save(path);
        try
        {
            var model = Compiled(path, "Fallback", dims: null);
            var messages = Fallbacks(model).Select(d => d.GetMessage()).Order(StringComparer.Ordinal).ToArray();
            Assert.Equal(2, messages.Length);
            Assert.Contains("Node 'cumsum' (CumSum) runs on the CPU in the GPU session", messages[0], StringComparison.Ordinal);
            Assert.Contains("Node 'elu' (Elu) runs on the CPU in the GPU session", messages[1], StringComparison.Ordinal);
            float[] x = [.. Enumerable.Range(0, 16).Select(i => (float)Math.Sin(i))];
            float[] cpu = new float[8];
            float[] gpu = new float[8];
            model.RunCpu(x, [cpu]);
            model.RunGpu(devices.Get(GpuBackends.Cpu).Device.Accelerator, x, [gpu]);
            Close(cpu, gpu, "GPU session with two CPU fallbacks against the CPU class");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_model_with_dims_known_only_at_run_time_gets_no_session_and_says_why()
    {
        // NonZero's count is known only once it has run: a session would need the device to report it mid-run.
        string path = Path.Combine(Path.GetTempPath(), "modelgen-gpu-nonzero-" + Guid.NewGuid().ToString("N") + ".onnx");
        new ModelGen.Compiler.Writing.OnnxModelBuilder("nonzero")
            .Input("x", ModelGen.Compiler.Ir.ElementType.Float, [6])
            .Node("NonZero", ["x"], ["i"], name: "where")
            .Node("Cast", ["i"], ["y"], name: "cast", attributes: a => a.Int("to", 1))
            .Output("y", ModelGen.Compiler.Ir.ElementType.Float, [1, "count"])
            .Save(path);
        try
        {
            var model = GeneratedModel.Compile(path, "Where");
            var d = Assert.Single(Fallbacks(model));
            Assert.Contains("no GPU session is generated, because some of its shapes are known only while it runs", d.GetMessage(), StringComparison.Ordinal);
            Assert.DoesNotContain(model.Sources.Keys, k => k.Contains("Gpu", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Without_ModelGen_Gpu_nothing_GPU_related_is_generated()
    {
        if (SharedModel("mnist-8") is not string dir)
        {
            return;
        }

        var model = GeneratedModel.Compile(Path.Combine(dir, "model.onnx"), "Mnist", referenceGpu: false);
        Assert.True(model.Assembly != null, model.Errors);
        Assert.Equal(["Mnist.Predict.g.cs", "Mnist.Run.g.cs", "Mnist.g.cs"], model.Sources.Keys.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(model.Sources.Values, s => s.Contains("ILGPU", StringComparison.Ordinal));
        Assert.Empty(Fallbacks(model));
    }

    private GeneratedModel Compiled(string dirOrFile, string className, string? dims, int outputs = 1, int symbolicDims = 0)
    {
        var model = GeneratedModel.Compile(File.Exists(dirOrFile) ? dirOrFile : Path.Combine(dirOrFile, "model.onnx"), className, dims, outputs: outputs, symbolicDims: symbolicDims);
        Assert.True(!model.GeneratorDiagnostics.Any(d => d.Severity == DiagnosticSeverity.Error),
            "the generator reported errors:\n" + string.Join("\n", model.GeneratorDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        Assert.True(model.Assembly != null, "the generated code does not compile:\n" + model.Errors);
        Assert.Contains(className + ".Gpu.g.cs", model.Sources.Keys);
        foreach (var d in Fallbacks(model))
        {
            output.WriteLine(d.Id + ": " + d.GetMessage());
        }

        return model;
    }

    /// <summary>The model's folder under ../shared/models, or null (with a note in the output) when it is absent: the test then passes as skipped.</summary>
    private string? SharedModel(string name)
    {
        string? dir = GeneratedModel.ModelFolder(name);
        if (dir == null)
        {
            output.WriteLine("skipped: ../shared/models/" + name + " is absent");
        }

        return dir;
    }

    private static Diagnostic[] Fallbacks(GeneratedModel model) => [.. model.GeneratorDiagnostics.Where(d => d.Id == "MG0601")];

    private void CheckDataSet(GeneratedModel model, string set, int outputs = 1, int[]? dims = null)
    {
        dims ??= [];
        var input = TensorFile.Read(File.ReadAllBytes(Path.Combine(set, "input_0.pb")));
        float[] x = MemoryMarshal.Cast<byte, float>(input.Raw).ToArray();
        float[][] want = [.. Enumerable.Range(0, outputs).Select(i =>
            MemoryMarshal.Cast<byte, float>(TensorFile.Read(File.ReadAllBytes(Path.Combine(set, "output_" + i + ".pb"))).Raw).ToArray())];
        float[][] cpu = [.. want.Select(w => new float[w.Length])];
        model.RunCpu(dims, x, cpu);
        // On the CPU accelerator always; on the CUDA device too when MODELGEN_GPU_TESTS=cuda (tests/Gpu/device-check.sh).
        foreach (object[] row in GpuBackends.All())
        {
            string backend = (string)row[0];
            float[][] gpu = [.. want.Select(w => new float[w.Length])];
            model.RunGpu(devices.Get(backend).Device.Accelerator, dims, x, gpu);
            for (int i = 0; i < outputs; i++)
            {
                Close(cpu[i], gpu[i], "GPU session (" + backend + ") against the CPU class, output " + i + ", " + Path.GetFileName(set));
                Close(want[i], gpu[i], "GPU session (" + backend + ") against the test data, output " + i + ", " + Path.GetFileName(set));
            }
        }
    }

    private static void Close(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            double tolerance = ATol + RTol * Math.Abs(expected[i]);
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"{what}: element {i} is {actual[i]}, expected {expected[i]} (± {tolerance:G3})");
        }
    }
}

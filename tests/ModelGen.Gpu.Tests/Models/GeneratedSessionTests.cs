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
/// The generator's GPU sessions, end to end on ILGPU's CPU accelerator: two ../shared models compiled by the real
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
        string? dir = GeneratedModel.ModelFolder("mnist-8");
        if (dir == null)
        {
            output.WriteLine("skipped: ../shared/models/mnist-8 is absent");
            return;
        }

        var model = Compiled(dir, "Mnist", dims: null);
        // Add and Relu are elementwise maps, which have no GPU lowering in this slice: the session runs them on the CPU.
        var fallbacks = Fallbacks(model);
        Assert.Contains(fallbacks, d => d.GetMessage().Contains("(Relu) runs on the CPU in the GPU session", StringComparison.Ordinal));
        Assert.DoesNotContain(fallbacks, d => d.GetMessage().Contains("(Conv)", StringComparison.Ordinal) || d.GetMessage().Contains("(MatMul)", StringComparison.Ordinal) ||
                                              d.GetMessage().Contains("(MaxPool)", StringComparison.Ordinal));
        for (int set = 0; set < 3; set++)
        {
            CheckDataSet(model, Path.Combine(dir, "test_data_set_" + set));
        }
    }

    [Fact]
    public void Sine_session_matches_the_cpu_class_and_the_test_data()
    {
        string? dir = GeneratedModel.ModelFolder("tflm-hello-world-sine");
        if (dir == null)
        {
            output.WriteLine("skipped: ../shared/models/tflm-hello-world-sine is absent");
            return;
        }

        // The batch dim is pinned: a GPU session needs static shapes (the test data has N = 16).
        var model = Compiled(dir, "Sine", dims: "N=16");
        Assert.Contains(Fallbacks(model), d => d.GetMessage().Contains("(Add) runs on the CPU", StringComparison.Ordinal));
        CheckDataSet(model, Path.Combine(dir, "test_data_set_0"));
    }

    [Fact]
    public void Without_a_symbolic_dim_pinned_the_sine_model_gets_no_session_and_says_why()
    {
        string? dir = GeneratedModel.ModelFolder("tflm-hello-world-sine");
        if (dir == null)
        {
            output.WriteLine("skipped: ../shared/models/tflm-hello-world-sine is absent");
            return;
        }

        var model = GeneratedModel.Compile(Path.Combine(dir, "model.onnx"), "Sine", dims: null);
        var d = Assert.Single(Fallbacks(model));
        Assert.Contains("no GPU session is generated, because its shapes are not static", d.GetMessage(), StringComparison.Ordinal);
        Assert.DoesNotContain(model.Sources.Keys, k => k.Contains("Gpu", StringComparison.Ordinal));
    }

    [Fact]
    public void Without_ModelGen_Gpu_nothing_GPU_related_is_generated()
    {
        string? dir = GeneratedModel.ModelFolder("mnist-8");
        if (dir == null)
        {
            output.WriteLine("skipped: ../shared/models/mnist-8 is absent");
            return;
        }

        var model = GeneratedModel.Compile(Path.Combine(dir, "model.onnx"), "Mnist", referenceGpu: false);
        Assert.True(model.Assembly != null, model.Errors);
        Assert.Equal(["Mnist.Predict.g.cs", "Mnist.Run.g.cs", "Mnist.g.cs"], model.Sources.Keys.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(model.Sources.Values, s => s.Contains("ILGPU", StringComparison.Ordinal));
        Assert.Empty(Fallbacks(model));
    }

    private GeneratedModel Compiled(string dir, string className, string? dims)
    {
        var model = GeneratedModel.Compile(Path.Combine(dir, "model.onnx"), className, dims);
        Assert.True(model.Assembly != null, "the generated code does not compile:\n" + model.Errors);
        Assert.DoesNotContain(model.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
        Assert.Contains(className + ".Gpu.g.cs", model.Sources.Keys);
        foreach (var d in Fallbacks(model))
        {
            output.WriteLine(d.Id + ": " + d.GetMessage());
        }

        return model;
    }

    private static Diagnostic[] Fallbacks(GeneratedModel model) => [.. model.GeneratorDiagnostics.Where(d => d.Id == "MG0601")];

    private void CheckDataSet(GeneratedModel model, string set)
    {
        var input = TensorFile.Read(File.ReadAllBytes(Path.Combine(set, "input_0.pb")));
        var expected = TensorFile.Read(File.ReadAllBytes(Path.Combine(set, "output_0.pb")));
        float[] x = MemoryMarshal.Cast<byte, float>(input.Raw).ToArray();
        float[] want = MemoryMarshal.Cast<byte, float>(expected.Raw).ToArray();
        float[] cpu = new float[want.Length];
        float[] gpu = new float[want.Length];
        model.RunCpu(x, cpu);
        model.RunGpu(devices.Get(GpuBackends.Cpu).Device.Accelerator, x, gpu);
        Close(cpu, gpu, "GPU session against the CPU class, " + Path.GetFileName(set));
        Close(want, gpu, "GPU session against the test data, " + Path.GetFileName(set));
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

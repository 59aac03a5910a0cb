using System;
using System.IO;
using System.Linq;
using ILGPU;
using ILGPU.Runtime;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Writing;
using ModelGen.Gpu.Tests.Support;
using Xunit;

namespace ModelGen.Gpu.Tests.Models;

/// <summary>
/// Predict on device views: two generated sessions chained on one accelerator, the first writing straight into a
/// device buffer the second reads, against the two CPU classes chained on the host; and the checks on the views.
/// </summary>
[Collection(GpuNumericsCollection.Name)]
public sealed class DeviceViewTests(DeviceFixture devices)
{
    [Fact]
    public void Two_sessions_chain_through_device_views_and_match_the_cpu_classes()
    {
        var rng = new Random(11);
        float[] w = [.. Enumerable.Range(0, 8 * 6).Select(_ => (float)(rng.NextDouble() - 0.5))];
        // First model: a dense layer with Relu; second: a slice of its features, then Softmax.
        var first = Build("dense", m => m.Input("x", ElementType.Float, [3, 8]).Initializer("w", [8, 6], w)
            .Node("MatMul", ["x", "w"], ["h"]).Node("Relu", ["h"], ["y"]).Output("y", ElementType.Float, [3, 6]));
        var second = Build("head", m => m.Input("x", ElementType.Float, [3, 6])
            .Initializer("starts", [1], new long[] { 1 }).Initializer("ends", [1], new long[] { 5 }).Initializer("axes", [1], new long[] { 1 })
            .Node("Slice", ["x", "starts", "ends", "axes"], ["s"]).Node("Softmax", ["s"], ["y"], attributes: a => a.Int("axis", -1))
            .Output("y", ElementType.Float, [3, 4]));
        float[] x = [.. Enumerable.Range(0, 24).Select(i => (float)Math.Cos(i))];

        float[] middle = new float[18], cpu = new float[12];
        first.RunCpu(x, [middle]);
        second.RunCpu(middle, [cpu]);

        var accelerator = devices.Get(GpuBackends.Cpu).Device.Accelerator;
        using var a = first.CreateGpuSession(accelerator);
        using var b = second.CreateGpuSession(accelerator);
        using var xs = accelerator.Allocate1D(x);
        using var hs = accelerator.Allocate1D<float>(18);
        using var ys = accelerator.Allocate1D<float>(12);
        GeneratedModel.PredictOnDevice(a, xs.View, hs.View);
        GeneratedModel.PredictOnDevice(b, hs.View, ys.View);
        float[] gpu = ys.GetAsArray1D();
        for (int i = 0; i < cpu.Length; i++)
        {
            Assert.True(Math.Abs(cpu[i] - gpu[i]) <= 1e-5 + 1e-4 * Math.Abs(cpu[i]), $"element {i}: {gpu[i]} on the device, {cpu[i]} on the CPU");
        }

        // A view of the wrong length is refused before any launch, naming the tensor.
        var e = Assert.Throws<ArgumentException>(() => GeneratedModel.PredictOnDevice(b, hs.View.SubView(0, 17), ys.View));
        Assert.Contains("expected 18 elements, got 17", e.Message, StringComparison.Ordinal);
    }

    private static GeneratedModel Build(string name, Func<OnnxModelBuilder, OnnxModelBuilder> body)
    {
        string path = Path.Combine(Path.GetTempPath(), "modelgen-gpu-" + name + "-" + Guid.NewGuid().ToString("N") + ".onnx");
        body(new OnnxModelBuilder(name)).Save(path);
        try
        {
            var model = GeneratedModel.Compile(path, char.ToUpperInvariant(name[0]) + name[1..]);
            Assert.True(model.Assembly != null, model.Errors);
            Assert.DoesNotContain(model.GeneratorDiagnostics, d => d.Id == "MG0601");
            return model;
        }
        finally
        {
            File.Delete(path);
        }
    }
}

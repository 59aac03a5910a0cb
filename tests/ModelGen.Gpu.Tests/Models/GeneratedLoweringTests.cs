using System;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using ModelGen.Gpu.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace ModelGen.Gpu.Tests.Models;

/// <summary>
/// Each GPU lowering of a data-movement, reduction or normalisation call (<see cref="LoweringModels"/>), compiled by
/// the real generator and run as a session on ILGPU's CPU accelerator: no CPU fallback, the launch the case names is
/// in the session, and the outputs match the CPU class of the same build (the reference here: it is itself tested
/// against ONNX Runtime). Tolerances: rtol 1e-5 for the exact moves, 1e-4 for the float reductions and normalisations (summation order
/// differs from the CPU's).
/// </summary>
[Collection(GpuNumericsCollection.Name)]
public sealed class GeneratedLoweringTests(DeviceFixture devices, ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(LoweringModels.Names), MemberType = typeof(LoweringModels))]
    public void Lowering_runs_on_the_device_and_matches_the_cpu_class(string name)
    {
        var c = LoweringModels.All[name];
        string path = LoweringModels.Save(c);
        try
        {
            var model = GeneratedModel.Compile(path, "Case");
            Assert.True(model.Assembly != null, "the generated code does not compile:\n" + model.Errors);
            var fallbacks = model.GeneratorDiagnostics.Where(d => d.Id == "MG0601").Select(d => d.GetMessage()).ToArray();
            Assert.True(fallbacks.Length == 0, "unexpected CPU fallbacks:\n" + string.Join("\n", fallbacks));
            Assert.DoesNotContain(model.GeneratorDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
            Assert.Contains(c.Kernel, model.Sources["Case.Gpu.g.cs"], StringComparison.Ordinal);

            int n = c.Input.Aggregate(1, (a, b) => a * b), m = c.Output.Aggregate(1, (a, b) => a * b);
            // Distinct values (so a wrong index shows), some negative, none repeating.
            float[] x = [.. Enumerable.Range(0, n).Select(i => (float)Math.Sin(0.37 * i + 0.1) * 3f)];
            float[] cpu = new float[m];
            model.RunCpu(x, [cpu]);
            double rtol = name.StartsWith("reduce", StringComparison.Ordinal) || name.EndsWith("norm", StringComparison.Ordinal) || name.StartsWith("layernorm", StringComparison.Ordinal) ? 1e-4 : 1e-5;
            // The CPU accelerator always; the CUDA device too when MODELGEN_GPU_TESTS=cuda.
            foreach (object[] row in GpuBackends.All())
            {
                float[] gpu = Enumerable.Repeat(float.NaN, m).ToArray();
                model.RunGpu(devices.Get((string)row[0]).Device.Accelerator, x, [gpu]);
                for (int i = 0; i < m; i++)
                {
                    double tolerance = 1e-5 + rtol * Math.Abs(cpu[i]);
                    Assert.True(Math.Abs(cpu[i] - gpu[i]) <= tolerance, $"{name} ({row[0]}): element {i} is {gpu[i]}, the CPU class gives {cpu[i]}");
                }
            }

            output.WriteLine(name + ": " + m + " elements match the CPU class");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_fused_elementwise_group_is_one_generated_kernel()
    {
        var c = LoweringModels.All["fused-elementwise"];
        string path = LoweringModels.Save(c);
        try
        {
            var model = GeneratedModel.Compile(path, "Case");
            string session = model.Sources["Case.Gpu.g.cs"];
            // Four nodes, one kernel, one launch.
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(session, @"internal static void ElementwiseKernel\d"));
            Assert.Contains("A generated kernel for a fused elementwise group", session, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Sibling_groups_over_the_same_operands_share_one_kernel_with_two_outputs()
    {
        // y0 = tanh(x*c) and y1 = x*c + d read the same operands over one shape: one fused node, one kernel writing both.
        var rng = new Random(3);
        float[] cw = [.. Enumerable.Range(0, 4).Select(_ => (float)(rng.NextDouble() - 0.5))];
        float[] dw = [.. Enumerable.Range(0, 12).Select(_ => (float)(rng.NextDouble() - 0.5))];
        string path = Path.Combine(Path.GetTempPath(), "modelgen-gpu-siblings-" + Guid.NewGuid().ToString("N") + ".onnx");
        new ModelGen.Compiler.Writing.OnnxModelBuilder("siblings")
            .Input("x", ModelGen.Compiler.Ir.ElementType.Float, [3, 4])
            .Initializer("c", [4], cw).Initializer("d", [3, 4], dw)
            .Node("Mul", ["x", "c"], ["m"]).Node("Tanh", ["m"], ["y0"]).Node("Add", ["m", "d"], ["y1"])
            .Output("y0", ModelGen.Compiler.Ir.ElementType.Float, [3, 4]).Output("y1", ModelGen.Compiler.Ir.ElementType.Float, [3, 4])
            .Save(path);
        try
        {
            var model = GeneratedModel.Compile(path, "Case", outputs: 2);
            Assert.True(model.Assembly != null, model.Errors);
            Assert.DoesNotContain(model.GeneratorDiagnostics, d => d.Id == "MG0601");
            string session = model.Sources["Case.Gpu.g.cs"];
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(session, @"internal static void ElementwiseKernel\d"));
            Assert.Contains("y1[i] = ", session, StringComparison.Ordinal);
            float[] x = [.. Enumerable.Range(0, 12).Select(i => (float)Math.Sin(i + 0.5))];
            float[] cpu0 = new float[12], cpu1 = new float[12], gpu0 = new float[12], gpu1 = new float[12];
            model.RunCpu(x, cpu0, cpu1);
            model.RunGpu(devices.Get(GpuBackends.Cpu).Device.Accelerator, x, gpu0, gpu1);
            for (int i = 0; i < 12; i++)
            {
                Assert.True(Math.Abs(cpu0[i] - gpu0[i]) <= 1e-5 + 1e-5 * Math.Abs(cpu0[i]), $"y0[{i}]: {gpu0[i]} on the device, {cpu0[i]} on the CPU");
                Assert.True(Math.Abs(cpu1[i] - gpu1[i]) <= 1e-5 + 1e-5 * Math.Abs(cpu1[i]), $"y1[{i}]: {gpu1[i]} on the device, {cpu1[i]} on the CPU");
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_reduction_without_a_gpu_form_still_falls_back_and_matches()
    {
        // ReduceLogSumExp has no GPU form yet: it stays on the CPU, reported, and the session still agrees.
        var c = new LoweringModels.Case("reduce-logsumexp", () => new ModelGen.Compiler.Writing.OnnxModelBuilder("lse")
            .Input("x", ModelGen.Compiler.Ir.ElementType.Float, [3, 4])
            .Node("ReduceLogSumExp", ["x"], ["y"], name: "lse", attributes: a => a.Ints("axes", 0))
            .Output("y", ModelGen.Compiler.Ir.ElementType.Float, [1, 4]), [3, 4], [1, 4], "GpuFallback");
        string path = LoweringModels.Save(c);
        try
        {
            var model = GeneratedModel.Compile(path, "Case");
            Assert.True(model.Assembly != null, model.Errors);
            var d = Assert.Single(model.GeneratorDiagnostics, d => d.Id == "MG0601");
            Assert.Contains("Node 'lse' (ReduceLogSumExp) runs on the CPU", d.GetMessage(), StringComparison.Ordinal);
            float[] x = [.. Enumerable.Range(0, 12).Select(i => (float)i / 4)];
            float[] cpu = new float[4], gpu = new float[4];
            model.RunCpu(x, [cpu]);
            model.RunGpu(devices.Get(GpuBackends.Cpu).Device.Accelerator, x, [gpu]);
            Assert.Equal(cpu, gpu);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

using System;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Writing;
using ModelGen.Gpu.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace ModelGen.Gpu.Tests.Models;

/// <summary>
/// A float16 (and a bfloat16) model's GPU session: activations stay fp16 in device memory (ILGPU.Half; bf16 as ushort bits), MatMul and Softmax widen their
/// inputs to fp32, compute and accumulate in fp32 and narrow the result (the lowering's HalfInFloat), the fused Add +
/// Relu reads fp16, computes in fp32 and stores fp16, and the Transpose moves fp16 values. Compared with the CPU class of
/// the same build, which computes the same way; both round to fp16, so they may differ by an fp16 step.
/// </summary>
[Collection(GpuNumericsCollection.Name)]
public sealed class NarrowFloatSessionTests(DeviceFixture devices, ITestOutputHelper output)
{
    [Theory]
    [InlineData(ElementType.Float16, "System.Half", "global::ILGPU.Half", "HalfToFloat", "ToHalf", 2e-3)]
    [InlineData(ElementType.BFloat16, "global::ModelGen.Runtime.Numerics.BFloat16", "ushort", null, "ToBFloat16", 1.6e-2)]
    public void A_narrow_float_model_runs_on_the_device_in_narrow_storage_and_matches_the_cpu_class(
        ElementType type, string hostType, string deviceType, string? widen, string narrow, double step)
    {
        bool half = type == ElementType.Float16;
        int inner = half ? 8 : 6;
        string path = SaveModel(type);
        try
        {
            var model = GeneratedModel.Compile(path, "Narrow", element: hostType);
            Assert.True(model.Assembly != null, "the generated code does not compile:\n" + model.Errors + "\n" + string.Join("\n", model.GeneratorDiagnostics));
            var fallbacks = model.GeneratorDiagnostics.Where(d => d.Id == "MG0601").Select(d => d.GetMessage()).ToArray();
            Assert.True(fallbacks.Length == 0, "unexpected CPU fallbacks:\n" + string.Join("\n", fallbacks));
            string session = model.Sources["Narrow.Gpu.g.cs"];
            Assert.Contains("global::ILGPU.ArrayView<" + deviceType + ">", session, StringComparison.Ordinal);
            if (widen != null)
            {
                Assert.Contains("_kernels." + widen + "(", session, StringComparison.Ordinal);
            }

            Assert.Contains("NarrowFloats." + narrow + "(", session, StringComparison.Ordinal);

            float[] x = [.. Enumerable.Range(0, 4 * inner).Select(i => (float)Math.Sin(0.3 * i))];
            float[] cpu = new float[24], gpu = new float[24];
            model.RunCpu(x, [cpu]);
            model.RunGpu(devices.Get(GpuBackends.Cpu).Device.Accelerator, x, [gpu]);
            int exact = 0;
            for (int i = 0; i < cpu.Length; i++)
            {
                // One fp16 step near 1 is 2^-10 ≈ 1e-3, one bf16 step 2^-7: fp32 sums in another order may round to the neighbouring value.
                Assert.True(Math.Abs(cpu[i] - gpu[i]) <= step * Math.Abs(cpu[i]) + 1e-4, $"element {i}: CPU class {cpu[i]}, GPU session {gpu[i]}");
                exact += cpu[i] == gpu[i] ? 1 : 0;
            }

            output.WriteLine(type + ": " + exact + " of " + cpu.Length + " elements bit-identical; the rest within a step of the type");
            if (half)
            {
                Assert.True(Math.Abs(cpu.Sum() - 6) < 0.1f, "six softmax rows sum to about 6: " + cpu.Sum());
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Writes the test's fp16 ([4,8] in, [6,4] out) or bf16 ([4,6] in and out) model to a temporary file; the caller deletes it.</summary>
    public static string SaveModel(ElementType type)
    {
        var rng = new Random(13);
        string path = Path.Combine(Path.GetTempPath(), "modelgen-gpu-fp16-" + Guid.NewGuid().ToString("N") + ".onnx");
        // ModelGen's MatMul, Transpose and Softmax have no bf16 forms (a CPU gap of its own), so the bf16 model is only its
        // pointwise part: its [4,6] input scaled by a row, shifted and rectified, one fused kernel over bf16 storage.
        bool half = type == ElementType.Float16;
        int inner = half ? 8 : 6;
        new OnnxModelBuilder("narrow")
            .Input("x", type, [4, inner])
            .Initializer("w", type, half ? [8, 6] : [6], Bytes(type, half ? 48 : 6, rng))
            .Initializer("bias", type, [6], Bytes(type, 6, rng))
            .Node(half ? "MatMul" : "Mul", ["x", "w"], ["m"], name: "dense")
            .Node("Add", ["m", "bias"], ["a"], name: "shift")
            .Node("Relu", ["a"], ["r"], name: "relu")
            .Node(half ? "Transpose" : "Identity", ["r"], ["t"], name: "swap", attributes: half ? a => a.Ints("perm", 1, 0) : null)
            .Node(half ? "Softmax" : "Identity", ["t"], ["y"], name: "softmax", attributes: half ? a => a.Int("axis", -1) : null)
            .Output("y", type, half ? [6, 4] : [4, 6])
            .Save(path);
        return path;
    }

    /// <summary>Random values in [-0.5, 0.5) as fp16 or bf16 bytes (bf16: the float's high half, truncated; any value will do).</summary>
    private static byte[] Bytes(ElementType type, int n, Random rng) =>
        [.. Enumerable.Range(0, n).SelectMany(_ =>
        {
            float v = (float)(rng.NextDouble() - 0.5);
            ushort bits = type == ElementType.Float16 ? BitConverter.HalfToUInt16Bits((System.Half)v) : (ushort)(BitConverter.SingleToUInt32Bits(v) >> 16);
            return BitConverter.GetBytes(bits);
        })];
}

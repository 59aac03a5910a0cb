using System;
using System.IO;
using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Writing;
using ModelGen.Gpu.Tests.Support;
using Xunit;

namespace ModelGen.Gpu.Tests.Models;

/// <summary>
/// {Class}.CreateBest: the GPU session on a CUDA device when there is one, else the CPU class, both behind the
/// generated I{Class} interface, with the reason. Here (no CUDA) it must return the CPU class and say why; with
/// MODELGEN_GPU_TESTS=cuda (a machine with a device) it must return the session instead. (DigitsGpuSampleTests
/// runs Predict through the interface, in the sample.)
/// </summary>
public sealed class BestDeviceTests
{
    [Fact]
    public void CreateBest_returns_the_session_on_cuda_or_else_the_cpu_class_with_the_reason()
    {
        string path = Path.Combine(Path.GetTempPath(), "modelgen-gpu-best-" + Guid.NewGuid().ToString("N") + ".onnx");
        new OnnxModelBuilder("best").Input("x", ElementType.Float, [2, 3]).Node("Relu", ["x"], ["y"]).Output("y", ElementType.Float, [2, 3]).Save(path);
        try
        {
            var model = GeneratedModel.Compile(path, "Best");
            Assert.True(model.Assembly != null, model.Errors);
            var modelClass = model.Assembly!.GetType("GpuTests.Best")!;
            var face = model.Assembly.GetType("GpuTests.IBest")!;
            Assert.True(face.IsInterface && face.IsAssignableFrom(modelClass) && face.IsAssignableFrom(model.Assembly.GetType("GpuTests.BestGpu")!),
                "both the CPU class and the session implement IBest");

            object?[] args = [null];
            using var best = (IDisposable)modelClass.GetMethod("CreateBest")!.Invoke(null, args)!;
            string reason = (string)args[0]!;
            if (GpuBackends.CudaRequested)
            {
                Assert.Equal("BestGpu", best.GetType().Name);
                Assert.StartsWith("Using CUDA device", reason, StringComparison.Ordinal);
            }
            else
            {
                Assert.Equal(modelClass, best.GetType());
                Assert.Contains("No CUDA device was found", reason, StringComparison.Ordinal);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }
}

using System;
using System.Linq;
using System.Reflection;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using ModelGen.Gpu.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace ModelGen.Gpu.Tests.Ptx;

/// <summary>
/// The elementwise kernels the generator writes into mnist-8's GPU session compile to PTX for sm_90, each with a fresh
/// context and backend, as the library's kernels do (PtxCompileTests): the CPU accelerator accepts code PTX rejects.
/// </summary>
public sealed class GeneratedKernelPtxTests(ITestOutputHelper output)
{
    [Fact]
    public void Generated_elementwise_kernels_of_mnist8_compile_to_ptx_for_sm90()
    {
        string? dir = GeneratedModel.ModelFolder("mnist-8");
        if (dir == null)
        {
            output.WriteLine("skipped: ../shared/models/mnist-8 is absent");
            return;
        }

        var model = GeneratedModel.Compile(System.IO.Path.Combine(dir, "model.onnx"), "Mnist");
        Assert.True(model.Assembly != null, model.Errors);
        var kernels = model.Assembly!.GetType("GpuTests.MnistGpu")!.GetMethods(BindingFlags.NonPublic | BindingFlags.Static)
            .Where(m => m.Name.StartsWith("ElementwiseKernel", StringComparison.Ordinal)).ToList();
        // Mnist's two Relu and three broadcast Adds give at least two distinct bodies (a map1 and a map2).
        Assert.True(kernels.Count >= 2, "expected generated kernels, found " + kernels.Count);
        foreach (var kernel in kernels)
        {
            using var context = Context.Create(b => b.Optimize(OptimizationLevel.O2).EnableAlgorithms());
            using var backend = new PTXBackend(context, CudaArchitecture.SM_90, CudaInstructionSet.ISA_80, nvvmAPI: null!);
            string ptx = ((PTXCompiledKernel)backend.Compile(EntryPointDescription.FromExplicitlyGroupedKernel(kernel), KernelSpecialization.Empty)).PTXAssembly;
            Assert.Contains(".entry ", ptx, StringComparison.Ordinal);
            output.WriteLine(kernel.Name + ": " + ptx.Length + " characters of PTX");
        }
    }
}

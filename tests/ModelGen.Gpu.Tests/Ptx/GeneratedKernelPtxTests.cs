using System;
using System.Linq;
using System.Reflection;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using ModelGen.Gpu.Tests.Models;
using ModelGen.Gpu.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace ModelGen.Gpu.Tests.Ptx;

/// <summary>
/// The kernels the generator writes into GPU sessions (elementwise and index-mapping) compile to PTX for sm_90, each
/// with a fresh context and backend, as the library's kernels do (PtxCompileTests): the CPU accelerator accepts code
/// PTX rejects. mnist-8's and ultraface's sessions, a session with a symbolic batch (kernels that take run-time sizes),
/// and every lowering case of <see cref="LoweringModels"/>.
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
        // Mnist's two Relu and three broadcast Adds give at least two distinct bodies (a map1 and a map2).
        Assert.True(CompileAll(model, "Mnist") >= 2, "expected generated kernels");
    }

    [Fact]
    public void Generated_kernels_of_ultraface_compile_to_ptx_for_sm90()
    {
        string? dir = GeneratedModel.ModelFolder("ultraface-version-RFB-320");
        if (dir == null)
        {
            output.WriteLine("skipped: ../shared/models/ultraface-version-RFB-320 is absent");
            return;
        }

        var model = GeneratedModel.Compile(System.IO.Path.Combine(dir, "model.onnx"), "UltraFace", outputs: 2);
        // Its Concat and Slice kernels among them.
        Assert.True(CompileAll(model, "UltraFace", "MovementKernel") >= 2, "expected generated index-mapping kernels");
    }

    [Fact]
    public void Generated_kernels_with_run_time_sizes_compile_to_ptx_for_sm90()
    {
        // A symbolic batch: the Relu's kernel takes its count in a RunDims parameter (MatMul + Add becomes one Gemm).
        string path = SymbolicDimSessionTests.SaveBatchModel();
        try
        {
            var model = GeneratedModel.Compile(path, "Batch", symbolicDims: 1);
            Assert.True(CompileAll(model, "Batch") >= 1, "expected generated kernels");
            var sized = model.Assembly!.GetType("GpuTests.BatchGpu")!.GetMethods(BindingFlags.NonPublic | BindingFlags.Static)
                .Where(m => m.GetParameters().Any(p => p.ParameterType == typeof(ModelGen.Gpu.Kernels.RunDims))).ToList();
            Assert.True(sized.Count >= 1, sized.Count + " kernels take run-time sizes");
        }
        finally
        {
            System.IO.File.Delete(path);
        }

        // Slice, Concat, Gather and Tile over the batch: index-mapping kernels with run-time sizes.
        string moves = SymbolicDimSessionTests.SaveMovesModel();
        try
        {
            var model = GeneratedModel.Compile(moves, "Moves", symbolicDims: 1);
            Assert.True(CompileAll(model, "Moves", "MovementKernel") >= 4, "expected the four moves' kernels");
        }
        finally
        {
            System.IO.File.Delete(moves);
        }
    }

    [Theory]
    [InlineData(ModelGen.Compiler.Ir.ElementType.Float16, "System.Half")]
    [InlineData(ModelGen.Compiler.Ir.ElementType.BFloat16, "global::ModelGen.Runtime.Numerics.BFloat16")]
    public void Generated_kernels_over_narrow_floats_compile_to_ptx_for_sm90(ModelGen.Compiler.Ir.ElementType type, string hostType)
    {
        // Views of ILGPU.Half (fp16) or ushort (bf16), loads widened to fp32 and stores rounded by NarrowFloats.
        string path = NarrowFloatSessionTests.SaveModel(type);
        try
        {
            var model = GeneratedModel.Compile(path, "Narrow", element: hostType);
            Assert.True(CompileAll(model, "Narrow") >= 1, "expected generated kernels");
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }

    [Theory]
    [MemberData(nameof(LoweringModels.Names), MemberType = typeof(LoweringModels))]
    public void Generated_kernels_of_each_lowering_compile_to_ptx_for_sm90(string name)
    {
        var c = LoweringModels.All[name];
        string path = LoweringModels.Save(c);
        try
        {
            var model = GeneratedModel.Compile(path, "Case");
            int count = CompileAll(model, "Case");
            // The library launches (reductions, LayerNorm) generate no kernel; their kernels are in KernelRegistry.
            Assert.True(count >= (Stems.Any(stem => c.Kernel.StartsWith(stem, StringComparison.Ordinal)) ? 1 : 0), name + ": " + count + " generated kernels");
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }

    /// <summary>The method name stems of the generated kernels (GeneratedKernelSet's prefixes).</summary>
    private static readonly string[] Stems = ["ElementwiseKernel", "MovementKernel", "ReductionKernel"];

    /// <summary>Compiles every generated kernel method of the session class whose name starts with <paramref name="prefix"/> (or any stem); returns how many.</summary>
    private int CompileAll(GeneratedModel model, string className, string? prefix = null)
    {
        Assert.True(model.Assembly != null, model.Errors);
        var kernels = model.Assembly!.GetType("GpuTests." + className + "Gpu")!.GetMethods(BindingFlags.NonPublic | BindingFlags.Static)
            .Where(m => prefix != null ? m.Name.StartsWith(prefix, StringComparison.Ordinal) : Stems.Any(stem => m.Name.StartsWith(stem, StringComparison.Ordinal))).ToList();
        foreach (var kernel in kernels)
        {
            using var context = Context.Create(b => b.Optimize(OptimizationLevel.O2).EnableAlgorithms());
            using var backend = new PTXBackend(context, CudaArchitecture.SM_90, CudaInstructionSet.ISA_80, nvvmAPI: null!);
            string ptx = ((PTXCompiledKernel)backend.Compile(EntryPointDescription.FromExplicitlyGroupedKernel(kernel), KernelSpecialization.Empty)).PTXAssembly;
            Assert.Contains(".entry ", ptx, StringComparison.Ordinal);
            output.WriteLine(className + "." + kernel.Name + ": " + ptx.Length + " characters of PTX");
        }

        return kernels.Count;
    }
}

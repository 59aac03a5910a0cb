using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Backends.EntryPoints;
using ILGPU.Backends.PTX;
using ILGPU.Runtime;
using ILGPU.Runtime.Cuda;
using ModelGen.Gpu.Kernels;
using Xunit;
using Xunit.Abstractions;

namespace ModelGen.Gpu.Tests.Ptx;

/// <summary>
/// Every kernel of the library compiles to PTX for sm_90, without a GPU. This catches what the CPU accelerator hides
/// (a math function with no PTX intrinsic, a class or a throw in a kernel). Each kernel gets a fresh context and
/// backend: after one failed compile a reused backend reported bogus errors for the next kernels (GPU-NOTES).
/// </summary>
public sealed class PtxCompileTests
{
    /// <summary>The number of registered kernel entries; update it when adding a kernel (the count is reported).</summary>
    private const int ExpectedKernelCount = 51;

    private readonly ITestOutputHelper output;

    public PtxCompileTests(ITestOutputHelper output) => this.output = output;

    public static IEnumerable<object[]> Kernels() => KernelRegistry.All.Select(entry => new object[] { entry.Name });

    [Theory]
    [MemberData(nameof(Kernels))]
    public void Kernel_compiles_to_ptx_for_sm90(string name)
    {
        string ptx = CompilePtx(KernelRegistry.All.Single(e => e.Name == name));

        Assert.Contains(".entry ", ptx, StringComparison.Ordinal);
        Assert.Contains(".target sm_", ptx, StringComparison.Ordinal);
        output.WriteLine($"{name}: {ptx.Length} characters of PTX");
        string? dump = Environment.GetEnvironmentVariable("MODELGEN_PTX_DIR");
        if (!string.IsNullOrEmpty(dump))
        {
            Directory.CreateDirectory(dump);
            File.WriteAllText(Path.Combine(dump, string.Concat(name.Select(c => char.IsLetterOrDigit(c) ? c : '_')) + ".ptx"), ptx);
        }
    }

    [Fact]
    public void Gemm_kernels_keep_their_sums_in_registers()
    {
        // The register blocks are structs of named fields because arrays of sums went to PTX local memory (slow
        // per-thread DRAM-backed storage); a change that brings an array back fails here, not only on a GPU.
        var gemms = KernelRegistry.All.Where(e => e.Method.DeclaringType!.Name == "GemmKernel").ToList();
        Assert.NotEmpty(gemms);
        foreach (KernelEntry entry in gemms)
        {
            string ptx = CompilePtx(entry);
            Assert.False(ptx.Contains(".local", StringComparison.Ordinal), $"{entry.Name} uses PTX local memory.");
        }
    }

    [Fact]
    public void Registry_has_the_expected_number_of_kernels()
    {
        output.WriteLine($"{KernelRegistry.All.Count} kernel entries compile to PTX:");
        foreach (KernelEntry entry in KernelRegistry.All)
        {
            output.WriteLine($"  {entry.Name}");
        }

        Assert.Equal(ExpectedKernelCount, KernelRegistry.All.Count);
        Assert.Equal(KernelRegistry.All.Count, KernelRegistry.All.Select(e => e.Name).Distinct().Count());
    }

    [Fact]
    public void Every_kernel_method_is_registered()
    {
        var registered = KernelRegistry.All
            .Select(e => e.Method.IsGenericMethod ? e.Method.GetGenericMethodDefinition() : e.Method)
            .ToHashSet();
        var missing = KernelRegistry.KernelClasses
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly))
            .Where(m => m.ReturnType == typeof(void))
            .Where(m => !registered.Contains(m))
            .Select(m => $"{m.DeclaringType!.Name}.{m.Name}")
            .ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void Every_class_with_kernels_is_a_kernel_class()
    {
        // A kernel takes an ArrayView: any static class of the library with such a void method must be listed, or its
        // kernels would escape the check above.
        var listed = KernelRegistry.KernelClasses.ToHashSet();
        var unlisted = typeof(KernelRegistry).Assembly.GetTypes()
            .Where(t => t.IsAbstract && t.IsSealed && !listed.Contains(t))
            .Where(t => t.GetMethods(BindingFlags.Public | BindingFlags.Static | BindingFlags.DeclaredOnly)
                .Any(m => m.ReturnType == typeof(void) && m.GetParameters().Any(p => IsArrayView(p.ParameterType))))
            .Select(t => t.Name)
            .ToList();

        Assert.Empty(unlisted);
    }

    /// <summary>The kernel's PTX from a fresh context and backend (see the class comment).</summary>
    private static string CompilePtx(KernelEntry entry)
    {
        using var context = Context.Create(b => b.Optimize(OptimizationLevel.O2).EnableAlgorithms());
        using var backend = new PTXBackend(context, CudaArchitecture.SM_90, CudaInstructionSet.ISA_80, nvvmAPI: null!);
        var description = EntryPointDescription.FromExplicitlyGroupedKernel(entry.Method);
        return ((PTXCompiledKernel)backend.Compile(description, KernelSpecialization.Empty)).PTXAssembly;
    }

    private static bool IsArrayView(Type type) => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(ArrayView<>);
}

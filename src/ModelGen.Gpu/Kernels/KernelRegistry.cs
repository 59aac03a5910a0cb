using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Reflection;
using ILGPU.Algorithms.ScanReduceOperations;
using ModelGen.Gpu.Kernels.Conv;
using ModelGen.Gpu.Kernels.DataMovement;
using ModelGen.Gpu.Kernels.Elementwise;
using ModelGen.Gpu.Kernels.Gemm;
using ModelGen.Gpu.Kernels.Pooling;
using ModelGen.Gpu.Kernels.Rows;
using Half = ILGPU.Half;

namespace ModelGen.Gpu.Kernels;

/// <summary>One kernel entry point of the library: a kernel method, specialised where it is generic.</summary>
/// <param name="Name">A readable name, e.g. <c>GemmKernel.Tiled&lt;GemmTile128, ReluOp&gt;</c>.</param>
/// <param name="Method">The closed kernel method that ILGPU compiles.</param>
public sealed record KernelEntry(string Name, MethodInfo Method);

/// <summary>
/// Every kernel of the library with the specialisations the launchers and the generated code use: the one list the
/// PTX compile test walks. A test checks that every kernel method in the assembly appears here, so a new kernel
/// cannot be left out.
/// </summary>
public static class KernelRegistry
{
    /// <summary>The entries, in library order.</summary>
    [field: AllowNull]
    public static IReadOnlyList<KernelEntry> All
    {
        [RequiresDynamicCode(GpuRequirements.DynamicCode)]
        [RequiresUnreferencedCode(GpuRequirements.UnreferencedCode)]
        get => field ??= Build();
    }

    /// <summary>The classes that hold kernel methods (every public static void method of theirs is a kernel).</summary>
    public static IReadOnlyList<Type> KernelClasses { get; } =
    [
        typeof(ElementwiseKernels), typeof(CastKernels), typeof(GatherKernels), typeof(GemmKernel),
        typeof(ConvKernels), typeof(RowKernels), typeof(PoolKernels),
    ];

    [RequiresDynamicCode(GpuRequirements.DynamicCode)]
    [RequiresUnreferencedCode(GpuRequirements.UnreferencedCode)]
    private static List<KernelEntry> Build()
    {
        var entries = new List<KernelEntry>();
        foreach (Type op in new[]
        {
            typeof(IdentityOp), typeof(ReluOp), typeof(LeakyReluOp), typeof(ClipOp), typeof(SigmoidOp), typeof(TanhOp),
            typeof(ExpOp), typeof(SqrtOp), typeof(NegOp),
        })
        {
            entries.Add(Of(typeof(ElementwiseKernels), nameof(ElementwiseKernels.Unary), op));
        }

        foreach (Type op in new[] { typeof(AddOp), typeof(SubOp), typeof(MulOp), typeof(DivOp), typeof(MaxOp), typeof(MinOp), typeof(PowOp) })
        {
            entries.Add(Of(typeof(ElementwiseKernels), nameof(ElementwiseKernels.Binary), op));
        }

        entries.Add(Of(typeof(ElementwiseKernels), nameof(ElementwiseKernels.Fill)));
        entries.Add(Of(typeof(CastKernels), nameof(CastKernels.HalfToFloat)));
        entries.Add(Of(typeof(CastKernels), nameof(CastKernels.FloatToHalf)));
        entries.Add(Of(typeof(CastKernels), nameof(CastKernels.BFloat16ToFloat)));
        entries.Add(Of(typeof(CastKernels), nameof(CastKernels.FloatToBFloat16)));
        foreach (Type element in new[] { typeof(float), typeof(int), typeof(Half) })
        {
            entries.Add(Of(typeof(GatherKernels), nameof(GatherKernels.Mapped), element));
        }

        entries.Add(Of(typeof(GatherKernels), nameof(GatherKernels.Copy), typeof(float)));
        entries.Add(Of(typeof(GatherKernels), nameof(GatherKernels.Copy), typeof(int)));
        foreach (Type tile in new[] { typeof(GemmTile128), typeof(GemmTile64), typeof(GemmTile32) })
        {
            entries.Add(Of(typeof(GemmKernel), nameof(GemmKernel.Tiled), tile, typeof(IdentityOp)));
            entries.Add(Of(typeof(GemmKernel), nameof(GemmKernel.Tiled), tile, typeof(ReluOp)));
        }

        foreach (Type act in new[] { typeof(IdentityOp), typeof(ReluOp), typeof(ClipOp) })
        {
            entries.Add(Of(typeof(ConvKernels), nameof(ConvKernels.Direct), act));
            entries.Add(Of(typeof(ConvKernels), nameof(ConvKernels.Depthwise), typeof(Const3), act));
        }

        entries.Add(Of(typeof(ConvKernels), nameof(ConvKernels.Depthwise), typeof(Const5), typeof(IdentityOp)));
        entries.Add(Of(typeof(ConvKernels), nameof(ConvKernels.Depthwise), typeof(Const5), typeof(ReluOp)));
        entries.Add(Of(typeof(ConvKernels), nameof(ConvKernels.Im2Col)));
        entries.Add(Of(typeof(RowKernels), nameof(RowKernels.Softmax), typeof(SoftmaxForm)));
        entries.Add(Of(typeof(RowKernels), nameof(RowKernels.Softmax), typeof(LogSoftmaxForm)));
        entries.Add(Of(typeof(RowKernels), nameof(RowKernels.Reduce), typeof(AddFloat), typeof(KeepFinish)));
        entries.Add(Of(typeof(RowKernels), nameof(RowKernels.Reduce), typeof(AddFloat), typeof(MeanFinish)));
        entries.Add(Of(typeof(RowKernels), nameof(RowKernels.Reduce), typeof(MaxFloat), typeof(KeepFinish)));
        entries.Add(Of(typeof(RowKernels), nameof(RowKernels.Reduce), typeof(MinFloat), typeof(KeepFinish)));
        entries.Add(Of(typeof(RowKernels), nameof(RowKernels.LogSumExp)));
        entries.Add(Of(typeof(RowKernels), nameof(RowKernels.LayerNorm)));
        entries.Add(Of(typeof(PoolKernels), nameof(PoolKernels.Pool2D), typeof(MaxPoolOp)));
        entries.Add(Of(typeof(PoolKernels), nameof(PoolKernels.Pool2D), typeof(AveragePoolOp)));
        return entries;
    }

    [RequiresDynamicCode(GpuRequirements.DynamicCode)]
    [RequiresUnreferencedCode(GpuRequirements.UnreferencedCode)]
    private static KernelEntry Of(Type owner, string method, params Type[] specialisation)
    {
        MethodInfo kernel = owner.GetMethod(method, BindingFlags.Public | BindingFlags.Static)
            ?? throw new InvalidOperationException($"{owner.Name}.{method} is not a public static kernel.");
        if (specialisation.Length > 0)
        {
            kernel = kernel.MakeGenericMethod(specialisation);
        }

        string arguments = specialisation.Length == 0 ? "" : $"<{string.Join(", ", specialisation.Select(t => t.Name))}>";
        return new KernelEntry($"{owner.Name}.{method}{arguments}", kernel);
    }
}

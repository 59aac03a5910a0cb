using System;
using System.Diagnostics.CodeAnalysis;
using ILGPU;
using ILGPU.Runtime;

namespace ModelGen.Gpu.Kernels;

/// <summary>
/// The kernel library of one accelerator: typed launchers that check shapes on the host (kernels cannot throw), pick
/// a launch shape and enqueue the kernel on the given stream. Kernels load on first use and stay loaded.
/// </summary>
/// <remarks>One family per partial file (Elementwise, DataMovement, Gemm, Conv, Rows, Pooling).</remarks>
public sealed partial class GpuKernels
{
    private readonly KernelCache cache;

    /// <summary>Creates the library for <paramref name="accelerator"/>; nothing is compiled until a kernel is used.</summary>
    [RequiresDynamicCode(GpuRequirements.DynamicCode)]
    [RequiresUnreferencedCode(GpuRequirements.UnreferencedCode)]
    public GpuKernels(Accelerator accelerator)
    {
        Accelerator = accelerator ?? throw new ArgumentNullException(nameof(accelerator));
        cache = new KernelCache(accelerator);
        UnfoldsConvolutions = accelerator.AcceleratorType == AcceleratorType.Cuda || Environment.GetEnvironmentVariable(UnfoldVariable) == "1";
    }

    /// <summary>Setting this environment variable to 1 makes <see cref="UnfoldsConvolutions"/> true on any accelerator (for tests).</summary>
    public const string UnfoldVariable = "MODELGEN_GPU_UNFOLD";

    /// <summary>The accelerator the kernels run on.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>How many distinct kernels (specialisations) this library has loaded.</summary>
    public int LoadedKernelCount => cache.Count;

    /// <summary>
    /// The launch shape of a grid-stride kernel over <paramref name="elements"/> on this accelerator, for kernels that
    /// are not in the library: the generated elementwise kernels of a model's GPU session.
    /// </summary>
    public KernelConfig GridStride(long elements) => LaunchConfigs.GridStride(Accelerator, elements);

    private static void RequireLength<T>(ArrayView<T> view, long needed, string name)
        where T : unmanaged
    {
        if (view.Length < needed)
        {
            throw new ArgumentException($"{name} holds {view.Length} elements but the kernel reads or writes {needed}.", name);
        }
    }

    private static void RequireSameLength<T, TOther>(ArrayView<T> view, ArrayView<TOther> other, string name, string otherName)
        where T : unmanaged
        where TOther : unmanaged
    {
        if (view.Length != other.Length)
        {
            throw new ArgumentException($"{name} has {view.Length} elements and {otherName} has {other.Length}: they must match.", name);
        }
    }
}

using ILGPU;

namespace ModelGen.Gpu.Kernels;

/// <summary>The start and step of a grid-stride loop over a 1-D launch, in 64-bit indices.</summary>
/// <remarks>
/// Every elementwise kernel loops <c>for (i = Start; i &lt; n; i += Step)</c>, so a launch of a few groups covers any
/// length. That keeps launches small on the GPU (one wave of groups) and fast on ILGPU's CPU accelerator, where every
/// simulated thread is an OS thread (GPU-NOTES: 3 s one thread per element against 9 ms grid-stride at 1M elements).
/// </remarks>
internal static class GridStride
{
    /// <summary>This thread's first index.</summary>
    public static long Start => (long)Grid.IdxX * Group.DimX + Group.IdxX;

    /// <summary>The number of threads in the launch.</summary>
    public static long Step => (long)Grid.DimX * Group.DimX;
}

using System;
using ILGPU;
using ILGPU.Runtime;

namespace ModelGen.Gpu.Kernels;

/// <summary>Launch shapes for the explicitly grouped kernels, sized to the accelerator at hand.</summary>
internal static class LaunchConfigs
{
    /// <summary>The group size of the 1-D kernels: 256 on a GPU, or the accelerator's limit when smaller.</summary>
    public static int GroupSize(Accelerator accelerator) => Math.Min(256, accelerator.MaxNumThreadsPerGroup);

    /// <summary>
    /// A grid-stride launch over <paramref name="elements"/>: enough groups to fill the machine a few times over, never
    /// more than the work needs. On ILGPU's CPU accelerator one wave is best (each simulated thread is an OS thread).
    /// </summary>
    public static KernelConfig GridStride(Accelerator accelerator, long elements)
    {
        int group = GroupSize(accelerator);
        long needed = Math.Max(1, (elements + group - 1) / group);
        return new KernelConfig((int)Math.Min(needed, Waves(accelerator, group)), group);
    }

    /// <summary>
    /// One group per row (grid-striding when rows outnumber the cap), with the group as wide as the row up to 256
    /// threads, in whole warps (the group all-reduce works warp by warp).
    /// </summary>
    public static KernelConfig Rows(Accelerator accelerator, int rows, int cols)
    {
        int warp = accelerator.WarpSize;
        int group = Math.Min(GroupSize(accelerator), Math.Max(warp, (cols + warp - 1) / warp * warp));
        return new KernelConfig((int)Math.Min(rows, Waves(accelerator, group)), group);
    }

    private static long Waves(Accelerator accelerator, int group)
    {
        long resident = (long)accelerator.NumMultiprocessors * Math.Max(1, accelerator.MaxNumThreadsPerMultiprocessor / group);
        return accelerator.AcceleratorType == AcceleratorType.CPU ? resident : resident * 4;
    }
}

using ILGPU.Runtime;

namespace ModelGen.Gpu.Kernels.Gemm;

/// <summary>The tiles the host can launch, from the largest (the order of <see cref="GemmTileRule"/>'s tables).</summary>
public enum GemmTileSize
{
    /// <summary><see cref="GemmTile128"/>.</summary>
    Tile128,

    /// <summary><see cref="GemmTile64"/>.</summary>
    Tile64,

    /// <summary><see cref="GemmTile32"/>.</summary>
    Tile32,
}

/// <summary>
/// Picks a GEMM tile for a shape on the accelerator open, by <see cref="GemmTileRule"/>. A generated session whose
/// shape was static at build time passes the tile the generator chose by the same rule for its target GPU; this
/// class checks that choice against the accelerator actually open.
/// </summary>
internal static class GemmTileChoice
{
    /// <summary>The tile for this accelerator's group size and multiprocessor count.</summary>
    public static GemmTileSize Choose(Accelerator accelerator, in GemmArgs args, int batches) =>
        (GemmTileSize)GemmTileRule.Choose(args.M, args.N, batches, accelerator.MaxNumThreadsPerGroup, accelerator.NumMultiprocessors);

    /// <summary>
    /// <paramref name="buildTime"/> when its group fits the accelerator, else the run-time choice: a build for an H200
    /// may run on a smaller GPU or on the CPU accelerator, whose groups can be too small for the tile it named.
    /// </summary>
    public static GemmTileSize Choose(Accelerator accelerator, in GemmArgs args, int batches, GemmTileSize? buildTime) =>
        buildTime is GemmTileSize tile && GemmTileRule.Threads((int)tile) <= accelerator.MaxNumThreadsPerGroup
            ? tile
            : Choose(accelerator, args, batches);
}

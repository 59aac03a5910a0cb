using ILGPU.Runtime;

namespace ModelGen.Gpu.Kernels.Gemm;

/// <summary>The tiles the host can launch, from the largest.</summary>
public enum GemmTileSize
{
    /// <summary><see cref="GemmTile128"/>.</summary>
    Tile128,

    /// <summary><see cref="GemmTile64"/>.</summary>
    Tile64,

    /// <summary><see cref="GemmTile32"/>.</summary>
    Tile32,
}

/// <summary>Picks a GEMM tile for a shape on an accelerator, for callers that did not choose one at build time.</summary>
internal static class GemmTileChoice
{
    /// <summary>
    /// The largest tile whose group fits the accelerator and that still gives every multiprocessor a tile of C: a
    /// 128 tile has the most reuse per load, but on a 256×256 product it would keep 4 of an H200's 132 SMs busy.
    /// </summary>
    public static GemmTileSize Choose(Accelerator accelerator, in GemmArgs args, int batches)
    {
        if (Fits<GemmTile128>(accelerator, args, batches))
        {
            return GemmTileSize.Tile128;
        }

        return Fits<GemmTile64>(accelerator, args, batches) ? GemmTileSize.Tile64 : GemmTileSize.Tile32;
    }

    private static bool Fits<TTile>(Accelerator accelerator, in GemmArgs args, int batches)
        where TTile : struct, IGemmTile
    {
        TTile tile = default;
        long tiles = (long)((args.M + tile.BlockM - 1) / tile.BlockM) * ((args.N + tile.BlockN - 1) / tile.BlockN) * batches;
        return GemmTileInfo.Threads<TTile>() <= accelerator.MaxNumThreadsPerGroup && tiles >= accelerator.NumMultiprocessors;
    }
}

namespace ModelGen.Gpu.Kernels.Gemm;

/// <summary>
/// The blocking of the tiled SGEMM, as a struct type argument so every size is a compile-time constant in the
/// kernel: a group computes a BlockM×BlockN tile of C, staging BlockK-deep slices of A and B in shared memory, and
/// each of its (BlockM/ThreadM)·(BlockN/ThreadN) threads accumulates a ThreadM×ThreadN register block.
/// </summary>
public interface IGemmTile
{
    /// <summary>Rows of C per group.</summary>
    int BlockM { get; }

    /// <summary>Columns of C per group.</summary>
    int BlockN { get; }

    /// <summary>Depth of the shared-memory slices.</summary>
    int BlockK { get; }

    /// <summary>Rows of C per thread.</summary>
    int ThreadM { get; }

    /// <summary>Columns of C per thread.</summary>
    int ThreadN { get; }
}

/// <summary>128×128 tiles, 8×8 per thread, 256 threads: the large-GEMM tile (SGEMM 4096³ on an H200).</summary>
public readonly struct GemmTile128 : IGemmTile
{
    /// <inheritdoc/>
    public int BlockM => 128;

    /// <inheritdoc/>
    public int BlockN => 128;

    /// <inheritdoc/>
    public int BlockK => 8;

    /// <inheritdoc/>
    public int ThreadM => 8;

    /// <inheritdoc/>
    public int ThreadN => 8;
}

/// <summary>64×64 tiles, 4×4 per thread, 256 threads: mid-sized products, where 128 tiles leave SMs idle.</summary>
public readonly struct GemmTile64 : IGemmTile
{
    /// <inheritdoc/>
    public int BlockM => 64;

    /// <inheritdoc/>
    public int BlockN => 64;

    /// <inheritdoc/>
    public int BlockK => 8;

    /// <inheritdoc/>
    public int ThreadM => 4;

    /// <inheritdoc/>
    public int ThreadN => 4;
}

/// <summary>32×32 tiles, 4×4 per thread, 64 threads: small or skinny products (and accelerators with small groups).</summary>
public readonly struct GemmTile32 : IGemmTile
{
    /// <inheritdoc/>
    public int BlockM => 32;

    /// <inheritdoc/>
    public int BlockN => 32;

    /// <inheritdoc/>
    public int BlockK => 8;

    /// <inheritdoc/>
    public int ThreadM => 4;

    /// <inheritdoc/>
    public int ThreadN => 4;
}

/// <summary>Host-side facts about a tile type.</summary>
internal static class GemmTileInfo
{
    /// <summary>Threads per group for <typeparamref name="TTile"/>.</summary>
    public static int Threads<TTile>()
        where TTile : struct, IGemmTile
    {
        TTile tile = default;
        return tile.BlockM / tile.ThreadM * (tile.BlockN / tile.ThreadN);
    }
}

using ILGPU;
using ModelGen.Gpu.Kernels.Elementwise;

namespace ModelGen.Gpu.Kernels.Gemm;

/// <summary>
/// The blocking of the tiled SGEMM, as a struct type argument so every size is a compile-time constant in the
/// kernel: a group computes a BlockM×BlockN tile of C, staging BlockK-deep slices of A and B in shared memory, and
/// each of its (BlockM/ThreadM)·(BlockN/ThreadN) threads accumulates a ThreadM×ThreadN register block. The tile
/// value itself is that register block (a thread's <c>default(TTile)</c> is its zeroed sums).
/// </summary>
public interface IGemmTile
{
    /// <summary>Adds one k of the outer product (see <see cref="Block4x4.Accumulate"/>).</summary>
    void Accumulate(ArrayView<float> a, int aIndex, int aStride, ArrayView<float> b, int bIndex, int bStride);

    /// <summary>Stores the thread's block through the epilogue (see <see cref="Block4x4.Store"/>).</summary>
    void Store<TAct>(in GemmEpilogue<TAct> epilogue, int row, int rowStride, int col, int colStride)
        where TAct : struct, IUnaryOp;

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
public struct GemmTile128 : IGemmTile
{
    private Block8x8 block;

    /// <inheritdoc/>
    public void Accumulate(ArrayView<float> a, int aIndex, int aStride, ArrayView<float> b, int bIndex, int bStride) =>
        block.Accumulate(a, aIndex, aStride, b, bIndex, bStride);

    /// <inheritdoc/>
    public readonly void Store<TAct>(in GemmEpilogue<TAct> epilogue, int row, int rowStride, int col, int colStride)
        where TAct : struct, IUnaryOp => block.Store(epilogue, row, rowStride, col, colStride);

    /// <inheritdoc/>
    public readonly int BlockM => 128;

    /// <inheritdoc/>
    public readonly int BlockN => 128;

    /// <inheritdoc/>
    public readonly int BlockK => 8;

    /// <inheritdoc/>
    public readonly int ThreadM => 8;

    /// <inheritdoc/>
    public readonly int ThreadN => 8;
}

/// <summary>64×64 tiles, 4×4 per thread, 256 threads: mid-sized products, where 128 tiles leave SMs idle.</summary>
public struct GemmTile64 : IGemmTile
{
    private Block4x4 block;

    /// <inheritdoc/>
    public void Accumulate(ArrayView<float> a, int aIndex, int aStride, ArrayView<float> b, int bIndex, int bStride) =>
        block.Accumulate(a, aIndex, aStride, b, bIndex, bStride);

    /// <inheritdoc/>
    public readonly void Store<TAct>(in GemmEpilogue<TAct> epilogue, int row, int rowStride, int col, int colStride)
        where TAct : struct, IUnaryOp => block.Store(epilogue, row, rowStride, col, colStride);

    /// <inheritdoc/>
    public readonly int BlockM => 64;

    /// <inheritdoc/>
    public readonly int BlockN => 64;

    /// <inheritdoc/>
    public readonly int BlockK => 8;

    /// <inheritdoc/>
    public readonly int ThreadM => 4;

    /// <inheritdoc/>
    public readonly int ThreadN => 4;
}

/// <summary>32×32 tiles, 4×4 per thread, 64 threads: small or skinny products (and accelerators with small groups).</summary>
public struct GemmTile32 : IGemmTile
{
    private Block4x4 block;

    /// <inheritdoc/>
    public void Accumulate(ArrayView<float> a, int aIndex, int aStride, ArrayView<float> b, int bIndex, int bStride) =>
        block.Accumulate(a, aIndex, aStride, b, bIndex, bStride);

    /// <inheritdoc/>
    public readonly void Store<TAct>(in GemmEpilogue<TAct> epilogue, int row, int rowStride, int col, int colStride)
        where TAct : struct, IUnaryOp => block.Store(epilogue, row, rowStride, col, colStride);

    /// <inheritdoc/>
    public readonly int BlockM => 32;

    /// <inheritdoc/>
    public readonly int BlockN => 32;

    /// <inheritdoc/>
    public readonly int BlockK => 8;

    /// <inheritdoc/>
    public readonly int ThreadM => 4;

    /// <inheritdoc/>
    public readonly int ThreadN => 4;
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

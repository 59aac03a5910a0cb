using ModelGen.Compiler.Ir;
using ModelGen.Gpu.Kernels.Gemm;

namespace ModelGen.Compiler.Emit.Gpu
{
    /// <summary>
    /// The GPU a build chooses its launch parameters for, where a shape is known at build time: an NVIDIA H200 (sm_90,
    /// the PTX target of the tests). The facts are the ones the run-time choice reads from the accelerator, so a
    /// session built for this target launches what it would have chosen there, without the choice on every call. On
    /// another device the host checks the choice (a tile whose group does not fit falls back to the run-time choice),
    /// so a build for this target stays correct everywhere, and is only tuned for it.
    /// </summary>
    internal static class GpuTarget
    {
        /// <summary>Streaming multiprocessors of an H200 (SXM).</summary>
        public const int Multiprocessors = 132;

        /// <summary>Threads per group (CUDA block) on sm_90.</summary>
        public const int MaxThreadsPerGroup = 1024;

        // GemmTileSize's members, in its order (the rule's tile index); the generated code names them.
        private static readonly string[] TileNames = { "Tile128", "Tile64", "Tile32" };

        /// <summary>
        /// The GemmTileSize member (e.g. "Tile64") for an M×N product over <paramref name="batches"/> batches on this
        /// target, by the rule ModelGen.Gpu applies at run time; null when a size is symbolic (the host then chooses).
        /// </summary>
        public static string? GemmTile(Dim m, Dim n, Dim batches) =>
            m.IsStatic && n.IsStatic && batches.IsStatic
                ? TileNames[GemmTileRule.Choose(m.Value, n.Value, batches.Value, MaxThreadsPerGroup, Multiprocessors)]
                : null;
    }
}

namespace ModelGen.Gpu.Kernels.Gemm
{
    /// <summary>
    /// The GEMM tile rule as plain arithmetic, with no ILGPU in it: this file is compiled into ModelGen.Gpu
    /// (<c>GemmTileChoice</c>, at run time, for the accelerator open) and into ModelGen.Compiler (the GPU
    /// emitter, at build time, for its named target), so the two choices cannot drift apart.
    /// </summary>
    internal static class GemmTileRule
    {
        // Each tile's BlockM (= BlockN) and threads per group, in GemmTileSize's order (largest first). The compiler
        // cannot see the tile structs (GemmTiles.cs), so they are numbers here; a test checks them against the structs.
        private static readonly int[] Blocks = { 128, 64, 32 };
        private static readonly int[] GroupThreads = { 256, 256, 64 };

        /// <summary>How many tiles there are.</summary>
        public static int Count => Blocks.Length;

        /// <summary>Rows and columns of C per group of tile <paramref name="tile"/> (a GemmTileSize value).</summary>
        public static int Block(int tile) => Blocks[tile];

        /// <summary>Threads per group of tile <paramref name="tile"/> (a GemmTileSize value).</summary>
        public static int Threads(int tile) => GroupThreads[tile];

        /// <summary>
        /// The GemmTileSize value of the largest tile whose group fits <paramref name="maxThreadsPerGroup"/> and that
        /// still gives every multiprocessor a tile of C, else the smallest: a 128 tile has the most reuse per load, but
        /// on a 256×256 product it would keep 4 of an H200's 132 SMs busy.
        /// </summary>
        public static int Choose(long m, long n, long batches, int maxThreadsPerGroup, int multiprocessors)
        {
            for (int tile = 0; tile < Count - 1; tile++)
            {
                long block = Blocks[tile];
                long tiles = ((m + block - 1) / block) * ((n + block - 1) / block) * batches;
                if (GroupThreads[tile] <= maxThreadsPerGroup && tiles >= multiprocessors)
                {
                    return tile;
                }
            }

            return Count - 1;
        }
    }
}

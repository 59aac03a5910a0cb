using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Writing;
using ModelGen.Tests.Diagnostics;
using ModelGen.Tests.Infrastructure;
using Xunit;

namespace ModelGen.Tests.Generator
{
    /// <summary>
    /// A GPU session names the GEMM tile its static products get, chosen at build time for the H200 target (132 SMs,
    /// 1024 threads per group): the largest tile that still gives every SM a tile of C. A product with a symbolic dim
    /// names none, so the host chooses at run time. (The tiles themselves run in ModelGen.Gpu.Tests.)
    /// </summary>
    public sealed class GpuGemmTileTests
    {
        [Theory]
        // 16×16 tiles of 128: enough for 132 SMs.
        [InlineData(new[] { 2048, 8 }, new[] { 8, 2048 }, new[] { 2048, 2048 }, "Tile128")]
        // 8×8 = 64 tiles of 128 are too few; 16×16 of 64 are enough.
        [InlineData(new[] { 1024, 8 }, new[] { 8, 1024 }, new[] { 1024, 1024 }, "Tile64")]
        // Small: even tiles of 32 give only 2×2.
        [InlineData(new[] { 64, 8 }, new[] { 8, 64 }, new[] { 64, 64 }, "Tile32")]
        // 512×512 alone gets Tile32 (64 tiles of 64), but over 12 batches 4×4×12 = 192 tiles of 128.
        [InlineData(new[] { 512, 8 }, new[] { 8, 512 }, new[] { 512, 512 }, "Tile32")]
        [InlineData(new[] { 12, 512, 8 }, new[] { 12, 8, 512 }, new[] { 12, 512, 512 }, "Tile128")]
        public void A_static_matmul_names_the_tile_chosen_for_the_target(int[] aShape, int[] bShape, int[] yShape, string tile)
        {
            string session = GpuSession(m => m
                .Input("a", ElementType.Float, Dims(aShape)).Input("b", ElementType.Float, Dims(bShape))
                .Node("MatMul", ["a", "b"], ["y"])
                .Output("y", ElementType.Float, Dims(yShape)));
            Assert.Equal(new[] { "tile: global::ModelGen.Gpu.Kernels.Gemm.GemmTileSize." + tile }, Tiles(session));
            Assert.Contains("_kernels.MatMul(", session, StringComparison.Ordinal);
        }

        [Fact]
        public void A_static_convolution_names_the_tile_of_its_im2col_product()
        {
            // The unfolded product is 32 output channels × a 64×64 plane over 4 images: 1×32×4 = 128 tiles of 128 are
            // just too few, 1×64×4 of 64 are enough.
            string session = GpuSession(b => b
                .Input("x", ElementType.Float, new object?[] { 4, 16, 64, 64 })
                .Initializer("w", [32, 16, 3, 3], Enumerable.Range(0, 32 * 16 * 9).Select(i => (float)Math.Sin(i)).ToArray())
                .Node("Conv", ["x", "w"], ["y"], attributes: at => at.Ints("pads", 1, 1, 1, 1))
                .Output("y", ElementType.Float, new object?[] { 4, 32, 64, 64 }));
            Assert.Equal(new[] { "tile: global::ModelGen.Gpu.Kernels.Gemm.GemmTileSize.Tile64" }, Tiles(session));
        }

        [Fact]
        public void A_product_with_a_symbolic_dim_leaves_the_tile_to_the_host()
        {
            string session = GpuSession(b => b
                .Input("a", ElementType.Float, new object?[] { "N", 8 }).Input("b", ElementType.Float, new object?[] { 8, 2048 })
                .Node("MatMul", ["a", "b"], ["y"])
                .Output("y", ElementType.Float, new object?[] { "N", 2048 }));
            Assert.Contains("_kernels.MatMul(", session, StringComparison.Ordinal);
            Assert.Empty(Tiles(session));
        }

        /// <summary>The GPU session's source for a one-graph model (against an empty ModelGen.Gpu, as the MG0601 tests build it).</summary>
        private static string GpuSession(Func<OnnxModelBuilder, OnnxModelBuilder> body)
        {
            string path = Path.Combine(TestPaths.NewTempDir(), "tiles.onnx");
            body(new OnnxModelBuilder("tiles")).Save(path);
            var run = GeneratorHarness.Run("", new[] { new ModelItem(path) }, references: GeneratorHarness.References.Add(GpuFallbackDiagnosticTests.FakeGpuAssembly()));
            Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "MG0601");
            return run.Sources["Tiles.Gpu.g.cs"];
        }

        private static object?[] Dims(int[] shape) => shape.Cast<object?>().ToArray();

        private static string[] Tiles(string session) =>
            Regex.Matches(session, @"tile: [A-Za-z:.]*GemmTileSize\.\w+").Select(m => m.Value).ToArray();
    }
}

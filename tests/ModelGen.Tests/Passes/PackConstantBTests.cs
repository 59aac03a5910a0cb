using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Passes;
using Xunit;
using static ModelGen.Tests.Passes.PassTestHost;

namespace ModelGen.Tests.Passes
{
    /// <summary>pack-constant-b as IR text in, IR text out: which MatMuls read a B packed at load time.</summary>
    public sealed class PackConstantBTests
    {
        private static PackConstantB Pass() => new PackConstantB(new ProblemBag());

        [Fact]
        public void AMatMulByAWeightReadsItPacked()
        {
            // A [N,7,64] (rows N·7 at run time) by a weight [64,40]: two panels of 32 columns, the second half empty.
            var (changed, text) = Run(Pass(), @"
                graph dense(%a: float[N,7,64]) opset 13 {
                  init %w: float[64,40] = @file(0, 10240)
                  %y: float[N,7,40] = MatMul(%a, %w) @dense
                  return %y
                }");
            Assert.True(changed);
            AssertText(@"
                graph dense(%a: float[N,7,64]) opset 13 {
                  init %w: float[64,40] = @file(0, 10240)
                  %dense_packed_b: float[2,64,32] = ai.modelgen::PackMatMulB(%w) @dense_pack
                  %y: float[N,7,40] = ai.modelgen::PackedMatMul(%a, %dense_packed_b) @dense
                  return %y
                }", text);
        }

        [Fact]
        public void AGemmByATransposedWeightPacksItTransposed()
        {
            var (changed, text) = Run(Pass(), @"
                graph fc(%a: float[N,64]) opset 13 {
                  init %c: float[48] = @file(12288, 192)
                  init %w: float[48,64] = @file(0, 12288)
                  %y: float[N,48] = Gemm(%a, %w, %c) {transB = 1} @fc
                  return %y
                }");
            Assert.True(changed);
            Assert.Contains("%fc_packed_b: float[2,64,32] = ai.modelgen::PackMatMulB(%w) {transposed = 1} @fc_pack", text);
            Assert.Contains("%y: float[N,48] = ai.modelgen::PackedGemm(%a, %fc_packed_b, %c) {transB = 1} @fc", text);
        }

        [Fact]
        public void RunTimeBAFewRowsNarrowOrBatchedBStayAsTheyAre()
        {
            var text = @"
                graph keep(%a: float[8,64], %b: float[64,40], %g: float[2,64], %c: float[3,8,64]) opset 13 {
                  init %n: float[64,16] = @file(10240, 4096)
                  init %w: float[64,40] = @file(0, 10240)
                  init %wb: float[3,64,40] = @file(14336, 30720)
                  %y1: float[8,40] = MatMul(%a, %b) @runtime_b
                  %y2: float[2,40] = MatMul(%g, %w) @two_rows
                  %y3: float[8,16] = MatMul(%a, %n) @narrow
                  %y4: float[3,8,40] = MatMul(%c, %wb) @batched_b
                  return %y1, %y2, %y3, %y4
                }";
            var (changed, after) = Run(Pass(), text);
            Assert.False(changed);
            AssertText(text, after);
        }
    }
}

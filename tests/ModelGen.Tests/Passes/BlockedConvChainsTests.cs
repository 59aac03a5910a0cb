using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Passes.Layout;
using Xunit;
using static ModelGen.Tests.Passes.PassTestHost;

namespace ModelGen.Tests.Passes
{
    /// <summary>blocked-conv-chains as IR text in, IR text out: which convolutions join a blocked chain, and where the one reorder goes.</summary>
    public sealed class BlockedConvChainsTests
    {
        private static BlockedConvChains Pass() => new BlockedConvChains(new ProblemBag());

        [Fact]
        public void AChainRunsBlockedWithItsWeightsPackedAndOneReorderAtItsEnd()
        {
            // conv1 reads the plain input; conv2 reads conv1's blocked output; the graph output is reordered back, keeping its name.
            var (changed, text) = Run(Pass(), @"
                graph chain(%x: float[1,1,4,120], %w1: float[16,1,3,3], %b1: float[16], %w2: float[32,16,3,3]) opset 13 {
                  %c1: float[1,16,4,120] = Conv(%x, %w1, %b1) {pads = [1, 1, 1, 1]} @conv1
                  %y: float[1,32,4,120] = Conv(%c1, %w2) {pads = [1, 1, 1, 1]} @conv2
                  return %y
                }");
            Assert.True(changed);
            AssertText(@"
                graph chain(%x: float[1,1,4,120], %w1: float[16,1,3,3], %b1: float[16], %w2: float[32,16,3,3]) opset 13 {
                  %conv1_packed_weights: float[1,1,3,3,16] = ai.modelgen::PackBlockedWeights(%w1) @conv1_pack
                  %c1_blocked: float[1,1,4,120,16] = ai.modelgen::BlockedConv(%x, %conv1_packed_weights, %b1) {input_layout = ""nchw"", pads = [1, 1, 1, 1]} @conv1
                  %conv2_packed_weights: float[2,16,3,3,16] = ai.modelgen::PackBlockedWeights(%w2) @conv2_pack
                  %y_blocked: float[1,2,4,120,16] = ai.modelgen::BlockedConv(%c1_blocked, %conv2_packed_weights) {input_layout = ""nchw16c"", pads = [1, 1, 1, 1]} @conv2
                  %y: float[1,32,4,120] = ai.modelgen::FromBlocked(%y_blocked) {channels = 32} @conv2_from_blocked
                  return %y
                }", text);
        }

        [Fact]
        public void AMiddleOutputWithAnotherReaderIsReorderedForItAndTheChainGoesOn()
        {
            var (changed, text) = Run(Pass(), @"
                graph fork(%x: float[1,16,3,112], %w: float[16,16,3,3]) opset 13 {
                  %c1: float[1,16,3,112] = Conv(%x, %w) {pads = [1, 1, 1, 1]} @conv1
                  %s: float[1,16,3,112] = Sigmoid(%c1) @sigmoid
                  %y: float[1,16,3,112] = Conv(%c1, %w) {pads = [1, 1, 1, 1]} @conv2
                  return %s, %y
                }");
            Assert.True(changed);
            Assert.Contains("%c1: float[1,16,3,112] = ai.modelgen::FromBlocked(%c1_blocked) {channels = 16} @conv1_from_blocked", text);
            Assert.Contains("%s: float[1,16,3,112] = Sigmoid(%c1) @sigmoid", text);
            Assert.Contains("= ai.modelgen::BlockedConv(%c1_blocked, %conv2_packed_weights) {input_layout = \"nchw16c\"", text);
            Assert.Equal(2, System.Text.RegularExpressions.Regex.Matches(text, "FromBlocked\\(").Count);
        }

        [Fact]
        public void ConvolutionsTheBlockedKernelDoesNotPayForStayAsTheyAre()
        {
            // A lone convolution (no chain), a narrow output, a 1×1, 9 output channels, groups and dilations: nothing changes.
            var text = @"
                graph keep(%x: float[1,16,4,120], %n: float[1,16,4,64], %w: float[16,16,3,3], %p: float[16,16,1,1], %w9: float[9,16,3,3], %g: float[16,8,3,3]) opset 13 {
                  %lone: float[1,16,4,120] = Conv(%x, %w) {pads = [1, 1, 1, 1]} @lone
                  %n1: float[1,16,4,64] = Conv(%n, %w) {pads = [1, 1, 1, 1]} @narrow1
                  %n2: float[1,16,4,64] = Conv(%n1, %w) {pads = [1, 1, 1, 1]} @narrow2
                  %p1: float[1,16,4,120] = Conv(%x, %p) @pointwise1
                  %p2: float[1,16,4,120] = Conv(%p1, %p) @pointwise2
                  %c9: float[1,9,4,120] = Conv(%x, %w9) {pads = [1, 1, 1, 1]} @nine
                  %g1: float[1,16,4,120] = Conv(%x, %g) {group = 2, pads = [1, 1, 1, 1]} @grouped1
                  %g2: float[1,16,4,120] = Conv(%g1, %g) {group = 2, pads = [1, 1, 1, 1]} @grouped2
                  %d1: float[1,16,4,116] = Conv(%x, %w) {dilations = [1, 2], pads = [1, 0, 1, 0]} @dilated1
                  %d2: float[1,16,4,112] = Conv(%d1, %w) {dilations = [1, 2], pads = [1, 0, 1, 0]} @dilated2
                  return %lone, %n2, %p2, %c9, %g2, %d2
                }";
            var (changed, after) = Run(Pass(), text);
            Assert.False(changed);
            AssertText(text, after);
        }
    }
}

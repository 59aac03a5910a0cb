using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Passes;
using Xunit;
using static ModelGen.Tests.Passes.PassTestHost;

namespace ModelGen.Tests.Passes
{
    /// <summary>winograd-convolution as IR text in, IR text out: which 3×3 convolutions run by Winograd F(4×4, 3×3).</summary>
    public sealed class WinogradConvolutionTests
    {
        /// <summary>Epilogue fusion (so that a Relu or a residual Add after a Conv makes a FusedConv), then winograd-convolution.</summary>
        private static (bool Changed, string Text) Run(string text)
        {
            var g = Prepare(text);
            var problems = new ProblemBag();
            new EpilogueFusion(problems).Run(g, new OptimizationLog());
            bool changed = new WinogradConvolution(problems).Run(g, new OptimizationLog()) > 0;
            Assert.False(problems.HasErrors, string.Join("\n", problems.Items));
            Assert.Null(g.Verify());
            return (changed, IrPrinter.Print(g));
        }

        [Fact]
        public void AThreeByThreeConvByAWeightRunsByWinogradWithItsFiltersTransformed()
        {
            // 56×56 outputs: 196 tiles of 4×4, a batch sized at run time; the FusedConv keeps its epilogue.
            var (changed, text) = Run(@"
                graph conv(%x: float[N,16,56,56]) opset 13 {
                  init %w: float[32,16,3,3] = @file(0, 18432)
                  init %b: float[32] = @file(18432, 128)
                  %c: float[N,32,56,56] = Conv(%x, %w, %b) {pads = [1, 1, 1, 1]} @conv
                  %y: float[N,32,56,56] = Relu(%c) @relu
                  return %y
                }");
            Assert.True(changed);
            AssertText(@"
                graph conv(%x: float[N,16,56,56]) opset 13 {
                  init %b: float[32] = @file(18432, 128)
                  init %w: float[32,16,3,3] = @file(0, 18432)
                  %conv_winograd_weights: float[36,32,16] = ai.modelgen::WinogradWeights(%w) @conv_transform
                  %y: float[N,32,56,56] = ai.modelgen::WinogradConv(%x, %conv_winograd_weights, %b) {epilogue = ""max(acc, 0)"", pads = [1, 1, 1, 1]} @conv
                  return %y
                }", text);
        }

        [Fact]
        public void NineOutputChannelsTakeItWithThirtyTwoInputChannels()
        {
            // Super-resolution's last layer form: 32→9 at 40×41 (110 tiles, cut ones at the edges), no padding given, no bias.
            var (changed, text) = Run(@"
                graph last(%x: float[1,32,42,43]) opset 13 {
                  init %w: float[9,32,3,3] = @file(0, 10368)
                  %y: float[1,9,40,41] = Conv(%x, %w) @conv
                  return %y
                }");
            Assert.True(changed);
            Assert.Contains("%y: float[1,9,40,41] = ai.modelgen::WinogradConv(%x, %conv_winograd_weights) @conv", text, System.StringComparison.Ordinal);
        }

        [Fact]
        public void AResidualAddTheConvTookRunsInTheWinogradEpilogue()
        {
            // Relu(r + Conv(x, W)): the ResNet form, no bias; the residual keeps its slot after an empty bias.
            var (changed, text) = Run(@"
                graph block(%x: float[1,16,56,56], %r: float[1,16,56,56]) opset 13 {
                  init %w: float[16,16,3,3] = @file(0, 9216)
                  %c: float[1,16,56,56] = Conv(%x, %w) {pads = [1, 1, 1, 1]} @conv
                  %s: float[1,16,56,56] = Add(%r, %c) @add
                  %y: float[1,16,56,56] = Relu(%s) @relu
                  return %y
                }");
            Assert.True(changed);
            Assert.True(text.Contains("%y: float[1,16,56,56] = ai.modelgen::WinogradConv(%x, %conv_winograd_weights, _, %r) {epilogue = \"max(r + acc, 0)\", pads = [1, 1, 1, 1]} @conv",
                System.StringComparison.Ordinal), text);
        }

        [Fact]
        public void ConvolutionsWinogradDoesNotPayForStayAsTheyAre()
        {
            // Too few tiles (12×12: 9), too few channels (8→16, 16→8), 49 tiles with 16×16 channel pairs, a filter computed
            // at run time, 5×5, stride 2, dilation 2, groups: nothing changes.
            var text = @"
                graph keep(%x: float[1,16,28,28], %s: float[1,16,12,12], %e: float[1,8,28,28], %wr: float[16,16,3,3]) opset 13 {
                  init %w: float[16,16,3,3] = @file(0, 9216)
                  init %w8: float[8,16,3,3] = @file(9216, 4608)
                  init %we: float[16,8,3,3] = @file(13824, 4608)
                  init %w5: float[16,16,5,5] = @file(18432, 25600)
                  init %wg: float[16,8,3,3] = @file(44032, 4608)
                  %small: float[1,16,12,12] = Conv(%s, %w) {pads = [1, 1, 1, 1]} @small
                  %fewtiles: float[1,16,28,28] = Conv(%x, %w) {pads = [1, 1, 1, 1]} @fewtiles
                  %narrow: float[1,8,28,28] = Conv(%x, %w8) {pads = [1, 1, 1, 1]} @narrow
                  %few: float[1,16,28,28] = Conv(%e, %we) {pads = [1, 1, 1, 1]} @few
                  %runtime: float[1,16,28,28] = Conv(%x, %wr) {pads = [1, 1, 1, 1]} @runtime
                  %five: float[1,16,28,28] = Conv(%x, %w5) {pads = [2, 2, 2, 2]} @five
                  %strided: float[1,16,14,14] = Conv(%x, %w) {pads = [1, 1, 1, 1], strides = [2, 2]} @strided
                  %dilated: float[1,16,28,28] = Conv(%x, %w) {dilations = [2, 2], pads = [2, 2, 2, 2]} @dilated
                  %grouped: float[1,16,28,28] = Conv(%x, %wg) {group = 2, pads = [1, 1, 1, 1]} @grouped
                  return %small, %fewtiles, %narrow, %few, %runtime, %five, %strided, %dilated, %grouped
                }";
            var (changed, after) = Run(text);
            Assert.False(changed);
            Assert.DoesNotContain("Winograd", after, System.StringComparison.Ordinal);
        }
    }
}

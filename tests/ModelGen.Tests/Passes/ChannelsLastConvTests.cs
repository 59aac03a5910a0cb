using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Passes;
using ModelGen.Compiler.Passes.Layout;
using Xunit;
using static ModelGen.Tests.Passes.PassTestHost;

namespace ModelGen.Tests.Passes
{
    /// <summary>conv-channels-last as IR text in, IR text out: a Conv read only by a Transpose to channels-last writes that layout, and does not where it would be wrong.</summary>
    public sealed class ChannelsLastConvTests
    {
        private static ChannelsLastConvOutput Pass() => new ChannelsLastConvOutput(new ProblemBag());

        private static void Unchanged(IPass pass, string text)
        {
            var (changed, after) = Run(pass, text);
            Assert.False(changed);
            AssertText(text, after);
        }

        [Fact]
        public void AConvReadByATransposeToChannelsLastWritesThatLayout()
        {
            // The Conv's name stays, the Transpose's output keeps its name (a graph output here); no Transpose is left.
            var (changed, text) = Run(Pass(), @"
                graph head(%x: float[1,8,5,6], %w: float[6,8,1,1], %b: float[6]) opset 13 {
                  %c: float[1,6,5,6] = Conv(%x, %w, %b) @conv
                  %y: float[1,5,6,6] = Transpose(%c) {perm = [0, 2, 3, 1]} @transpose
                  return %y
                }");
            Assert.True(changed);
            AssertText(@"
                graph head(%x: float[1,8,5,6], %w: float[6,8,1,1], %b: float[6]) opset 13 {
                  %y: float[1,5,6,6] = ai.modelgen::ChannelsLastConv(%x, %w, %b) {layout = ""channels-last""} @conv
                  return %y
                }", text);
        }

        [Fact]
        public void A1DConvTakesPerm021()
        {
            var (changed, text) = Run(Pass(), @"
                graph line(%x: float[2,4,9], %w: float[3,4,3]) opset 13 {
                  %c: float[2,3,7] = Conv(%x, %w) @conv
                  %p: float[2,7,3] = Transpose(%c) {perm = [0, 2, 1]} @transpose
                  %y: float[2,7,3] = Relu(%p) @relu
                  return %y
                }");
            Assert.True(changed);
            Assert.Contains("%p: float[2,7,3] = ai.modelgen::ChannelsLastConv(%x, %w) {layout = \"channels-last\"} @conv", text);
            Assert.DoesNotContain("Transpose", text);
        }

        [Fact]
        public void OtherPermsSeveralReadersReturnedOutputsAndDepthwiseConvsStay()
        {
            // perm [0,3,1,2] is not channels-last; c2 has a second reader; c3 is returned; the depthwise Conv runs the direct loop, which writes planes.
            Unchanged(Pass(), @"
                graph keep(%x: float[1,4,5,6], %w: float[4,4,3,3], %d: float[4,1,3,3]) opset 13 {
                  %c1: float[1,4,3,4] = Conv(%x, %w) @conv1
                  %y1: float[1,4,4,3] = Transpose(%c1) {perm = [0, 3, 1, 2]} @t1
                  %c2: float[1,4,3,4] = Conv(%x, %w) @conv2
                  %y2: float[1,3,4,4] = Transpose(%c2) {perm = [0, 2, 3, 1]} @t2
                  %r2: float[1,4,3,4] = Relu(%c2) @relu2
                  %c3: float[1,4,3,4] = Conv(%x, %w) @conv3
                  %y3: float[1,3,4,4] = Transpose(%c3) {perm = [0, 2, 3, 1]} @t3
                  %c4: float[1,4,3,4] = Conv(%x, %d) {group = 4} @conv4
                  %y4: float[1,3,4,4] = Transpose(%c4) {perm = [0, 2, 3, 1]} @t4
                  return %y1, %y2, %r2, %y3, %c3, %y4
                }");
        }
    }
}

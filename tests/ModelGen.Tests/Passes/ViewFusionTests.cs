using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Passes;
using Xunit;
using static ModelGen.Tests.Passes.PassTestHost;

namespace ModelGen.Tests.Passes
{
    /// <summary>The view-fusion pass as IR text in, IR text out: Slices read through and Concats stored into by fused loops, and where it must not.</summary>
    public sealed class ViewFusionTests
    {
        /// <summary>Elementwise fusion, then view fusion, as the pass manager orders them.</summary>
        private static (int Views, string Text) FuseThenView(string text)
        {
            var g = Prepare(text);
            new ElementwiseFusion().Run(g, new OptimizationLog());
            Assert.Null(g.Verify());
            int views = new ViewFusion().Run(g, new OptimizationLog());
            Assert.Null(g.Verify());
            return (views, IrPrinter.Print(g));
        }

        /// <summary>s = x[:, 1:5]; y = relu(s)*w, returning <paramref name="returned"/>.</summary>
        private static string Sliced(string returned) => @"
                graph sliced(%x: float[2,6], %w: float[2,4]) opset 13 {
                  const %st: int64[1] = [1]
                  const %en: int64[1] = [5]
                  const %ax: int64[1] = [1]
                  %s: float[2,4] = Slice(%x, %st, %en, %ax) @slice
                  %r: float[2,4] = Relu(%s) @relu
                  %y: float[2,4] = Mul(%r, %w) @mul
                  return " + returned + @"
                }";

        [Fact]
        public void ALoopReadsThroughTheSliceThatFedIt()
        {
            // y = Fused(x, w) {a = x from element 1, strides [6, 1]}
            var (views, text) = FuseThenView(Sliced("%y"));
            Assert.Equal(1, views);
            Assert.Contains("%y: float[2,4] = ai.modelgen::FusedElementwise(%x, %w) {expr = \"max(a, 0)*b; a = view(+1, [6, 1])\"", text, System.StringComparison.Ordinal);
            Assert.DoesNotContain("Slice(", text, System.StringComparison.Ordinal);
        }

        [Fact]
        public void ASliceWithAnotherReaderStaysForIt()
        {
            var (views, text) = FuseThenView(Sliced("%y, %s"));
            Assert.Equal(1, views);
            Assert.Contains("FusedElementwise(%x, %w)", text, System.StringComparison.Ordinal);
            Assert.Contains("= Slice(%x, %st, %en, %ax) @slice", text, System.StringComparison.Ordinal);
        }

        [Fact]
        public void ASliceWithBoundsKnownOnlyAtRunTimeIsNotAbsorbed()
        {
            var (views, text) = FuseThenView(@"
                graph dynamic(%x: float[2,6], %w: float[2,1], %st: int64[1]) opset 13 {
                  const %en: int64[1] = [5]
                  const %ax: int64[1] = [1]
                  %s: float[2,n] = Slice(%x, %st, %en, %ax) @slice
                  %r: float[2,n] = Relu(%s) @relu
                  %y: float[2,n] = Mul(%r, %w) @mul
                  return %y
                }");
            Assert.Equal(0, views);
            Assert.Contains("FusedElementwise(%s, %w)", text, System.StringComparison.Ordinal);
        }

        /// <summary>z = Concat(exp(x), -x, axis 1), returning <paramref name="returned"/>.</summary>
        private static string Joined(string returned) => @"
                graph joined(%x: float[2,3]) opset 13 {
                  %a: float[2,3] = Exp(%x) @exp
                  %b: float[2,3] = Neg(%x) @neg
                  %z: float[2,6] = Concat(%a, %b) {axis = 1} @concat
                  return " + returned + @"
                }";

        [Fact]
        public void AConcatOfPointwisePiecesIsStoredByOneLoop()
        {
            // z = Fused(x) {z[.., 0:3] = exp(a); z[.., 3:6] = -a}
            var (views, text) = FuseThenView(Joined("%z"));
            Assert.Equal(1, views);
            Assert.Contains("%z: float[2,6] = ai.modelgen::FusedElementwise(%x) {expr = \"y0[+0] = exp(a); y0[+3] = ", text, System.StringComparison.Ordinal);
            Assert.DoesNotContain("Concat(", text, System.StringComparison.Ordinal);
            Assert.DoesNotContain("Exp(", text, System.StringComparison.Ordinal);
        }

        [Fact]
        public void AConcatWhosePieceIsAlsoAGraphOutputStays()
        {
            var (views, text) = FuseThenView(Joined("%z, %a"));
            Assert.Equal(0, views);
            Assert.Contains("Concat(%a, %b)", text, System.StringComparison.Ordinal);
        }

        [Fact]
        public void AConcatOfPiecesOfDifferentShapesStays()
        {
            var (views, text) = FuseThenView(@"
                graph uneven(%x: float[2,3], %v: float[2,2]) opset 13 {
                  %a: float[2,3] = Exp(%x) @exp
                  %b: float[2,2] = Neg(%v) @neg
                  %z: float[2,5] = Concat(%a, %b) {axis = 1} @concat
                  return %z
                }");
            Assert.Equal(0, views);
            Assert.Contains("Concat(%a, %b)", text, System.StringComparison.Ordinal);
        }

        [Fact]
        public void RunningAgainChangesNothing()
        {
            var g = Prepare(@"
                graph again(%x: float[2,6], %w: float[2,3]) opset 13 {
                  const %s0: int64[1] = [0]
                  const %s3: int64[1] = [3]
                  const %e6: int64[1] = [6]
                  const %ax: int64[1] = [1]
                  %l: float[2,3] = Slice(%x, %s0, %s3, %ax) @left
                  %r: float[2,3] = Slice(%x, %s3, %e6, %ax) @right
                  %a: float[2,3] = Mul(%l, %w) @mul
                  %b: float[2,3] = Add(%r, %w) @add
                  %z: float[2,6] = Concat(%a, %b) {axis = 1} @concat
                  return %z
                }");
            var pass = new ViewFusion();
            Assert.Equal(3, pass.Run(g, new OptimizationLog()));
            Assert.Null(g.Verify());
            Assert.Equal(0, pass.Run(g, new OptimizationLog()));
            Assert.Single(g.Nodes);
        }
    }
}

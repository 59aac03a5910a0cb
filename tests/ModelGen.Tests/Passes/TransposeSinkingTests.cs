using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Passes;
using ModelGen.Compiler.Passes.Layout;
using Xunit;
using static ModelGen.Tests.Passes.PassTestHost;

namespace ModelGen.Tests.Passes
{
    /// <summary>transpose-sinking as IR text in, IR text out: a Transpose moves below pointwise ops, and stays where moving it would be wrong or would add Transposes.</summary>
    public sealed class TransposeSinkingTests
    {
        private static TransposeSinking Sinking() => new TransposeSinking(new ProblemBag());

        private static void Unchanged(IPass pass, string text)
        {
            var (changed, after) = Run(pass, text);
            Assert.False(changed);
            AssertText(text, after);
        }

        [Fact]
        public void TransposeMovesBelowAUnaryOpAndMeetsItsInverse()
        {
            // Relu(Transpose(x, [1,2,0])) -> Transpose(Relu(x), [1,2,0]): the two Transposes now meet (algebraic identities cancels them).
            var (changed, text) = Run(Sinking(), @"
                graph sink(%x: float[2,3,4]) opset 13 {
                  %t: float[3,4,2] = Transpose(%x) {perm = [1, 2, 0]} @t1
                  %r: float[3,4,2] = Relu(%t) @relu
                  %y: float[2,3,4] = Transpose(%r) {perm = [2, 0, 1]} @t2
                  return %y
                }");
            Assert.True(changed);
            AssertText(@"
                graph sink(%x: float[2,3,4]) opset 13 {
                  %r_unpermuted: float[2,3,4] = Relu(%x) @relu
                  %r: float[3,4,2] = Transpose(%r_unpermuted) {perm = [1, 2, 0]} @t1
                  %y: float[2,3,4] = Transpose(%r) {perm = [2, 0, 1]} @t2
                  return %y
                }", text);
        }

        [Fact]
        public void AGraphOutputKeepsItsNameAndTheNewTransposeWritesIt()
        {
            var (changed, text) = Run(Sinking(), @"
                graph out(%x: float[2,3]) opset 13 {
                  %t: float[3,2] = Transpose(%x) {perm = [1, 0]} @t
                  %y: float[3,2] = Sigmoid(%t) @sigmoid
                  return %y
                }");
            Assert.True(changed);
            AssertText(@"
                graph out(%x: float[2,3]) opset 13 {
                  %y_unpermuted: float[2,3] = Sigmoid(%x) @sigmoid
                  %y: float[3,2] = Transpose(%y_unpermuted) {perm = [1, 0]} @t
                  return %y
                }", text);
        }

        [Fact]
        public void AConstantOperandIsPermutedAtBuildTimeAndAScalarStays()
        {
            // Add(Transpose(x, [1,0]), c[3,2]) -> Transpose(Add(x, Transpose(c, [1,0])), [1,0]); then, in the same run, the
            // Transpose goes on below the Mul by a scalar, which keeps the scalar.
            var (changed, text) = Run(Sinking(), @"
                graph bias(%x: float[2,3]) opset 13 {
                  const %c: float[3,2] = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
                  const %s: float[] = [2.0]
                  %t: float[3,2] = Transpose(%x) {perm = [1, 0]} @t
                  %a: float[3,2] = Add(%t, %c) @add
                  %y: float[3,2] = Mul(%s, %a) @mul
                  return %y
                }");
            Assert.True(changed);
            AssertText(@"
                graph bias(%x: float[2,3]) opset 13 {
                  const %c: float[3,2] = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
                  const %s: float[] = [2.0]
                  %c_permuted: float[2,3] = Transpose(%c) {perm = [1, 0]} @c_permuted
                  %a_unpermuted: float[2,3] = Add(%x, %c_permuted) @add
                  %y_unpermuted: float[2,3] = Mul(%s, %a_unpermuted) @mul
                  %y: float[3,2] = Transpose(%y_unpermuted) {perm = [1, 0]} @t
                  return %y
                }", text);
        }

        [Fact]
        public void ALowerRankConstantIsAlignedBeforeItIsPermuted()
        {
            // c[4] is aligned to the last axis of Transpose(x)[3,4] (axis 0 of x): c' = Transpose(Reshape(c, [1,4]), [1,0]) = [4,1].
            var (changed, text) = Run(Sinking(), @"
                graph row(%x: float[4,3]) opset 13 {
                  const %c: float[4] = [1, 2, 3, 4]
                  %t: float[3,4] = Transpose(%x) {perm = [1, 0]} @t
                  %y: float[3,4] = Sub(%t, %c) @sub
                  return %y
                }");
            Assert.True(changed);
            Assert.Contains("%c_ranked: float[1,4] = Reshape(%c, %c_rank_shape)", text);
            Assert.Contains("%c_permuted: float[4,1] = Transpose(%c_ranked) {perm = [1, 0]}", text);
            Assert.Contains("%y_unpermuted: float[4,3] = Sub(%x, %c_permuted) @sub", text);
            Assert.Contains("%y: float[3,4] = Transpose(%y_unpermuted) {perm = [1, 0]} @t", text);
        }

        [Fact]
        public void TwoTransposesWithOnePermBecomeOne()
        {
            var (changed, text) = Run(Sinking(), @"
                graph two(%x: float[2,3], %z: float[2,3]) opset 13 {
                  %a: float[3,2] = Transpose(%x) {perm = [1, 0]} @ta
                  %b: float[3,2] = Transpose(%z) {perm = [1, 0]} @tb
                  %y: float[3,2] = Mul(%a, %b) @mul
                  return %y
                }");
            Assert.True(changed);
            AssertText(@"
                graph two(%x: float[2,3], %z: float[2,3]) opset 13 {
                  %y_unpermuted: float[2,3] = Mul(%x, %z) @mul
                  %y: float[3,2] = Transpose(%y_unpermuted) {perm = [1, 0]} @ta
                  return %y
                }", text);
        }

        [Fact]
        public void ATransposeWithSeveralReadersStays()
        {
            // t is read by Relu and returned: moving it would add a Transpose.
            Unchanged(Sinking(), @"
                graph many(%x: float[2,3]) opset 13 {
                  %t: float[3,2] = Transpose(%x) {perm = [1, 0]} @t
                  %y: float[3,2] = Relu(%t) @relu
                  %z: float[3,2] = Exp(%t) @exp
                  return %y, %z, %t
                }");
        }

        [Fact]
        public void BroadcastingThatAddsAxesDifferentPermsAndRunTimeOperandsStay()
        {
            // c[2,3,2] broadcasts Transpose(x)[3,2] up to rank 3; the two perms differ; w is neither a weight, a scalar nor a Transpose.
            Unchanged(Sinking(), @"
                graph wrong(%x: float[2,3], %u: float[2,2,2], %w: float[3,2]) opset 13 {
                  const %c: float[2,3,2] = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0]
                  %t: float[3,2] = Transpose(%x) {perm = [1, 0]} @t
                  %a: float[2,3,2] = Add(%t, %c) @add
                  %p: float[2,2,2] = Transpose(%u) {perm = [1, 2, 0]} @p
                  %q: float[2,2,2] = Transpose(%u) {perm = [2, 0, 1]} @q
                  %d: float[2,2,2] = Add(%p, %q) @add_pq
                  %v: float[3,2] = Transpose(%x) {perm = [1, 0]} @v
                  %b: float[3,2] = Mul(%v, %w) @mul
                  return %a, %d, %b
                }");
        }

        [Fact]
        public void TransposeMovesBelowAViewThatOnlyDropsUnitAxes()
        {
            // Squeeze(Transpose(x[2,1,3], [2,0,1]), [2]) -> Transpose(Reshape(x, [2,3]), [1,0]): y[a,b] = x[b,0,a] either way.
            var (changed, text) = Run(Sinking(), @"
                graph squeeze(%x: float[2,1,3]) opset 13 {
                  const %axes: int64[1] = [2]
                  %t: float[3,2,1] = Transpose(%x) {perm = [2, 0, 1]} @t
                  %y: float[3,2] = Squeeze(%t, %axes) @squeeze
                  return %y
                }");
            Assert.True(changed);
            Assert.Contains("%y_unpermuted: float[2,3] = Reshape(%x, %squeeze_shape)", text);
            Assert.Contains("%y: float[3,2] = Transpose(%y_unpermuted) {perm = [1, 0]}", text);
            Assert.DoesNotContain("Squeeze(", text);
        }

        [Fact]
        public void ATransposeOfUnitAxesOnlyBecomesAReshape()
        {
            // Transpose(x[1,4,1,5], [2,1,0,3]) moves only 1s: with the Unsqueeze it is Reshape(x, [1,4,1,5,1]), no Transpose left.
            var (changed, text) = Run(Sinking(), @"
                graph units(%x: float[1,4,1,5]) opset 13 {
                  const %axes: int64[1] = [4]
                  %t: float[1,4,1,5] = Transpose(%x) {perm = [2, 1, 0, 3]} @t
                  %y: float[1,4,1,5,1] = Unsqueeze(%t, %axes) @unsqueeze
                  return %y
                }");
            Assert.True(changed);
            Assert.Contains("%y: float[1,4,1,5,1] = Reshape(%x, %unsqueeze_shape)", text);
            Assert.DoesNotContain("Transpose", text);
        }

        [Fact]
        public void AViewThatMergesAxesKeepsTheTransposeAbove()
        {
            // Reshape [3,4,2] -> [12,2] merges axes: not a unit-axis change, so the Transpose stays where it is.
            Unchanged(Sinking(), @"
                graph merge(%x: float[2,3,4]) opset 13 {
                  const %shape: int64[2] = [12, 2]
                  %t: float[3,4,2] = Transpose(%x) {perm = [1, 2, 0]} @t
                  %y: float[12,2] = Reshape(%t, %shape) @reshape
                  return %y
                }");
        }
    }
}

using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Passes;
using Xunit;
using static ModelGen.Tests.Passes.PassTestHost;

namespace ModelGen.Tests.Passes
{
    /// <summary>The elementwise-fusion pass as IR text in, IR text out: where it fuses, and where it must not.</summary>
    public sealed class ElementwiseFusionTests
    {
        [Fact]
        public void FusesAChainIntoOneNodeThatKeepsTheOutputName()
        {
            // y = exp(x*0.2)*p + q: three nodes, one loop; the scalar constant and the two tensors become operands a..d.
            var (changed, text) = Run(new ElementwiseFusion(), @"
                graph chain(%x: float[1,4420,2], %p: float[1,4420,2], %q: float[1,4420,2]) opset 13 {
                  const %s: float[] = [0.2]
                  %m: float[1,4420,2] = Mul(%x, %s) @Mul_226
                  %e: float[1,4420,2] = Exp(%m) @Exp_227
                  %t: float[1,4420,2] = Mul(%e, %p) @Mul_229
                  %y: float[1,4420,2] = Add(%t, %q) @Add_230
                  return %y
                }");
            Assert.True(changed);
            AssertText(@"
                graph chain(%x: float[1,4420,2], %p: float[1,4420,2], %q: float[1,4420,2]) opset 13 {
                  const %s: float[] = [0.2]
                  %y: float[1,4420,2] = ai.modelgen::FusedElementwise(%x, %s, %p, %q) {expr = ""exp(a*b)*c + d"", nodes = strings [""Mul_226"", ""Exp_227"", ""Mul_229"", ""Add_230""]} @Fused_Mul_226
                  return %y
                }", text);
        }

        [Fact]
        public void RunningAgainChangesNothing()
        {
            var g = Prepare(@"
                graph again(%x: float[3,5], %b: float[5]) opset 13 {
                  %a: float[3,5] = Add(%x, %b) @add
                  %r: float[3,5] = Relu(%a) @relu
                  %y: float[3,5] = Neg(%r) @neg
                  return %y
                }");
            var pass = new ElementwiseFusion();
            Assert.Equal(1, pass.Run(g, new OptimizationLog()));
            Assert.Equal(0, pass.Run(g, new OptimizationLog()));
            Assert.Null(g.Verify());
        }

        [Fact]
        public void ReadsAValueUsedTwiceAsOneOperandAndFusesDiamonds()
        {
            // x*sigmoid(x) (Swish) over an Add: the Add's output is read by both branches, all inside the group.
            var (changed, text) = Run(new ElementwiseFusion(), @"
                graph swish(%x: float[2,7], %b: float[2,7]) opset 13 {
                  %a: float[2,7] = Add(%x, %b) @add
                  %s: float[2,7] = Sigmoid(%a) @sigmoid
                  %y: float[2,7] = Mul(%a, %s) @mul
                  return %y
                }");
            Assert.True(changed);
            Assert.Contains("ai.modelgen::FusedElementwise(%x, %b)", text, System.StringComparison.Ordinal);
            Assert.DoesNotContain("Sigmoid(", text, System.StringComparison.Ordinal);
        }

        [Fact]
        public void StopsAtAValueReadOutsideTheGroup()
        {
            // %m is also read by the Concat: it stays materialised, so the Mul is not fused (and Exp+Add are).
            var (changed, text) = Run(new ElementwiseFusion(), @"
                graph shared(%x: float[4,3], %c: float[4,3]) opset 13 {
                  %m: float[4,3] = Mul(%x, %c) @mul
                  %e: float[4,3] = Exp(%m) @exp
                  %y: float[4,3] = Add(%e, %c) @add
                  %z: float[8,3] = Concat(%m, %y) {axis = 0} @concat
                  return %z
                }");
            Assert.True(changed);
            AssertText(@"
                graph shared(%x: float[4,3], %c: float[4,3]) opset 13 {
                  %m: float[4,3] = Mul(%x, %c) @mul
                  %y: float[4,3] = ai.modelgen::FusedElementwise(%m, %c) {expr = ""exp(a) + b"", nodes = strings [""exp"", ""add""]} @Fused_exp
                  %z: float[8,3] = Concat(%m, %y) {axis = 0} @concat
                  return %z
                }", text);
        }

        [Fact]
        public void CopiesACheapProducerIntoEachPointwiseReaderAndDropsIt()
        {
            // UltraFace's box corners after CSE: s = h/2 is read by both the Sub and the Add. Each group computes it
            // again, s goes, and the two groups (same shape, adjacent) become one loop with two outputs.
            var (changed, text) = Run(new ElementwiseFusion(), @"
                graph corners(%c: float[1,9,2], %h: float[1,9,2]) opset 13 {
                  const %two: float[] = [2.0]
                  %s: float[1,9,2] = Div(%h, %two) @Div_234
                  %lo: float[1,9,2] = Sub(%c, %s) @Sub_235
                  %hi: float[1,9,2] = Add(%c, %s) @Add_240
                  %y: float[1,9,4] = Concat(%lo, %hi) {axis = 2} @Concat_241
                  return %y
                }");
            Assert.True(changed);
            AssertText(@"
                graph corners(%c: float[1,9,2], %h: float[1,9,2]) opset 13 {
                  const %two: float[] = [2.0]
                  %lo: float[1,9,2], %hi: float[1,9,2] = ai.modelgen::FusedElementwise(%c, %h, %two) {expr = ""y0 = a - (b/c); y1 = a + (b/c)"", nodes = strings [""Div_234"", ""Sub_235"", ""Div_234"", ""Add_240""]} @Fused_Div_234_1
                  %y: float[1,9,4] = Concat(%lo, %hi) {axis = 2} @Concat_241
                  return %y
                }", text);
        }

        [Fact]
        public void StopsAtAGraphOutput()
        {
            // %e is a graph output: it must be written, so the Exp is the end of a group, not an intermediate.
            var (changed, text) = Run(new ElementwiseFusion(), @"
                graph outputs(%x: float[6]) opset 13 {
                  %e: float[6] = Exp(%x) @exp
                  %y: float[6] = Neg(%e) @neg
                  return %e, %y
                }");
            Assert.False(changed);
            Assert.Contains("Exp(%x) @exp", text, System.StringComparison.Ordinal);
            Assert.Contains("Neg(%e) @neg", text, System.StringComparison.Ordinal);
        }

        [Fact]
        public void DoesNotFuseAcrossATypeChange()
        {
            // The Cast converts, and the comparison computes in float but yields bool: nothing here computes in one type.
            var (changed, _) = Run(new ElementwiseFusion(), @"
                graph types(%x: float[5], %y: float[5]) opset 13 {
                  %c: int32[5] = Cast(%x) {to = 6} @cast
                  %n: int32[5] = Neg(%c) @neg
                  %l: bool[5] = Less(%x, %y) @less
                  %k: bool[5] = Not(%l) @not
                  return %n, %k
                }");
            Assert.False(changed);
        }

        [Fact]
        public void DoesNotFuseAnIntermediateOfASmallerShape()
        {
            // %s is [1,3] but the group's output is [4,3]: the intermediate would need its own loop, so Mul starts a new group.
            var (changed, text) = Run(new ElementwiseFusion(), @"
                graph shapes(%x: float[4,3], %a: float[1,3], %b: float[1,3]) opset 13 {
                  %s: float[1,3] = Mul(%a, %b) @small
                  %t: float[4,3] = Add(%x, %s) @broadcast
                  %y: float[4,3] = Relu(%t) @relu
                  return %y
                }");
            Assert.True(changed);
            Assert.Contains("%s: float[1,3] = Mul(%a, %b) @small", text, System.StringComparison.Ordinal);
            Assert.Contains("%y: float[4,3] = ai.modelgen::FusedElementwise(%x, %s) {expr = \"max(a + b, 0)\"", text, System.StringComparison.Ordinal);
        }

        [Fact]
        public void LeavesSingleNodesAndWeightOnlyNodesAlone()
        {
            // A lone Relu keeps its runtime kernel; Mul over two weights runs once (load-time stage), not in the loop.
            var (changed, _) = Run(new ElementwiseFusion(), @"
                graph alone(%x: float[3]) opset 13 {
                  init %w: float[3] = @file(0, 12)
                  init %v: float[3] = @file(12, 12)
                  %wv: float[3] = Mul(%w, %v) @weights
                  %y: float[3] = Relu(%x) @relu
                  %z: float[3] = Add(%y, %wv) @add
                  return %y, %z
                }");
            Assert.False(changed);
        }

        [Fact]
        public void FusesVariadicSumAndKeepsSymbolicDims()
        {
            var (changed, text) = Run(new ElementwiseFusion(), @"
                graph sum(%x: float[N,3], %y: float[N,3], %z: float[3]) opset 13 {
                  %s: float[N,3] = Sum(%x, %y, %z) @sum
                  %r: float[N,3] = Tanh(%s) @tanh
                  return %r
                }");
            Assert.True(changed);
            Assert.True(text.Contains("%r: float[N,3] = ai.modelgen::FusedElementwise(%x, %y, %z) {expr = \"tanh((a + b) + c)\"", System.StringComparison.Ordinal), text);
        }

        [Fact]
        public void FusesInsideBodies()
        {
            var (changed, text) = Run(new ElementwiseFusion(), @"
                graph branches(%c: bool[], %x: float[4]) opset 13 {
                  %y: float[4] = If(%c) {else_branch = graph else() {
                    %n: float[4] = Neg(%x) @neg
                    return %n
                  }, then_branch = graph then() {
                    %e: float[4] = Exp(%x) @exp
                    %t: float[4] = Abs(%e) @abs
                    return %t
                  }} @if
                  return %y
                }");
            Assert.True(changed);
            Assert.Contains("%t: float[4] = ai.modelgen::FusedElementwise(%x) {expr = \"abs(exp(a))\"", text, System.StringComparison.Ordinal);
            Assert.Contains("Neg(%x) @neg", text, System.StringComparison.Ordinal);
        }

        [Fact]
        public void MergesNearbyGroupsOverTheSameShapeIntoOneNodeWithTwoOutputs()
        {
            // Two chains over [4420,2] (box decoding): nothing between them reads the first, so they become one loop.
            var (changed, text) = Run(new ElementwiseFusion(), @"
                graph boxes(%x: float[4420,2], %w: float[4420,2], %p: float[4420,2]) opset 13 {
                  %a: float[4420,2] = Mul(%x, %p) @Mul_1
                  %b: float[4420,2] = Add(%a, %p) @Add_2
                  %c: float[4420,2] = Exp(%w) @Exp_3
                  %d: float[4420,2] = Mul(%c, %p) @Mul_4
                  %y: float[4420,4] = Concat(%b, %d) {axis = 1} @concat
                  return %y
                }");
            Assert.True(changed);
            AssertText(@"
                graph boxes(%x: float[4420,2], %w: float[4420,2], %p: float[4420,2]) opset 13 {
                  %b: float[4420,2], %d: float[4420,2] = ai.modelgen::FusedElementwise(%x, %p, %w) {expr = ""y0 = a*b + b; y1 = exp(c)*b"", nodes = strings [""Mul_1"", ""Add_2"", ""Exp_3"", ""Mul_4""]} @Fused_Mul_1
                  %y: float[4420,4] = Concat(%b, %d) {axis = 1} @concat
                  return %y
                }", text);
        }

        [Fact]
        public void DoesNotMergeGroupsWhenSomethingBetweenThemReadsTheFirst()
        {
            var (changed, text) = Run(new ElementwiseFusion(), @"
                graph between(%x: float[8], %w: float[8]) opset 13 {
                  %a: float[8] = Mul(%x, %w) @Mul_1
                  %b: float[8] = Exp(%a) @Exp_2
                  %s: float[8] = Softmax(%b) {axis = 0} @softmax
                  %c: float[8] = Neg(%w) @Neg_3
                  %d: float[8] = Abs(%c) @Abs_4
                  return %s, %d
                }");
            Assert.True(changed);
            Assert.Contains("%b: float[8] = ai.modelgen::FusedElementwise(%x, %w)", text, System.StringComparison.Ordinal);
            Assert.Contains("%d: float[8] = ai.modelgen::FusedElementwise(%w)", text, System.StringComparison.Ordinal);
        }

        [Fact]
        public void AModelNamingTheInternalDomainIsStillRejected()
        {
            var g = IrParser.Parse(@"
                graph user(%x: float[4]) opset 13 {
                  %y: float[4] = ai.modelgen::FusedElementwise(%x) @mine
                  return %y
                }");
            var problems = new ModelGen.Compiler.Diagnostics.ProblemBag();
            ModelGen.Compiler.Import.OpResolution.Check(g, problems);
            Assert.True(problems.HasErrors);
        }
    }
}

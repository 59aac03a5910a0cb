using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops;
using ModelGen.Compiler.Passes;
using ModelGen.Compiler.Passes.Canonical;
using Xunit;
using static ModelGen.Tests.Passes.PassTestHost;

namespace ModelGen.Tests.Passes
{
    /// <summary>The canonicalisation passes (identity elimination, CSE, algebraic identities) as IR text in, IR text out: each rewrite fires, and does not where it would be wrong.</summary>
    public sealed class CanonicalPassTests
    {
        private static IdentityElimination Identity() => new IdentityElimination(new ProblemBag());

        private static CommonSubexpressionElimination Cse() => new CommonSubexpressionElimination(new ProblemBag());

        private static AlgebraicIdentities Algebra() => new AlgebraicIdentities(new ProblemBag());

        private static void Unchanged(IPass pass, string text)
        {
            var (changed, after) = Run(pass, text);
            Assert.False(changed);
            AssertText(text, after);
        }

        // ---- identity-elimination ------------------------------------------------------------------------

        [Fact]
        public void IdentityEliminationRemovesIdentityDropoutSameTypeCastAndNoOpViews()
        {
            var (changed, text) = Run(Identity(), @"
                graph ids(%x: float[2,3]) opset 13 {
                  const %same: int64[2] = [2, 3]
                  const %no: bool[] = [0]
                  %a: float[2,3] = Identity(%x) @identity
                  %b: float[2,3] = Cast(%a) {to = 1} @cast
                  %c: float[2,3] = Dropout(%b) @dropout
                  %d: float[2,3] = Dropout(%c, _, %no) @dropout_false
                  %e: float[2,3] = Reshape(%d, %same) @reshape
                  %f: float[2,3] = Expand(%e, %same) @expand
                  %g: float[2,3] = Transpose(%f) {perm = [0, 1]} @transpose
                  %y: float[2,3] = Relu(%g) @relu
                  return %y
                }");
            Assert.True(changed);
            AssertText(@"
                graph ids(%x: float[2,3]) opset 13 {
                  const %no: bool[] = [0]
                  const %same: int64[2] = [2, 3]
                  %y: float[2,3] = Relu(%x) @relu
                  return %y
                }", text);
        }

        [Fact]
        public void IdentityEliminationKeepsNodesThatChangeSomething()
        {
            // A Cast to another type, a Reshape to another shape, a Transpose that swaps equal dims, a Dropout whose mask is read.
            Unchanged(Identity(), @"
                graph keep(%x: float[3,3]) opset 13 {
                  const %flat: int64[1] = [9]
                  %a: int32[3,3] = Cast(%x) {to = 6} @cast
                  %b: float[9] = Reshape(%x, %flat) @reshape
                  %c: float[3,3] = Transpose(%x) {perm = [1, 0]} @transpose
                  %d: float[3,3], %mask: bool[3,3] = Dropout(%x) @dropout
                  return %a, %b, %c, %d, %mask
                }");
        }

        [Fact]
        public void IdentityEliminationLetsTheProducerWriteAGraphOutput()
        {
            // y is a graph output: Relu writes y (the name survives), a goes.
            var (changed, text) = Run(Identity(), @"
                graph out(%x: float[4]) opset 13 {
                  %a: float[4] = Relu(%x) @relu
                  %y: float[4] = Identity(%a) @identity
                  return %y
                }");
            Assert.True(changed);
            AssertText(@"
                graph out(%x: float[4]) opset 13 {
                  %y: float[4] = Relu(%x) @relu
                  return %y
                }", text);
        }

        [Fact]
        public void IdentityEliminationKeepsAGraphOutputItCannotRename()
        {
            // The input is a graph input (no producer), or has another reader, or is itself returned: the copy stays.
            Unchanged(Identity(), @"
                graph out(%x: float[4]) opset 13 {
                  %y: float[4] = Identity(%x) @copy_input
                  %a: float[4] = Relu(%x) @relu
                  %z: float[4] = Identity(%a) @copy_shared
                  %w: float[4] = Exp(%a) @exp
                  %b: float[4] = Neg(%x) @neg
                  %v: float[4] = Identity(%b) @copy_returned
                  return %y, %z, %w, %b, %v
                }");
        }

        [Fact]
        public void IdentityEliminationKeepsABodyOutputsName()
        {
            // In the then-branch, t is the body's output: Exp writes it. The else-branch returns a captured value through an Identity, which stays.
            var (changed, text) = Run(Identity(), @"
                graph body(%x: float[2], %cond: bool[]) opset 13 {
                  %r: float[2] = If(%cond) {else_branch = graph else() {
                      %e: float[2] = Identity(%x) @else_copy
                      return %e
                    }, then_branch = graph then() {
                      %u: float[2] = Exp(%x) @exp
                      %t: float[2] = Identity(%u) @then_copy
                      return %t
                    }} @if
                  return %r
                }");
            Assert.True(changed);
            AssertText(@"
                graph body(%x: float[2], %cond: bool[]) opset 13 {
                  %r: float[2] = If(%cond) {else_branch = graph else() {
                      %e: float[2] = Identity(%x) @else_copy
                      return %e
                    }, then_branch = graph then() {
                      %t: float[2] = Exp(%x) @exp
                      return %t
                    }} @if
                  return %r
                }", text);
        }

        [Fact]
        public void ReadersAreInferredAgainSoTheirPlansReadTheNewValue()
        {
            // The Reshape's plan holds its run-time shape tensor: after the Identity goes it must name s, not the removed s2.
            var g = Prepare(@"
                graph plan(%x: float[6], %s: int64[2]) opset 13 {
                  %s2: int64[2] = Identity(%s) @identity
                  %y: float[?] = Reshape(%x, %s2) @reshape
                  return %y
                }");
            Assert.Equal(1, Identity().Run(g, new OptimizationLog()));
            Assert.Null(g.Verify());
            var reshape = System.Linq.Enumerable.Single(g.Nodes);
            Assert.Same(g.Values["s"], ((ModelGen.Compiler.Ops.Definitions.ReshapePlan)reshape.Plan!).RuntimeShape);
        }

        // ---- common-subexpression-elimination ------------------------------------------------------------

        [Fact]
        public void CseMergesEqualNodesAndEqualConstants()
        {
            // c1 and c2 hold the same bytes: merged first, so both Muls read c1 and are equal too.
            var (changed, text) = Run(Cse(), @"
                graph cse(%x: float[4]) opset 13 {
                  const %c1: float[] = [2.0]
                  const %c2: float[] = [2.0]
                  %a: float[4] = Relu(%x) @relu1
                  %b: float[4] = Relu(%x) @relu2
                  %m1: float[4] = Mul(%a, %c1) @mul1
                  %m2: float[4] = Mul(%b, %c2) @mul2
                  %y: float[4] = Add(%m1, %m2) @add
                  return %y
                }");
            Assert.True(changed);
            AssertText(@"
                graph cse(%x: float[4]) opset 13 {
                  const %c1: float[] = [2.0]
                  %a: float[4] = Relu(%x) @relu1
                  %m1: float[4] = Mul(%a, %c1) @mul1
                  %y: float[4] = Add(%m1, %m1) @add
                  return %y
                }", text);
        }

        [Fact]
        public void CseKeepsDifferentAttributesAndDifferentConstants()
        {
            // alpha differs; -0.0 and 0.0 differ in their bytes.
            Unchanged(Cse(), @"
                graph keep(%x: float[4]) opset 13 {
                  const %neg: float[] = [-0.0]
                  const %pos: float[] = [0.0]
                  %a: float[4] = LeakyRelu(%x) {alpha = 0.1} @leaky1
                  %b: float[4] = LeakyRelu(%x) {alpha = 0.2} @leaky2
                  %c: float[4] = Add(%x, %neg) @add_neg
                  %d: float[4] = Add(%x, %pos) @add_pos
                  return %a, %b, %c, %d
                }");
        }

        [Fact]
        public void CseNeverKeysRandomOps()
        {
            // Two random draws with the same inputs are two different tensors (ModelGen does not compile these ops yet; the key refuses them anyway).
            foreach (var op in new[] { "RandomNormal", "RandomUniform", "RandomNormalLike", "RandomUniformLike", "Multinomial", "Bernoulli" })
                Assert.Null(NodeKey.Of(new Node("draw", op, "", 13) { Plan = EmptyPlan.Instance }));
            Assert.NotNull(NodeKey.Of(new Node("relu", "Relu", "", 13) { Plan = EmptyPlan.Instance, Outputs = { new Value("y", ValueKind.Computed) } }));
        }

        [Fact]
        public void CseKeepsGraphOutputNames()
        {
            // b is returned, a is not: the first Exp writes b (a's readers read b). Two returned equal values both stay.
            var (changed, text) = Run(Cse(), @"
                graph out(%x: float[4]) opset 13 {
                  %a: float[4] = Exp(%x) @exp1
                  %n: float[4] = Neg(%a) @neg
                  %b: float[4] = Exp(%x) @exp2
                  %p: float[4] = Relu(%x) @relu1
                  %q: float[4] = Relu(%x) @relu2
                  return %n, %b, %p, %q
                }");
            Assert.True(changed);
            AssertText(@"
                graph out(%x: float[4]) opset 13 {
                  %b: float[4] = Exp(%x) @exp1
                  %n: float[4] = Neg(%b) @neg
                  %p: float[4] = Relu(%x) @relu1
                  %q: float[4] = Relu(%x) @relu2
                  return %n, %b, %p, %q
                }", text);
        }

        // ---- algebraic-identities ------------------------------------------------------------------------

        [Fact]
        public void NeutralOperandsFall()
        {
            // Mul(x, 1), Mul(1, ·), Add(0, ·), Sub(·, 0), Div(·, 1), Pow(·, 1) -> x (each an exact identity; see NeutralOperands).
            var (changed, text) = Run(Algebra(), @"
                graph neutral(%x: float[2,3]) opset 13 {
                  const %one: float[] = [1.0]
                  const %ones: float[3] = [1.0, 1.0, 1.0]
                  const %zero: float[1] = [0.0]
                  %a: float[2,3] = Mul(%x, %one) @mul
                  %b: float[2,3] = Mul(%ones, %a) @mul_left
                  %c: float[2,3] = Add(%zero, %b) @add_left
                  %d: float[2,3] = Sub(%c, %zero) @sub
                  %e: float[2,3] = Div(%d, %one) @div
                  %f: float[2,3] = Pow(%e, %one) @pow
                  %y: float[2,3] = Relu(%f) @relu
                  return %y
                }");
            Assert.True(changed);
            AssertText(@"
                graph neutral(%x: float[2,3]) opset 13 {
                  const %one: float[] = [1.0]
                  const %ones: float[3] = [1.0, 1.0, 1.0]
                  const %zero: float[1] = [0.0]
                  %y: float[2,3] = Relu(%x) @relu
                  return %y
                }", text);
        }

        [Fact]
        public void NeutralOperandsStayWhereTheyAreNotIdentities()
        {
            // A 1 that broadcasts x to a new shape, x·0 (NaN·0 is NaN), 0 − x, 1/x, a constant not all ones, an int64 base with a float exponent.
            Unchanged(Algebra(), @"
                graph keep(%x: float[3], %i: int64[3]) opset 13 {
                  const %mixed: float[3] = [1.0, 2.0, 1.0]
                  const %one: float[] = [1.0]
                  const %ones: float[2,3] = [1.0, 1.0, 1.0, 1.0, 1.0, 1.0]
                  const %zero: float[] = [0.0]
                  %a: float[2,3] = Mul(%x, %ones) @broadcast
                  %b: float[3] = Mul(%x, %zero) @times_zero
                  %c: float[3] = Sub(%zero, %x) @zero_minus
                  %d: float[3] = Div(%one, %x) @reciprocal
                  %e: float[3] = Mul(%x, %mixed) @mixed
                  %f: int64[3] = Pow(%i, %one) @int_pow
                  return %a, %b, %c, %d, %e, %f
                }");
        }

        [Fact]
        public void NeutralOperandKeepsAGraphOutputsName()
        {
            var (changed, text) = Run(Algebra(), @"
                graph out(%x: int32[4]) opset 13 {
                  const %zero: int32[] = [0]
                  %a: int32[4] = Abs(%x) @abs
                  %y: int32[4] = Add(%a, %zero) @add
                  %z: int32[4] = Add(%x, %zero) @add_input
                  return %y, %z
                }");
            Assert.True(changed);
            AssertText(@"
                graph out(%x: int32[4]) opset 13 {
                  const %zero: int32[] = [0]
                  %y: int32[4] = Abs(%x) @abs
                  %z: int32[4] = Add(%x, %zero) @add_input
                  return %y, %z
                }", text);
        }

        [Fact]
        public void ReshapeOfReshapeReadsTheFirstInput()
        {
            // Reshape(Reshape(x, [6, 4]), [2, 12]) -> Reshape(x, [2, 12]); with a -1 the static output shape becomes the target.
            var (changed, text) = Run(Algebra(), @"
                graph rr(%x: float[2,3,4]) opset 13 {
                  const %s1: int64[2] = [6, 4]
                  const %s2: int64[2] = [2, 12]
                  const %s3: int64[2] = [4, 6]
                  const %s4: int64[1] = [-1]
                  %a: float[6,4] = Reshape(%x, %s1) @inner
                  %y: float[2,12] = Reshape(%a, %s2) @outer
                  %b: float[4,6] = Reshape(%x, %s3) @inner2
                  %z: float[24] = Reshape(%b, %s4) @outer2
                  return %y, %z
                }");
            Assert.True(changed);
            AssertText(@"
                graph rr(%x: float[2,3,4]) opset 13 {
                  const %outer2_shape: int64[1] = [24]
                  const %s1: int64[2] = [6, 4]
                  const %s2: int64[2] = [2, 12]
                  const %s3: int64[2] = [4, 6]
                  const %s4: int64[1] = [-1]
                  %y: float[2,12] = Reshape(%x, %s2) @outer
                  %z: float[24] = Reshape(%x, %outer2_shape) @outer2
                  return %y, %z
                }", text);
        }

        [Fact]
        public void ReshapeOfReshapeStaysWhenTheTargetNeedsTheInnerShape()
        {
            // A 0 copies the inner dim and the output is symbolic: no static target to use. An inner result with two readers stays too.
            Unchanged(Algebra(), @"
                graph keep(%x: float[N,12], %v: float[2,6]) opset 13 {
                  const %s1: int64[3] = [0, 3, 4]
                  const %s2: int64[2] = [0, -1]
                  const %s3: int64[2] = [3, 4]
                  const %s4: int64[1] = [12]
                  %a: float[N,3,4] = Reshape(%x, %s1) @inner
                  %y: float[N,12] = Reshape(%a, %s2) @outer
                  %b: float[3,4] = Reshape(%v, %s3) @shared
                  %z: float[12] = Reshape(%b, %s4) @outer2
                  return %y, %z, %b
                }");
        }

        [Fact]
        public void SqueezeOfUnsqueezeAndBackAreTheInput()
        {
            // Squeeze(Unsqueeze(x, [0]), [0]) -> x; Unsqueeze(Squeeze(x, [1]), [1]) -> x: the shapes prove it.
            var (changed, text) = Run(Algebra(), @"
                graph sq(%x: float[3,1,4]) opset 13 {
                  const %a0: int64[1] = [0]
                  const %a1: int64[1] = [1]
                  %u: float[1,3,1,4] = Unsqueeze(%x, %a0) @unsqueeze
                  %s: float[3,1,4] = Squeeze(%u, %a0) @squeeze
                  %t: float[3,4] = Squeeze(%s, %a1) @squeeze2
                  %v: float[3,1,4] = Unsqueeze(%t, %a1) @unsqueeze2
                  %y: float[3,1,4] = Relu(%v) @relu
                  return %y
                }");
            Assert.True(changed);
            AssertText(@"
                graph sq(%x: float[3,1,4]) opset 13 {
                  const %a0: int64[1] = [0]
                  const %a1: int64[1] = [1]
                  %y: float[3,1,4] = Relu(%x) @relu
                  return %y
                }", text);
        }

        [Fact]
        public void TransposeOfTransposeComposesOrCancels()
        {
            // perm [1,2,0] then [2,0,1] is the identity: x. [0,2,1] then [1,0,2]: q[i] = p1[p2[i]] = [2,0,1].
            var (changed, text) = Run(Algebra(), @"
                graph tt(%x: float[2,3,4]) opset 13 {
                  %a: float[3,4,2] = Transpose(%x) {perm = [1, 2, 0]} @t1
                  %b: float[2,3,4] = Transpose(%a) {perm = [2, 0, 1]} @t2
                  %y: float[2,3,4] = Relu(%b) @relu
                  %c: float[2,4,3] = Transpose(%x) {perm = [0, 2, 1]} @t3
                  %z: float[4,2,3] = Transpose(%c) {perm = [1, 0, 2]} @t4
                  return %y, %z
                }");
            Assert.True(changed);
            AssertText(@"
                graph tt(%x: float[2,3,4]) opset 13 {
                  %y: float[2,3,4] = Relu(%x) @relu
                  %z: float[4,2,3] = Transpose(%x) {perm = [2, 0, 1]} @t4
                  return %y, %z
                }", text);
        }

        [Fact]
        public void TransposeOfTransposeReturnedKeepsItsName()
        {
            // y is returned: the pair becomes one Transpose with the identity perm writing y (identity elimination can then let x's producer write y).
            var (changed, text) = Run(Algebra(), @"
                graph tt(%x: float[2,3]) opset 13 {
                  %e: float[2,3] = Exp(%x) @exp
                  %a: float[3,2] = Transpose(%e) @t1
                  %y: float[2,3] = Transpose(%a) @t2
                  return %y
                }");
            Assert.True(changed);
            AssertText(@"
                graph tt(%x: float[2,3]) opset 13 {
                  %e: float[2,3] = Exp(%x) @exp
                  %y: float[2,3] = Transpose(%e) {perm = [0, 1]} @t2
                  return %y
                }", text);
            var (_, after) = Run(Identity(), text);
            AssertText(@"
                graph tt(%x: float[2,3]) opset 13 {
                  %y: float[2,3] = Exp(%x) @exp
                  return %y
                }", after);
        }
    }
}

using System.Linq;
using ModelGen.Compiler.Passes;
using ModelGen.Compiler.Passes.Patterns;
using Xunit;
using static ModelGen.Tests.Passes.PassTestHost;

namespace ModelGen.Tests.Passes
{
    /// <summary>The pattern passes as IR text: each fires on the exported form, and not where a constant, an axis or an outside reader is wrong.</summary>
    public sealed class PatternTextTests
    {
        private static bool Fires(IPass pass, string ir, string op)
        {
            var (changed, text) = Run(pass, ir);
            Assert.Equal(changed, text.Contains("= " + op + "(", System.StringComparison.Ordinal));
            return changed;
        }

        // ---- layernorm ---------------------------------------------------------------------------------------

        private const string LayerNorm = @"
            graph ln(%x: float[2,3,4]) opset 13 {
              init %beta: float[4] = [0.0, 0.1, 0.2, 0.3]
              const %eps: float[] = [1E-05]
              init %gamma: float[4] = [1.0, 2.0, 3.0, 4.0]
              const %two: float[] = [2.0]
              %mu: float[2,3,1] = ReduceMean(%x) {axes = [-1]} @mean
              %d: float[2,3,4] = Sub(%x, %mu) @center
              %sq: float[2,3,4] = Pow(%d, %two) @square
              %var: float[2,3,1] = ReduceMean(%sq) {axes = [-1]} @variance
              %ve: float[2,3,1] = Add(%var, %eps) @plus_eps
              %std: float[2,3,1] = Sqrt(%ve) @root
              %n: float[2,3,4] = Div(%d, %std) @normalize
              %g: float[2,3,4] = Mul(%n, %gamma) @scale
              %y: float[2,3,4] = Add(%g, %beta) @shift
              return %y
            }";

        [Fact]
        public void LayerNormFusesTheTorchExport()
        {
            var (changed, text) = Run(new LayerNormPattern(), LayerNorm);
            Assert.True(changed);
            AssertText(@"
                graph ln(%x: float[2,3,4]) opset 13 {
                  init %beta: float[4] = [0.0, 0.1, 0.2, 0.3]
                  const %eps: float[] = [1E-05]
                  init %gamma: float[4] = [1.0, 2.0, 3.0, 4.0]
                  const %two: float[] = [2.0]
                  %y: float[2,3,4] = LayerNormalization(%x, %gamma, %beta) {axis = 2, epsilon = 1E-05} @mean_layernorm
                  return %y
                }", text);
        }

        [Fact]
        public void LayerNormFusesTheOtherSpellings()
        {
            // Mul by Reciprocal(Sqrt), Pow(·, 0.5), d·d, no β, no γ, two trailing axes.
            string reciprocal = LayerNorm.Replace("%n: float[2,3,4] = Div(%d, %std) @normalize",
                "%inv: float[2,3,1] = Reciprocal(%std) @inverse\n              %n: float[2,3,4] = Mul(%inv, %d) @normalize");
            Assert.True(Fires(new LayerNormPattern(), reciprocal, "LayerNormalization"));
            string half = LayerNorm.Replace("%std: float[2,3,1] = Sqrt(%ve) @root", "%std: float[2,3,1] = Pow(%ve, %half) @root")
                .Replace("const %two: float[] = [2.0]", "const %half: float[] = [0.5]\n              const %two: float[] = [2.0]");
            Assert.True(Fires(new LayerNormPattern(), half, "LayerNormalization"));
            string square = LayerNorm.Replace("Pow(%d, %two)", "Mul(%d, %d)");
            Assert.True(Fires(new LayerNormPattern(), square, "LayerNormalization"));
            string noBeta = LayerNorm.Replace("%y: float[2,3,4] = Add(%g, %beta) @shift", "%y: float[2,3,4] = Relu(%g) @after");
            var (changed, text) = Run(new LayerNormPattern(), noBeta);
            Assert.True(changed);
            Assert.Contains("%g: float[2,3,4] = LayerNormalization(%x, %gamma) {axis = 2, epsilon = 1E-05}", text, System.StringComparison.Ordinal);
            string noGamma = LayerNorm.Replace("%g: float[2,3,4] = Mul(%n, %gamma) @scale\n", "").Replace("Add(%g, %beta)", "Add(%n, %beta)");
            (changed, text) = Run(new LayerNormPattern(), noGamma);
            Assert.True(changed);
            Assert.Contains("%y: float[2,3,4] = LayerNormalization(%x, %mean_ones, %beta) {axis = 2, epsilon = 1E-05}", text, System.StringComparison.Ordinal);
            Assert.Contains("const %mean_ones: float[1] = [1.0]", text, System.StringComparison.Ordinal);
            string twoAxes = LayerNorm.Replace("{axes = [-1]}", "{axes = [1, 2]}").Replace("float[2,3,1]", "float[2,1,1]");
            (changed, text) = Run(new LayerNormPattern(), twoAxes);
            Assert.True(changed);
            Assert.Contains("{axis = 1, epsilon = 1E-05}", text, System.StringComparison.Ordinal);
        }

        [Fact]
        public void LayerNormDoesNotFireWhereItWouldBeWrong()
        {
            // Not the last axis; the two means over different axes; ε not a build-time scalar; Pow(d, 3); the centred value read outside; σ² a graph output.
            Assert.False(Fires(new LayerNormPattern(), LayerNorm.Replace("{axes = [-1]}", "{axes = [1]}").Replace("float[2,3,1]", "float[2,1,4]"), "LayerNormalization"));
            Assert.False(Fires(new LayerNormPattern(), LayerNorm.Replace("ReduceMean(%sq) {axes = [-1]}", "ReduceMean(%sq) {axes = [1, 2]}")
                .Replace("%var: float[2,3,1]", "%var: float[2,1,1]"), "LayerNormalization"));
            Assert.False(Fires(new LayerNormPattern(), LayerNorm.Replace("const %two: float[] = [2.0]", "const %two: float[] = [3.0]"), "LayerNormalization"));
            Assert.False(Fires(new LayerNormPattern(), LayerNorm.Replace("graph ln(%x: float[2,3,4])", "graph ln(%x: float[2,3,4], %e: float[])").Replace("Add(%var, %eps)", "Add(%var, %e)"), "LayerNormalization"));
            Assert.False(Fires(new LayerNormPattern(), LayerNorm.Replace("%y: float[2,3,4] = Add(%g, %beta) @shift\n              return %y",
                "%y: float[2,3,4] = Add(%g, %beta) @shift\n              %z: float[2,3,4] = Add(%y, %d) @outside\n              return %z"), "LayerNormalization"));
            Assert.False(Fires(new LayerNormPattern(), LayerNorm.Replace("return %y", "return %y, %var"), "LayerNormalization"));
        }

        [Fact]
        public void LayerNormKeepsAnIntermediateThatIsAGraphOutputAsTheResult()
        {
            // n is a graph output: the fusion stops at n, and γ, β stay as they are.
            var (changed, text) = Run(new LayerNormPattern(), LayerNorm.Replace("return %y", "return %y, %n"));
            Assert.True(changed);
            Assert.Contains("%n: float[2,3,4] = LayerNormalization(%x, %mean_ones) {axis = 2, epsilon = 1E-05}", text, System.StringComparison.Ordinal);
            Assert.Contains("Mul(%n, %gamma)", text, System.StringComparison.Ordinal);
        }

        // ---- rmsnorm -----------------------------------------------------------------------------------------

        private const string RmsNorm = @"
            graph rms(%x: float[2,6]) opset 13 {
              const %eps: float[] = [1E-06]
              init %gamma: float[6] = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
              const %two: float[] = [2.0]
              %sq: float[2,6] = Pow(%x, %two) @square
              %ms: float[2,1] = ReduceMean(%sq) {axes = [-1]} @mean
              %ve: float[2,1] = Add(%ms, %eps) @plus_eps
              %std: float[2,1] = Sqrt(%ve) @root
              %inv: float[2,1] = Reciprocal(%std) @rsqrt
              %n: float[2,6] = Mul(%x, %inv) @normalize
              %y: float[2,6] = Mul(%gamma, %n) @scale
              return %y
            }";

        [Fact]
        public void RmsNormFusesTheLlamaExport()
        {
            var (changed, text) = Run(new RmsNormPattern(), RmsNorm);
            Assert.True(changed);
            AssertText(@"
                graph rms(%x: float[2,6]) opset 13 {
                  const %eps: float[] = [1E-06]
                  init %gamma: float[6] = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
                  const %two: float[] = [2.0]
                  %y: float[2,6] = RMSNormalization(%x, %gamma) {axis = 1, epsilon = 1E-06} @mean_rmsnorm
                  return %y
                }", text);
            Assert.True(Fires(new RmsNormPattern(), RmsNorm.Replace("%inv: float[2,1] = Reciprocal(%std) @rsqrt\n", "").Replace("Mul(%x, %inv)", "Div(%x, %std)"), "RMSNormalization"));
        }

        [Fact]
        public void RmsNormDoesNotFireWhereItWouldBeWrong()
        {
            Assert.False(Fires(new RmsNormPattern(), RmsNorm.Replace("{axes = [-1]}", "{axes = [0]}").Replace("float[2,1]", "float[1,6]"), "RMSNormalization"));
            Assert.False(Fires(new RmsNormPattern(), RmsNorm.Replace("const %two: float[] = [2.0]", "const %two: float[] = [2.5]"), "RMSNormalization"));
            Assert.False(Fires(new RmsNormPattern(), RmsNorm.Replace("return %y", "return %y, %std"), "RMSNormalization"));
            Assert.False(Fires(new RmsNormPattern(), RmsNorm.Replace("return %y", "%z: float[2,6] = Add(%y, %sq) @outside\n              return %z"), "RMSNormalization"));
            // The mean of x² multiplies another tensor than x.
            Assert.False(Fires(new RmsNormPattern(), RmsNorm.Replace("graph rms(%x: float[2,6])", "graph rms(%x: float[2,6], %w: float[2,6])").Replace("Mul(%x, %inv)", "Mul(%w, %inv)"), "RMSNormalization"));
        }

        // ---- gelu --------------------------------------------------------------------------------------------

        private const string GeluErf = @"
            graph gelu(%x: float[3,5]) opset 13 {
              const %half: float[] = [0.5]
              const %one: float[] = [1.0]
              const %sqrt2: float[] = [1.4142135]
              %u: float[3,5] = Div(%x, %sqrt2) @scale
              %e: float[3,5] = Erf(%u) @erf
              %a: float[3,5] = Add(%e, %one) @one_plus
              %m: float[3,5] = Mul(%x, %a) @times_x
              %y: float[3,5] = Mul(%m, %half) @halve
              return %y
            }";

        [Fact]
        public void GeluFusesTheErfForm()
        {
            var (changed, text) = Run(new GeluPattern(), GeluErf);
            Assert.True(changed);
            AssertText(@"
                graph gelu(%x: float[3,5]) opset 13 {
                  const %half: float[] = [0.5]
                  const %one: float[] = [1.0]
                  const %sqrt2: float[] = [1.4142135]
                  %y: float[3,5] = Gelu(%x) {approximate = ""none""} @erf_gelu
                  return %y
                }", text);
            // x · (1/√2); ½ first; (1 + erf) · ½ then · x.
            Assert.True(Fires(new GeluPattern(), GeluErf.Replace("Div(%x, %sqrt2)", "Mul(%sqrt2, %x)").Replace("[1.4142135]", "[0.70710677]"), "Gelu"));
            Assert.True(Fires(new GeluPattern(), GeluErf.Replace("%m: float[3,5] = Mul(%x, %a) @times_x\n              %y: float[3,5] = Mul(%m, %half) @halve",
                "%m: float[3,5] = Mul(%half, %x) @halve\n              %y: float[3,5] = Mul(%m, %a) @times_x"), "Gelu"));
            Assert.True(Fires(new GeluPattern(), GeluErf.Replace("%m: float[3,5] = Mul(%x, %a) @times_x\n              %y: float[3,5] = Mul(%m, %half) @halve",
                "%m: float[3,5] = Mul(%a, %half) @halve\n              %y: float[3,5] = Mul(%x, %m) @times_x"), "Gelu"));
        }

        [Fact]
        public void GeluDoesNotFireWhereItWouldBeWrong()
        {
            Assert.False(Fires(new GeluPattern(), GeluErf.Replace("[1.4142135]", "[1.5]"), "Gelu"));
            Assert.False(Fires(new GeluPattern(), GeluErf.Replace("const %half: float[] = [0.5]", "const %half: float[] = [0.25]"), "Gelu"));
            Assert.False(Fires(new GeluPattern(), GeluErf.Replace("const %one: float[] = [1.0]", "const %one: float[] = [2.0]"), "Gelu"));
            Assert.False(Fires(new GeluPattern(), GeluErf.Replace("return %y", "return %y, %e"), "Gelu"));
            Assert.False(Fires(new GeluPattern(), GeluErf.Replace("return %y", "%z: float[3,5] = Add(%y, %a) @outside\n              return %z"), "Gelu"));
            // The product multiplies another tensor than the one inside erf.
            Assert.False(Fires(new GeluPattern(), GeluErf.Replace("graph gelu(%x: float[3,5])", "graph gelu(%x: float[3,5], %w: float[3,5])").Replace("Mul(%x, %a)", "Mul(%w, %a)"), "Gelu"));
        }

        private const string GeluTanh = @"
            graph gelu(%x: float[3,5]) opset 13 {
              const %c: float[] = [0.044715]
              const %half: float[] = [0.5]
              const %k: float[] = [0.7978846]
              const %one: float[] = [1.0]
              const %three: float[] = [3.0]
              %cube: float[3,5] = Pow(%x, %three) @cube
              %t: float[3,5] = Mul(%c, %cube) @term
              %s: float[3,5] = Add(%x, %t) @inner
              %w: float[3,5] = Mul(%k, %s) @scale
              %h: float[3,5] = Tanh(%w) @tanh
              %a: float[3,5] = Add(%one, %h) @one_plus
              %hx: float[3,5] = Mul(%half, %x) @halve
              %y: float[3,5] = Mul(%hx, %a) @product
              return %y
            }";

        [Fact]
        public void GeluFusesTheTanhForm()
        {
            var (changed, text) = Run(new GeluPattern(), GeluTanh);
            Assert.True(changed);
            Assert.Contains("%y: float[3,5] = Gelu(%x) {approximate = \"tanh\"} @tanh_gelu", text, System.StringComparison.Ordinal);
            Assert.DoesNotContain("Tanh(", text, System.StringComparison.Ordinal);
            // x³ as x·(x·x).
            Assert.True(Fires(new GeluPattern(), GeluTanh.Replace("%cube: float[3,5] = Pow(%x, %three) @cube",
                "%xx: float[3,5] = Mul(%x, %x) @square\n              %cube: float[3,5] = Mul(%x, %xx) @cube"), "Gelu"));
            Assert.False(Fires(new GeluPattern(), GeluTanh.Replace("[0.044715]", "[0.05]"), "Gelu"));
            Assert.False(Fires(new GeluPattern(), GeluTanh.Replace("[0.7978846]", "[0.8]"), "Gelu"));
            Assert.False(Fires(new GeluPattern(), GeluTanh.Replace("return %y", "return %y, %cube"), "Gelu"));
        }

        // ---- hardswish ---------------------------------------------------------------------------------------

        private const string HardSwishClip = @"
            graph hs(%x: float[4,3]) opset 13 {
              const %six: float[] = [6.0]
              const %three: float[] = [3.0]
              const %zero: float[] = [0.0]
              %a: float[4,3] = Add(%x, %three) @plus3
              %r: float[4,3] = Clip(%a, %zero, %six) @relu6
              %m: float[4,3] = Mul(%x, %r) @times_x
              %y: float[4,3] = Div(%m, %six) @over6
              return %y
            }";

        [Fact]
        public void HardSwishFusesItsSpellings()
        {
            var (changed, text) = Run(new HardSwishPattern(), HardSwishClip);
            Assert.True(changed);
            Assert.Contains("%y: float[4,3] = HardSwish(%x) @plus3_hardswish", text, System.StringComparison.Ordinal);
            Assert.True(Fires(new HardSwishPattern(), HardSwishClip.Replace("%r: float[4,3] = Clip(%a, %zero, %six) @relu6",
                "%r0: float[4,3] = Max(%a, %zero) @max\n              %r: float[4,3] = Min(%r0, %six) @min"), "HardSwish"));
            Assert.True(Fires(new HardSwishPattern(), HardSwishClip.Replace("%r: float[4,3] = Clip(%a, %zero, %six) @relu6",
                "%r0: float[4,3] = Relu(%a) @relu\n              %r: float[4,3] = Min(%r0, %six) @min"), "HardSwish"));
            Assert.True(Fires(new HardSwishPattern(), HardSwishClip.Replace("%m: float[4,3] = Mul(%x, %r) @times_x\n              %y: float[4,3] = Div(%m, %six) @over6",
                "%m: float[4,3] = Div(%r, %six) @over6\n              %y: float[4,3] = Mul(%m, %x) @times_x"), "HardSwish"));
            Assert.True(Fires(new HardSwishPattern(), @"
                graph hs(%x: float[4,3]) opset 13 {
                  %h: float[4,3] = HardSigmoid(%x) {alpha = 0.16666667, beta = 0.5} @hsig
                  %y: float[4,3] = Mul(%x, %h) @times_x
                  return %y
                }", "HardSwish"));
        }

        [Fact]
        public void HardSwishDoesNotFireWhereItWouldBeWrong()
        {
            Assert.False(Fires(new HardSwishPattern(), HardSwishClip.Replace("const %three: float[] = [3.0]", "const %three: float[] = [2.0]"), "HardSwish"));
            Assert.False(Fires(new HardSwishPattern(), HardSwishClip.Replace("%y: float[4,3] = Div(%m, %six) @over6", "%y: float[4,3] = Div(%m, %three) @over6"), "HardSwish"));
            Assert.False(Fires(new HardSwishPattern(), HardSwishClip.Replace("return %y", "return %y, %r"), "HardSwish"));
            Assert.False(Fires(new HardSwishPattern(), HardSwishClip.Replace("return %y", "%z: float[4,3] = Add(%y, %a) @outside\n              return %z"), "HardSwish"));
            Assert.False(Fires(new HardSwishPattern(), @"
                graph hs(%x: float[4,3]) opset 13 {
                  %h: float[4,3] = HardSigmoid(%x) @hsig
                  %y: float[4,3] = Mul(%x, %h) @times_x
                  return %y
                }", "HardSwish"));
        }

        // ---- softmax -----------------------------------------------------------------------------------------

        private const string Softmax = @"
            graph sm(%x: float[2,3,5]) opset 13 {
              const %axes: int64[1] = [-1]
              %mx: float[2,3,1] = ReduceMax(%x) {axes = [-1]} @max
              %d: float[2,3,5] = Sub(%x, %mx) @shift
              %e: float[2,3,5] = Exp(%d) @exp
              %s: float[2,3,1] = ReduceSum(%e, %axes) @sum
              %y: float[2,3,5] = Div(%e, %s) @normalize
              return %y
            }";

        [Fact]
        public void SoftmaxFusesBothWrittenForms()
        {
            var (changed, text) = Run(new SoftmaxPattern(), Softmax);
            Assert.True(changed);
            AssertText(@"
                graph sm(%x: float[2,3,5]) opset 13 {
                  const %axes: int64[1] = [-1]
                  %y: float[2,3,5] = Softmax(%x) {axis = -1} @exp_softmax
                  return %y
                }", text);
            Assert.True(Fires(new SoftmaxPattern(), Softmax.Replace("%mx: float[2,3,1] = ReduceMax(%x) {axes = [-1]} @max\n", "")
                .Replace("%d: float[2,3,5] = Sub(%x, %mx) @shift\n", "").Replace("Exp(%d)", "Exp(%x)"), "Softmax"));
        }

        [Fact]
        public void SoftmaxDoesNotFireWhereItWouldBeWrong()
        {
            Assert.False(Fires(new SoftmaxPattern(), Softmax.Replace("const %axes: int64[1] = [-1]", "const %axes: int64[1] = [1]").Replace("%s: float[2,3,1]", "%s: float[2,1,5]"), "Softmax"));
            Assert.False(Fires(new SoftmaxPattern(), Softmax.Replace("return %y", "return %y, %e"), "Softmax"));
            Assert.False(Fires(new SoftmaxPattern(), Softmax.Replace("return %y", "%z: float[2,3,1] = Add(%s, %s) @outside\n              return %y, %z"), "Softmax"));
            // The max of another tensor: x − max(w) is not softmax's shift (still exp/sum of it, which fuses as Softmax of d).
            var (changed, text) = Run(new SoftmaxPattern(), Softmax.Replace("graph sm(%x: float[2,3,5])", "graph sm(%x: float[2,3,5], %w: float[2,3,5])").Replace("ReduceMax(%x)", "ReduceMax(%w)"));
            Assert.True(changed);
            Assert.Contains("Softmax(%d)", text, System.StringComparison.Ordinal);
        }

        // ---- attention ---------------------------------------------------------------------------------------

        private const string Attention = @"
            graph attn(%q: float[B,2,4,8], %k: float[B,4,2,8], %v: float[B,2,4,8], %mask: float[B,1,1,4]) opset 13 {
              const %scale: float[] = [2.828427]
              %kt: float[B,2,8,4] = Transpose(%k) {perm = [0, 2, 3, 1]} @keys_t
              %qk: float[B,2,4,4] = MatMul(%q, %kt) @scores
              %sc: float[B,2,4,4] = Div(%qk, %scale) @scaled
              %am: float[B,2,4,4] = Add(%sc, %mask) @masked
              %p: float[B,2,4,4] = Softmax(%am) {axis = -1} @softmax
              %y: float[B,2,4,8] = MatMul(%p, %v) @context
              return %y
            }";

        [Fact]
        public void AttentionFusesTheBertBlock()
        {
            var (changed, text) = Run(new AttentionPattern(), Attention);
            Assert.True(changed);
            AssertText(@"
                graph attn(%q: float[B,2,4,8], %k: float[B,4,2,8], %v: float[B,2,4,8], %mask: float[B,1,1,4]) opset 13 {
                  const %scale: float[] = [2.828427]
                  %scores_keys: float[B,2,4,8] = Transpose(%k) {perm = [0, 2, 1, 3]} @scores_keys
                  %y: float[B,2,4,8] = Attention(%q, %scores_keys, %v, %mask) {modelgen_fully_masked_rows_nan = 1, scale = 0.35355338} @softmax_attention
                  return %y
                }", text);
            // Kᵀ by swapping the last two axes of a 4-D K: K is read as it is; Mul by the scale; no mask.
            (changed, text) = Run(new AttentionPattern(), Attention.Replace("%k: float[B,4,2,8]", "%k: float[B,2,4,8]").Replace("{perm = [0, 2, 3, 1]}", "{perm = [0, 1, 3, 2]}"));
            Assert.True(changed);
            Assert.Contains("Attention(%q, %k, %v, %mask)", text, System.StringComparison.Ordinal);
            Assert.True(Fires(new AttentionPattern(), Attention.Replace("Div(%qk, %scale)", "Mul(%scale, %qk)").Replace("[2.828427]", "[0.35355338]"), "Attention"));
            Assert.True(Fires(new AttentionPattern(), Attention.Replace("%am: float[B,2,4,4] = Add(%sc, %mask) @masked\n", "").Replace("Softmax(%am)", "Softmax(%sc)"), "Attention"));
        }

        [Fact]
        public void AttentionDoesNotFireWhereItWouldBeWrong()
        {
            // A mask whose last dim broadcasts (Attention would pad it with −∞); the scores read outside; softmax not over the last axis.
            Assert.False(Fires(new AttentionPattern(), Attention.Replace("%mask: float[B,1,1,4]", "%mask: float[B,1,4,1]"), "Attention"));
            Assert.False(Fires(new AttentionPattern(), Attention.Replace("return %y", "return %y, %qk"), "Attention"));
            Assert.False(Fires(new AttentionPattern(), Attention.Replace("Softmax(%am) {axis = -1}", "Softmax(%am) {axis = 2}"), "Attention"));
            Assert.False(Fires(new AttentionPattern(), Attention.Replace("return %y", "%z: float[B,2,4,4] = Relu(%p) @outside\n              return %y, %z"), "Attention"));
        }

        [Fact]
        public void PatternsFuseInsideIfBodies()
        {
            var (changed, text) = Run(new SoftmaxPattern(), @"
                graph body(%x: float[2,5], %cond: bool[]) opset 13 {
                  const %axes: int64[1] = [-1]
                  %r: float[2,5] = If(%cond) {else_branch = graph else() {
                      return %x
                    }, then_branch = graph then() {
                      %e: float[2,5] = Exp(%x) @exp
                      %s: float[2,1] = ReduceSum(%e, %axes) @sum
                      %y: float[2,5] = Div(%e, %s) @normalize
                      return %y
                    }} @if
                  return %r
                }");
            Assert.True(changed);
            Assert.Contains("%y: float[2,5] = Softmax(%x) {axis = -1} @exp_softmax", text, System.StringComparison.Ordinal);
        }

        [Fact]
        public void PatternsRunInTheDefaultPipelineAfterTheFoldsAndBeforeTheFusions()
        {
            // The folds first (a BatchNormalization or a scale folded into a Conv is not a pattern's piece), then the
            // patterns in this order, then the fusions, which would otherwise swallow the patterns' pieces.
            var names = PassManager.Default(new ModelGen.Compiler.Diagnostics.ProblemBag()).Select(p => p.Name).ToList();
            int first = names.IndexOf("layernorm");
            Assert.Equal(new[] { "layernorm", "rmsnorm", "gelu", "hardswish", "softmax", "attention" }, names.GetRange(first, 6).ToArray());
            Assert.True(names.IndexOf("batchnorm-into-conv") < first && names.IndexOf("scale-into-producer") < first);
            Assert.True(names.IndexOf("epilogue-fusion") > first + 5);
        }
    }
}

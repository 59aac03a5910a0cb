using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Passes;
using Xunit;
using static ModelGen.Tests.Passes.PassTestHost;

namespace ModelGen.Tests.Passes
{
    public sealed class EpilogueFusionTests
    {
        private static (bool Changed, string Text) Fuse(string text)
        {
            var problems = new ProblemBag();
            var (changed, after) = Run(new EpilogueFusion(problems), text);
            Assert.False(problems.HasErrors, string.Join("\n", problems.Items));
            return (changed, after);
        }

        /// <summary>The whole default pipeline.</summary>
        private static string Optimize(string text)
        {
            var g = Prepare(text);
            var problems = new ProblemBag();
            PassManager.Run(g, PassManager.Default(problems), problems);
            Assert.False(problems.HasErrors, string.Join("\n", problems.Items));
            return IrPrinter.Print(g);
        }

        private const string Head = @"
                graph e(%x: float[N,2,5,5], %r: float[N,3,5,5]) opset 13 {
                  init %b: float[3] = [0.5, -1.0, 2.0]
                  init %w: float[3,2,3,3] = @file(128, 216)
                  %c: float[N,3,5,5] = Conv(%x, %w, %b) {pads = [1, 1, 1, 1]} @conv
";

        [Fact]
        public void ConvThenReluBecomesAFusedConv()
        {
            // Relu(Conv(x, W, B)) -> FusedConv(x, W, B) {epilogue = "max(acc, 0)"}
            var (changed, text) = Fuse(Head + @"
                  %y: float[N,3,5,5] = Relu(%c) @relu
                  return %y
                }");
            Assert.True(changed);
            AssertText(@"
                graph e(%x: float[N,2,5,5], %r: float[N,3,5,5]) opset 13 {
                  init %b: float[3] = [0.5, -1.0, 2.0]
                  init %w: float[3,2,3,3] = @file(128, 216)
                  %y: float[N,3,5,5] = ai.modelgen::FusedConv(%x, %w, %b) {epilogue = ""max(acc, 0)"", pads = [1, 1, 1, 1]} @conv
                  return %y
                }", text);
        }

        [Fact]
        public void ConvThenResidualAddThenReluFusesBoth()
        {
            // Relu(Add(r, Conv(x, W, B))) -> FusedConv(x, W, B, r) {epilogue = "max(r + acc, 0)"}: the ResNet form.
            var (changed, text) = Fuse(Head + @"
                  %s: float[N,3,5,5] = Add(%r, %c) @add
                  %y: float[N,3,5,5] = Relu(%s) @relu
                  return %y
                }");
            Assert.True(changed);
            Assert.Contains("%y: float[N,3,5,5] = ai.modelgen::FusedConv(%x, %w, %b, %r) {epilogue = \"max(r + acc, 0)\", pads = [1, 1, 1, 1]} @conv", text, System.StringComparison.Ordinal);
            Assert.DoesNotContain("Relu", text, System.StringComparison.Ordinal);
        }

        [Fact]
        public void ClipWithConstantBoundsTakesThemAsLiterals()
        {
            var (changed, text) = Fuse(Head + @"
                  const %lo: float[] = [0.0]
                  const %hi: float[] = [6.0]
                  %y: float[N,3,5,5] = Clip(%c, %lo, %hi) @clip
                  return %y
                }");
            Assert.True(changed);
            Assert.Contains("= ai.modelgen::FusedConv(%x, %w, %b) {epilogue = \"", text, System.StringComparison.Ordinal);
            Assert.Contains("6", text.Substring(text.IndexOf("epilogue", System.StringComparison.Ordinal)), System.StringComparison.Ordinal);
            Assert.DoesNotContain("Clip(", text, System.StringComparison.Ordinal);
        }

        [Fact]
        public void GemmThenGeluBecomesAFusedGemm()
        {
            var (changed, text) = Fuse(@"
                graph e(%a: float[N,4]) opset 20 {
                  init %b: float[3,4] = @file(128, 48)
                  init %c: float[3] = [0.5, -1.0, 2.0]
                  %g: float[N,3] = Gemm(%a, %b, %c) {transB = 1} @gemm
                  %y: float[N,3] = Gelu(%g) @gelu
                  return %y
                }");
            Assert.True(changed);
            Assert.Contains("%y: float[N,3] = ai.modelgen::FusedGemm(%a, %b, %c) {epilogue = \"", text, System.StringComparison.Ordinal);
            Assert.Contains("transB = 1} @gemm", text, System.StringComparison.Ordinal);
            Assert.DoesNotContain("Gelu(", text, System.StringComparison.Ordinal);
        }

        [Fact]
        public void ConvThenMulThenAddByConstantsThenReluEndsInOneFusedConv()
        {
            // Mul and Add by constants fold into the weights (scale-into-producer); the Relu goes into the kernel.
            string text = Optimize(@"
                graph e(%x: float[1,2,5,5]) opset 13 {
                  init %b: float[3] = [0.5, -1.0, 2.0]
                  init %w: float[3,2,1,1] = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
                  init %s: float[3,1,1] = [2.0, 3.0, 4.0]
                  init %t: float[] = [1.0]
                  %c: float[1,3,5,5] = Conv(%x, %w, %b) @conv
                  %m: float[1,3,5,5] = Mul(%c, %s) @mul
                  %a: float[1,3,5,5] = Add(%m, %t) @add
                  %y: float[1,3,5,5] = Relu(%a) @relu
                  return %y
                }");
            Assert.Contains("ai.modelgen::FusedConv(%x, ", text, System.StringComparison.Ordinal);
            Assert.True(text.Contains("epilogue = \"max(acc, 0)\"", System.StringComparison.Ordinal), text);
            Assert.DoesNotContain("Mul(", text, System.StringComparison.Ordinal);
            Assert.DoesNotContain("Add(", text, System.StringComparison.Ordinal);
            Assert.DoesNotContain("Relu(", text, System.StringComparison.Ordinal);
            // W' = W·s = [2, 4, 9, 12, 20, 24]; B' = B·s + 1 = [2, -2, 9].
            Assert.Contains("[2.0, 4.0, 9.0, 12.0, 20.0, 24.0]", text, System.StringComparison.Ordinal);
            Assert.Contains("[2.0, -2.0, 9.0]", text, System.StringComparison.Ordinal);
        }

        [Fact]
        public void MatMulThenResidualAddThenTanh()
        {
            var (changed, text) = Fuse(@"
                graph e(%a: float[2,N,4], %r: float[2,N,3]) opset 13 {
                  init %b: float[4,3] = @file(128, 48)
                  %m: float[2,N,3] = MatMul(%a, %b) @mm
                  %s: float[2,N,3] = Add(%m, %r) @add
                  %y: float[2,N,3] = Tanh(%s) @tanh
                  return %y
                }");
            Assert.True(changed);
            Assert.Contains("%y: float[2,N,3] = ai.modelgen::FusedMatMul(%a, %b, _, %r) {epilogue = \"tanh(acc + r)\"} @mm", text, System.StringComparison.Ordinal);
        }

        [Theory]
        // The Conv's output has two readers.
        [InlineData("%y: float[N,3,5,5] = Relu(%c) @relu\n %z: float[N,3,5,5] = Sigmoid(%c) @sig\n return %y, %z")]
        // The Conv's output is a graph output.
        [InlineData("%y: float[N,3,5,5] = Relu(%c) @relu\n return %y, %c")]
        // A bias that is not per channel (and not a scalar) is neither a literal nor a residual.
        [InlineData("init %t: float[1,1,1,5] = [1.0, 2.0, 3.0, 4.0, 5.0]\n %y: float[N,3,5,5] = Add(%c, %t) @add\n return %y")]
        // The 'residual' broadcasts: [N,1,5,5] is not the product's shape.
        [InlineData("%y: float[N,3,5,5] = Add(%c, %q) @add\n return %y")]
        // The op widens the product (broadcast against a larger tensor).
        [InlineData("%y: float[2,N,3,5,5] = Add(%c, %big) @add\n return %y")]
        // The op changes the type.
        [InlineData("%y: bool[N,3,5,5] = IsNaN(%c) @isnan\n return %y")]
        public void DoesNotFuseWhereItWouldBeWrong(string tail)
        {
            var (changed, _) = Fuse(@"
                graph e(%x: float[N,2,5,5], %q: float[N,1,5,5], %big: float[2,N,3,5,5]) opset 13 {
                  init %b: float[3] = [0.5, -1.0, 2.0]
                  init %w: float[3,2,3,3] = @file(128, 216)
                  %c: float[N,3,5,5] = Conv(%x, %w, %b) {pads = [1, 1, 1, 1]} @conv
" + tail + "\n}");
            Assert.False(changed);
        }

        [Fact]
        public void ANodeInAUserModelCannotNameTheFusedDomain()
        {
            // ai.modelgen ops are the compiler's own: OpResolution does not know them.
            var g = IrParser.Parse(@"
                graph e(%x: float[1,2]) opset 13 {
                  %y: float[1,2] = ai.modelgen::FusedMatMul(%x, %x) @mm
                  return %y
                }");
            var problems = new ProblemBag();
            ModelGen.Compiler.Import.OpResolution.Check(g, problems);
            Assert.True(problems.HasErrors);
        }
    }
}

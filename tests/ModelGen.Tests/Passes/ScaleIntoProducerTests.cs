using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Passes;
using Xunit;
using static ModelGen.Tests.Passes.PassTestHost;

namespace ModelGen.Tests.Passes
{
    public sealed class ScaleIntoProducerTests
    {
        /// <summary>The pass, then folding and dead-node elimination, so the folded weights show as constants.</summary>
        private static (bool Changed, string Text) Fold(string text)
        {
            var g = Prepare(text);
            var log = new OptimizationLog();
            bool changed = new ScaleIntoProducer(new ProblemBag()).Run(g, log) > 0;
            Assert.Null(g.Verify());
            new ConstantFolding().Run(g, log);
            new DeadNodeElimination().Run(g, log);
            Assert.Null(g.Verify());
            return (changed, IrPrinter.Print(g));
        }

        private const string ConvHead = @"
                graph s(%x: float[1,1,3,3]) opset 13 {
                  init %b: float[2] = [0.5, -1.0]
                  init %w: float[2,1,1,1] = [1.0, -2.0]
                  %c: float[1,2,3,3] = Conv(%x, %w, %b) @conv
";

        [Fact]
        public void MulByAPerChannelConstantScalesTheConvWeightsAndBias()
        {
            // Mul(Conv(x, W, B), c) -> Conv(x, W·c, B·c), c = [2, 3] per output channel.
            var (changed, text) = Fold(ConvHead + @"
                  init %s: float[1,2,1,1] = [2.0, 3.0]
                  %y: float[1,2,3,3] = Mul(%c, %s) @mul
                  return %y
                }");
            Assert.True(changed);
            Assert.Contains("const %conv_mul_weight: float[2,1,1,1] = [2.0, -6.0]", text, System.StringComparison.Ordinal);
            Assert.Contains("const %conv_mul_bias: float[2] = [1.0, -3.0]", text, System.StringComparison.Ordinal);
            Assert.Contains("%y: float[1,2,3,3] = Conv(%x, %conv_mul_weight, %conv_mul_bias) @conv", text, System.StringComparison.Ordinal);
            Assert.DoesNotContain("Mul(", text, System.StringComparison.Ordinal);
        }

        [Fact]
        public void AddOfAPerChannelConstantGoesIntoTheConvBias()
        {
            // Add(c, Conv(x, W)) -> Conv(x, W, 0 + c), the constant first and [C,1,1].
            var (changed, text) = Fold(@"
                graph s(%x: float[1,1,3,3]) opset 13 {
                  init %w: float[2,1,1,1] = [1.0, -2.0]
                  init %t: float[2,1,1] = [0.25, 4.0]
                  %c: float[1,2,3,3] = Conv(%x, %w) @conv
                  %y: float[1,2,3,3] = Add(%t, %c) @add
                  return %y
                }");
            Assert.True(changed);
            Assert.Contains("const %conv_add_bias: float[2] = [0.25, 4.0]", text, System.StringComparison.Ordinal);
            Assert.Contains("%y: float[1,2,3,3] = Conv(%x, %w, %conv_add_bias) @conv", text, System.StringComparison.Ordinal);
        }

        [Fact]
        public void ConvThenMulThenAddFoldsBoth()
        {
            var g = Prepare(ConvHead + @"
                  init %s: float[] = [2.0]
                  init %t: float[2,1,1] = [1.0, 1.0]
                  %m: float[1,2,3,3] = Mul(%c, %s) @mul
                  %y: float[1,2,3,3] = Add(%m, %t) @add
                  return %y
                }");
            var problems = new ProblemBag();
            PassManager.Run(g, PassManager.Default(problems), problems);
            Assert.False(problems.HasErrors);
            string text = IrPrinter.Print(g);
            Assert.DoesNotContain("Mul(", text, System.StringComparison.Ordinal);
            Assert.DoesNotContain("Add(", text, System.StringComparison.Ordinal);
            // B' = B·2 + 1 = [2, -1].
            Assert.Contains("= [2.0, -1.0]", text, System.StringComparison.Ordinal);
        }

        [Theory]
        // Not per channel: varies along a spatial axis.
        [InlineData("init %s: float[1,1,1,3] = [1.0, 2.0, 3.0]\n %y: float[1,2,3,3] = Mul(%c, %s) @mul\n return %y")]
        // Widens the result (rank 5).
        [InlineData("init %s: float[1,1,2,1,1] = [1.0, 2.0]\n %y: float[1,1,2,3,3] = Mul(%c, %s) @mul\n return %y")]
        // The Conv's output has two readers.
        [InlineData("init %s: float[2,1,1] = [1.0, 2.0]\n %y: float[1,2,3,3] = Mul(%c, %s) @mul\n %z: float[1,2,3,3] = Relu(%c) @relu\n return %y, %z")]
        // The Conv's output is a graph output.
        [InlineData("init %s: float[2,1,1] = [1.0, 2.0]\n %y: float[1,2,3,3] = Mul(%c, %s) @mul\n return %y, %c")]
        // Not a constant.
        [InlineData("%y: float[1,2,3,3] = Mul(%c, %x) @mul\n return %y")]
        public void DoesNotFoldWhereItWouldBeWrong(string tail)
        {
            var (changed, _) = Fold(ConvHead + tail + "\n}");
            Assert.False(changed);
        }

        [Fact]
        public void GemmTakesAColumnScaleAndAColumnShift()
        {
            // Mul(Gemm(A, B, C), c) with transB: B's rows (op(B)'s columns) scale; then Add(·, d) -> C + d/beta.
            var g = Prepare(@"
                graph s(%a: float[3,2]) opset 13 {
                  init %b: float[2,2] = [1.0, 2.0, 3.0, 4.0]
                  init %c: float[2] = [1.0, -1.0]
                  init %s: float[2] = [10.0, 100.0]
                  init %d: float[1,2] = [4.0, 8.0]
                  %g: float[3,2] = Gemm(%a, %b, %c) {beta = 2.0, transB = 1} @gemm
                  %m: float[3,2] = Mul(%g, %s) @mul
                  %y: float[3,2] = Add(%m, %d) @add
                  return %y
                }");
            var problems = new ProblemBag();
            PassManager.Run(g, PassManager.Default(problems), problems);
            Assert.False(problems.HasErrors);
            string text = IrPrinter.Print(g);
            Assert.Contains("= [10.0, 20.0, 300.0, 400.0]", text, System.StringComparison.Ordinal);
            // C' = C·s + d/2 = [10 + 2, -100 + 4].
            Assert.Contains("[12.0, -96.0]", text, System.StringComparison.Ordinal);
            Assert.Contains("Gemm(%a, ", text, System.StringComparison.Ordinal);
            Assert.DoesNotContain("Mul(", text, System.StringComparison.Ordinal);
            Assert.DoesNotContain("Add(", text, System.StringComparison.Ordinal);
        }

        [Fact]
        public void MatMulThenAddOfAColumnBiasBecomesAGemm()
        {
            var (changed, text) = Fold(@"
                graph s(%a: float[N,2]) opset 13 {
                  init %b: float[2,3] = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
                  init %bias: float[3] = [1.0, 2.0, 3.0]
                  %m: float[N,3] = MatMul(%a, %b) @mm
                  %y: float[N,3] = Add(%m, %bias) @add
                  return %y
                }");
            Assert.True(changed);
            Assert.Contains("%y: float[N,3] = Gemm(%a, %b, %mm_add_c) @mm", text, System.StringComparison.Ordinal);
        }

        [Fact]
        public void MatMulOfABatchKeepsItsAdd()
        {
            // A of rank 3: a Gemm cannot take it; the Add stays for the epilogue pass.
            var (changed, _) = Fold(@"
                graph s(%a: float[2,N,2]) opset 13 {
                  init %b: float[2,3] = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
                  init %bias: float[3] = [1.0, 2.0, 3.0]
                  %m: float[2,N,3] = MatMul(%a, %b) @mm
                  %y: float[2,N,3] = Add(%m, %bias) @add
                  return %y
                }");
            Assert.False(changed);
        }

        [Fact]
        public void MatMulTimesAColumnScaleScalesB()
        {
            var (changed, text) = Fold(@"
                graph s(%a: float[2,N,2]) opset 13 {
                  init %b: float[2,3] = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
                  init %s: float[3] = [1.0, 10.0, 100.0]
                  %m: float[2,N,3] = MatMul(%a, %b) @mm
                  %y: float[2,N,3] = Mul(%s, %m) @mul
                  return %y
                }");
            Assert.True(changed);
            Assert.Contains("= [1.0, 20.0, 300.0, 4.0, 50.0, 600.0]", text, System.StringComparison.Ordinal);
        }
    }
}

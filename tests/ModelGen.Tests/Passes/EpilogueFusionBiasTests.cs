using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Passes;
using Xunit;
using static ModelGen.Tests.Passes.PassTestHost;

namespace ModelGen.Tests.Passes
{
    /// <summary>
    /// Epilogue fusion into ConvTranspose, the per-column bias Add after a MatMul of any rank (the BERT projection), and
    /// the Swish/SiLU that elementwise fusion merges into one node: where each fires and where it must not.
    /// </summary>
    public sealed class EpilogueFusionBiasTests
    {
        private static (bool Changed, string Text) Fuse(string text)
        {
            var problems = new ProblemBag();
            var (changed, after) = Run(new EpilogueFusion(problems), text);
            Assert.False(problems.HasErrors, string.Join("\n", problems.Items));
            return (changed, after);
        }

        private static void Has(string text, string part) => Assert.True(text.Contains(part, System.StringComparison.Ordinal), "'" + part + "' is not in:\n" + text);

        private static void HasNot(string text, string part) => Assert.False(text.Contains(part, System.StringComparison.Ordinal), "'" + part + "' is in:\n" + text);

        /// <summary>The whole default pipeline.</summary>
        private static string Optimize(string text)
        {
            var g = Prepare(text);
            var problems = new ProblemBag();
            PassManager.Run(g, PassManager.Default(problems), problems);
            Assert.False(problems.HasErrors, string.Join("\n", problems.Items));
            Assert.Null(g.Verify());
            return IrPrinter.Print(g);
        }

        private const string ConvTransposeHead = @"
                graph e(%x: float[N,2,4,4], %r: float[N,3,9,9], %q: float[N,1,9,9]) opset 13 {
                  init %b: float[3] = [0.5, -1.0, 2.0]
                  init %w: float[2,3,3,3] = @file(128, 216)
                  %c: float[N,3,9,9] = ConvTranspose(%x, %w, %b) {strides = [2, 2]} @deconv
";

        [Fact]
        public void ConvTransposeThenReluBecomesAFusedConvTranspose()
        {
            // Relu(ConvTranspose(x, W, B)) -> FusedConvTranspose(x, W, B) {epilogue = "max(acc, 0)"}
            var (changed, text) = Fuse(ConvTransposeHead + @"
                  %y: float[N,3,9,9] = Relu(%c) @relu
                  return %y
                }");
            Assert.True(changed);
            AssertText(@"
                graph e(%x: float[N,2,4,4], %r: float[N,3,9,9], %q: float[N,1,9,9]) opset 13 {
                  init %b: float[3] = [0.5, -1.0, 2.0]
                  init %w: float[2,3,3,3] = @file(128, 216)
                  %y: float[N,3,9,9] = ai.modelgen::FusedConvTranspose(%x, %w, %b) {epilogue = ""max(acc, 0)"", strides = [2, 2]} @deconv
                  return %y
                }", text);
        }

        [Fact]
        public void ConvTransposeThenResidualAddThenSigmoidFusesBoth()
        {
            // Sigmoid(Add(ConvTranspose(x, W, B), r)) -> FusedConvTranspose(x, W, B, r) {epilogue = "1/(1 + exp(-(acc + r)))"}
            var (changed, text) = Fuse(ConvTransposeHead + @"
                  %s: float[N,3,9,9] = Add(%c, %r) @add
                  %y: float[N,3,9,9] = Sigmoid(%s) @sig
                  return %y
                }");
            Assert.True(changed);
            Has(text, "%y: float[N,3,9,9] = ai.modelgen::FusedConvTranspose(%x, %w, %b, %r) {epilogue = \"1/(1 + exp(-(acc + r)))\", strides = [2, 2]} @deconv");
        }

        [Theory]
        // Two readers of the ConvTranspose's output.
        [InlineData("%y: float[N,3,9,9] = Relu(%c) @relu\n %z: float[N,3,9,9] = Tanh(%c) @tanh\n return %y, %z")]
        // Its output is a graph output.
        [InlineData("%y: float[N,3,9,9] = Relu(%c) @relu\n return %y, %c")]
        // The 'residual' broadcasts along the channels.
        [InlineData("%y: float[N,3,9,9] = Add(%c, %q) @add\n return %y")]
        public void ConvTransposeDoesNotFuseWhereItWouldBeWrong(string tail)
        {
            var (changed, _) = Fuse(ConvTransposeHead + tail + "\n}");
            Assert.False(changed);
        }

        private const string MatMulHead = @"
                graph e(%a: float[2,N,4], %r: float[2,N,3], %rb: float[3], %rows: float[N,3], %batch: float[2,1,3], %wide: float[5,1,1,3], %nb: float[N]) opset 13 {
                  init %b: float[4,3] = @file(128, 48)
                  init %bias: float[3] = [0.5, -1.0, 2.0]
                  init %bias3: float[1,1,3] = [0.5, -1.0, 2.0]
                  init %col: float[4] = [1.0, 2.0, 3.0, 4.0]
                  %m: float[2,N,3] = MatMul(%a, %b) @mm
";

        [Fact]
        public void RankThreeMatMulThenBiasAddBecomesAFusedMatMulWithABias()
        {
            // Add(MatMul(A, B), bias) -> FusedMatMul(A, B, bias) {epilogue = "acc"}: the kernel starts y from the bias row.
            var (changed, text) = Fuse(MatMulHead + @"
                  %y: float[2,N,3] = Add(%m, %bias) @add
                  return %y
                }");
            Assert.True(changed);
            AssertText(@"
                graph e(%a: float[2,N,4], %r: float[2,N,3], %rb: float[3], %rows: float[N,3], %batch: float[2,1,3], %wide: float[5,1,1,3], %nb: float[N]) opset 13 {
                  init %b: float[4,3] = @file(128, 48)
                  init %bias: float[3] = [0.5, -1.0, 2.0]
                  init %bias3: float[1,1,3] = [0.5, -1.0, 2.0]
                  init %col: float[4] = [1.0, 2.0, 3.0, 4.0]
                  %y: float[2,N,3] = ai.modelgen::FusedMatMul(%a, %b, %bias) {epilogue = ""acc""} @mm
                  return %y
                }", text);
        }

        [Theory]
        // The bias on the left, a [1, 1, n] bias, and a bias computed at run time (one value per column all the same).
        [InlineData("%y: float[2,N,3] = Add(%bias, %m) @add", "%bias")]
        [InlineData("%y: float[2,N,3] = Add(%m, %bias3) @add", "%bias3")]
        [InlineData("%y: float[2,N,3] = Add(%m, %rb) @add", "%rb")]
        public void ABiasOfOneValuePerColumnFusesFromEitherSide(string line, string bias)
        {
            var (changed, text) = Fuse(MatMulHead + line + "\n return %y\n}");
            Assert.True(changed);
            Has(text, "%y: float[2,N,3] = ai.modelgen::FusedMatMul(%a, %b, " + bias + ") {epilogue = \"acc\"} @mm");
            HasNot(text, "Add(");
        }

        [Fact]
        public void BiasThenGeluThenResidualEndInOneFusedMatMul()
        {
            // Add(Gelu(Add(MatMul(A, B), bias)), r) -> FusedMatMul(A, B, bias, r) {epilogue = gelu(acc) + r}
            var (changed, text) = Fuse(MatMulHead.Replace("opset 13", "opset 20") + @"
                  %s: float[2,N,3] = Add(%m, %bias) @add
                  %g: float[2,N,3] = Gelu(%s) @gelu
                  %y: float[2,N,3] = Add(%g, %r) @res
                  return %y
                }");
            Assert.True(changed);
            Has(text, "%y: float[2,N,3] = ai.modelgen::FusedMatMul(%a, %b, %bias, %r) {epilogue = \"");
            Has(text, "erf(");
            HasNot(text, "Gelu(");
            HasNot(text, " Add(");
        }

        [Fact]
        public void ABiasAfterAnActivationStaysAnAdd()
        {
            // Add(Relu(MatMul(A, B)), bias): the bias is not where the product starts; the Relu fuses, the Add stays.
            var (changed, text) = Fuse(MatMulHead + @"
                  %s: float[2,N,3] = Relu(%m) @relu
                  %y: float[2,N,3] = Add(%s, %bias) @add
                  return %y
                }");
            Assert.True(changed);
            Has(text, "ai.modelgen::FusedMatMul(%a, %b) {epilogue = \"max(acc, 0)\"} @mm");
            Has(text, "%y: float[2,N,3] = Add(");
        }

        [Theory]
        // The MatMul's output has two readers.
        [InlineData("%y: float[2,N,3] = Add(%m, %bias) @add\n %z: float[2,N,3] = Relu(%m) @relu\n return %y, %z")]
        // The MatMul's output is a graph output.
        [InlineData("%y: float[2,N,3] = Add(%m, %bias) @add\n return %y, %m")]
        // A bias per row ([N, 3] varies along the rows), not per column.
        [InlineData("%y: float[2,N,3] = Add(%m, %rows) @add\n return %y")]
        // A bias per batch ([2, 1, 3]).
        [InlineData("%y: float[5,2,N,3] = Add(%m, %wide) @add\n return %y")]
        [InlineData("%y: float[2,N,3] = Add(%m, %batch) @add\n return %y")]
        // B is 1-D: the product's last axis is A's rows (N), not columns, though the 'bias' [N] lines up with it.
        [InlineData("%v: float[2,N] = MatMul(%a, %col) @mv\n %y: float[2,N] = Add(%v, %nb) @add\n return %y, %m")]
        // Not an Add.
        [InlineData("%y: float[2,N,3] = Sub(%m, %bias) @sub\n return %y")]
        public void BiasDoesNotFuseWhereItWouldBeWrong(string tail)
        {
            var (changed, _) = Fuse(MatMulHead + tail + "\n}");
            Assert.False(changed);
        }

        [Fact]
        public void SwishAfterAMatMulWithABiasEndsInTheKernel()
        {
            // Mul(s, Sigmoid(s)) with s = MatMul(A, B) + bias: elementwise fusion makes one node reading s once, which the
            // epilogue then takes: FusedMatMul(A, B, bias) {epilogue = "acc*(1/(1 + exp(-acc)))"}.
            string text = Optimize(MatMulHead + @"
                  %s: float[2,N,3] = Add(%m, %bias) @add
                  %g: float[2,N,3] = Sigmoid(%s) @sig
                  %y: float[2,N,3] = Mul(%s, %g) @mul
                  return %y
                }");
            Has(text, "%y: float[2,N,3] = ai.modelgen::FusedMatMul(%a, %b, %bias) {epilogue = \"");
            Has(text, "{epilogue = \"acc*(1/(1 + exp(-acc)))\"}");
            HasNot(text, "FusedElementwise");
            HasNot(text, "Sigmoid(");
        }

        [Fact]
        public void SwishAfterAConvEndsInTheKernel()
        {
            // Mul(Sigmoid(c), c), c = Conv(x, W, B) -> FusedConv(x, W, B) {epilogue = "(1/(1 + exp(-acc)))*acc"} (YOLO's SiLU).
            string text = Optimize(@"
                graph e(%x: float[N,2,5,5]) opset 13 {
                  init %b: float[3] = [0.5, -1.0, 2.0]
                  init %w: float[3,2,3,3] = @file(128, 216)
                  %c: float[N,3,5,5] = Conv(%x, %w, %b) {pads = [1, 1, 1, 1]} @conv
                  %g: float[N,3,5,5] = Sigmoid(%c) @sig
                  %y: float[N,3,5,5] = Mul(%g, %c) @mul
                  return %y
                }");
            Has(text, "%y: float[N,3,5,5] = ai.modelgen::FusedConv(%x, %w, %b) {epilogue = \"");
            Has(text, "exp(-acc)");
            HasNot(text, "FusedElementwise");
        }

        [Fact]
        public void AGroupThatAlsoReadsAnotherTensorOfTheProductsShapeTakesItAsTheResidual()
        {
            // Mul(Sigmoid(c), r) + c: one FusedElementwise over (c, r) -> FusedConv(x, W, B, r).
            string text = Optimize(@"
                graph e(%x: float[N,2,5,5], %r: float[N,3,5,5]) opset 13 {
                  init %b: float[3] = [0.5, -1.0, 2.0]
                  init %w: float[3,2,3,3] = @file(128, 216)
                  %c: float[N,3,5,5] = Conv(%x, %w, %b) {pads = [1, 1, 1, 1]} @conv
                  %g: float[N,3,5,5] = Sigmoid(%c) @sig
                  %m: float[N,3,5,5] = Mul(%g, %r) @mul
                  %y: float[N,3,5,5] = Add(%m, %c) @add
                  return %y
                }");
            Has(text, "%y: float[N,3,5,5] = ai.modelgen::FusedConv(%x, %w, %b, %r) {epilogue = \"");
            HasNot(text, "FusedElementwise");
        }

        [Fact]
        public void AGroupWithTwoOutputsStaysALoop()
        {
            // The group also writes a graph output of its own (Sigmoid(c)): two results, not one epilogue.
            string text = Optimize(@"
                graph e(%x: float[N,2,5,5]) opset 13 {
                  init %b: float[3] = [0.5, -1.0, 2.0]
                  init %w: float[3,2,3,3] = @file(128, 216)
                  %c: float[N,3,5,5] = Conv(%x, %w, %b) {pads = [1, 1, 1, 1]} @conv
                  %g: float[N,3,5,5] = Sigmoid(%c) @sig
                  %y: float[N,3,5,5] = Mul(%g, %c) @mul
                  return %y, %g
                }");
            Has(text, "= Conv(%x, %w, %b)");
        }

        [Fact]
        public void RankTwoMatMulWithAConstantBiasStillBecomesAGemm()
        {
            // scale-into-producer runs first: Add(MatMul(A, B), c) -> Gemm(A, B, c) for matrices.
            string text = Optimize(@"
                graph e(%a: float[N,4]) opset 13 {
                  init %b: float[4,3] = @file(128, 48)
                  init %bias: float[3] = [0.5, -1.0, 2.0]
                  %m: float[N,3] = MatMul(%a, %b) @mm
                  %y: float[N,3] = Add(%m, %bias) @add
                  return %y
                }");
            Has(text, "Gemm(");
            HasNot(text, "FusedMatMul");
        }
    }
}

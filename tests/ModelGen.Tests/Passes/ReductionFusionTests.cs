using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Import;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Passes;
using Xunit;
using static ModelGen.Tests.Passes.PassTestHost;

namespace ModelGen.Tests.Passes
{
    /// <summary>The reduction-fusion pass as IR text in, IR text out: where a reduction takes in its pointwise producer, and where it must not.</summary>
    public sealed class ReductionFusionTests
    {
        private const string SumOfProduct = @"
            graph dot(%x: float[4,3,8], %y: float[4,3,8]) opset 13 {
              const %axes: int64[1] = [-1]
              %t: float[4,3,8] = Mul(%x, %y) @mul
              %r: float[4,3,1] = ReduceSum(%t, %axes) @sum
              return %r
            }";

        [Fact]
        public void FusesAProductIntoTheSumThatReadsIt()
        {
            // ReduceSum(Mul(x, y)) over the last axis: one node, the product never written; the output keeps its name.
            var (changed, text) = Run(new ReductionFusion(), SumOfProduct);
            Assert.True(changed);
            AssertText(@"
                graph dot(%x: float[4,3,8], %y: float[4,3,8]) opset 13 {
                  const %axes: int64[1] = [-1]
                  %r: float[4,3,1] = ai.modelgen::FusedReduce(%x, %y) {axes = [2], expr = ""sum(a*b)"", keepdims = 1, nodes = strings [""mul"", ""sum""]} @FusedReduce_sum
                  return %r
                }", text);
        }

        [Fact]
        public void FusesAFusedGroupIntoAMeanOverAMiddleAxisWithoutKeepdims()
        {
            // mean((x - c)^2) over axis 1, c broadcast per row; the group was fused by elementwise-fusion first.
            var g = Prepare(@"
                graph var(%x: float[2,5,6], %c: float[2,1,6]) opset 13 {
                  %d: float[2,5,6] = Sub(%x, %c) @sub
                  %s: float[2,5,6] = Mul(%d, %d) @square
                  %r: float[2,6] = ReduceMean(%s) {axes = [1], keepdims = 0} @mean
                  return %r
                }");
            Assert.Equal(1, new ElementwiseFusion().Run(g, new OptimizationLog()));
            var log = new OptimizationLog();
            Assert.Equal(1, new ReductionFusion().Run(g, log));
            Assert.Null(g.Verify());
            AssertText(@"
                graph var(%x: float[2,5,6], %c: float[2,1,6]) opset 13 {
                  %r: float[2,6] = ai.modelgen::FusedReduce(%x, %c) {axes = [1], expr = ""mean((a - b)*(a - b))"", keepdims = 0, nodes = strings [""sub"", ""square"", ""mean""]} @FusedReduce_mean
                  return %r
                }", IrPrinter.Print(g));
            Assert.Contains(log.Fusions, f => f.Key == "reduction" && f.Value == 1);
            // Running again changes nothing.
            Assert.Equal(0, new ReductionFusion().Run(g, new OptimizationLog()));
        }

        [Fact]
        public void FusesMaxOfExpInsideABody()
        {
            var (changed, text) = Run(new ReductionFusion(), @"
                graph body(%c: bool[], %x: float[3,4]) opset 13 {
                  %y: float[3] = If(%c) {else_branch = graph else() {
                    %n: float[3] = ReduceMin(%x) {axes = [1], keepdims = 0} @min
                    return %n
                  }, then_branch = graph then() {
                    %e: float[3,4] = Exp(%x) @exp
                    %m: float[3] = ReduceMax(%e) {axes = [1], keepdims = 0} @max
                    return %m
                  }} @if
                  return %y
                }");
            Assert.True(changed);
            Assert.Contains("%m: float[3] = ai.modelgen::FusedReduce(%x) {axes = [1], expr = \"max(exp(a))\", keepdims = 0, nodes = strings [\"exp\", \"max\"]} @FusedReduce_max", text);
        }

        [Fact]
        public void LeavesAnIntermediateWithAnotherReader()
        {
            Assert.False(Run(new ReductionFusion(), @"
                graph two(%x: float[4,8], %y: float[4,8]) opset 13 {
                  %t: float[4,8] = Mul(%x, %y) @mul
                  %r: float[4] = ReduceMean(%t) {axes = [1], keepdims = 0} @mean
                  %u: float[4,8] = Relu(%t) @relu
                  return %r, %u
                }").Changed);
        }

        [Fact]
        public void LeavesAnIntermediateThatIsAGraphOutput()
        {
            Assert.False(Run(new ReductionFusion(), @"
                graph out(%x: float[4,8], %y: float[4,8]) opset 13 {
                  %t: float[4,8] = Mul(%x, %y) @mul
                  %r: float[4] = ReduceMax(%t) {axes = [1], keepdims = 0} @max
                  return %r, %t
                }").Changed);
        }

        [Fact]
        public void LeavesAxesKnownOnlyAtRunTime()
        {
            Assert.False(Run(new ReductionFusion(), @"
                graph dynamic(%x: float[4,8], %y: float[4,8], %axes: int64[1]) opset 13 {
                  %t: float[4,8] = Mul(%x, %y) @mul
                  %r = ReduceSum(%t, %axes) @sum
                  return %r
                }").Changed);
        }

        [Fact]
        public void LeavesIntegerTypes()
        {
            Assert.False(Run(new ReductionFusion(), SumOfProduct.Replace("float", "int32")).Changed);
        }

        [Fact]
        public void LeavesNoopWithEmptyAxesAndConvertingOrUnsupportedProducers()
        {
            // noop_with_empty_axes: nothing reduced.
            Assert.False(Run(new ReductionFusion(), @"
                graph noop(%x: float[4,8]) opset 18 {
                  %t: float[4,8] = Exp(%x) @exp
                  %r: float[4,8] = ReduceSum(%t) {noop_with_empty_axes = 1} @sum
                  return %r
                }").Changed);
            // ReduceProd is not a fold the loop implements; a Cast converts.
            Assert.False(Run(new ReductionFusion(), SumOfProduct.Replace("ReduceSum(%t, %axes)", "ReduceProd(%t) {axes = [-1]}")).Changed);
            Assert.False(Run(new ReductionFusion(), @"
                graph cast(%x: int32[4,8]) opset 13 {
                  %t: float[4,8] = Cast(%x) {to = 1} @cast
                  %r: float[4] = ReduceSumSquare(%t) {axes = [1], keepdims = 0} @sumsq
                  return %r
                }").Changed);
        }

        [Fact]
        public void AUserModelNamingTheFusedOpIsRejected()
        {
            // The op is the compiler's own: not in OpRegistry, so a model that names it is an unsupported op.
            var g = IrParser.Parse(@"
                graph user(%x: float[4,8]) opset 13 {
                  %r: float[4] = ai.modelgen::FusedReduce(%x) {expr = ""sum(a)""} @mine
                  return %r
                }");
            var problems = new ProblemBag();
            OpResolution.Check(g, problems);
            Assert.True(problems.HasErrors);
        }
    }
}

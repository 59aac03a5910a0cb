using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Passes;
using Xunit;
using static ModelGen.Tests.Passes.PassTestHost;

namespace ModelGen.Tests.Passes
{
    /// <summary>Each pass as IR text in, IR text out (STYLE.md points 7 and 8).</summary>
    public sealed class PassTextTests
    {
        [Fact]
        public void ConstantFoldingTurnsSymbolicShapeArithmeticIntoConstants()
        {
            // Shape → Gather → Unsqueeze → Concat of x:[N,3] is the build-time value [N, -1]: every node but the Reshape and Relu folds.
            var (changed, text) = Run(new ConstantFolding(), @"
                graph fold(%x: float[N,3]) opset 13 {
                  const %axes: int64[1] = [0]
                  const %rest: int64[1] = [-1]
                  const %zero: int64[] = [0]
                  %shape: int64[2] = Shape(%x) @shape
                  %batch: int64[] = Gather(%shape, %zero) {axis = 0} @batch
                  %batch1: int64[1] = Unsqueeze(%batch, %axes) @batch_list
                  %target: int64[2] = Concat(%batch1, %rest) {axis = 0} @target
                  %flat: float[N,3] = Reshape(%x, %target) @flatten
                  %y: float[N,3] = Relu(%flat) @relu
                  return %y
                }");
            Assert.True(changed);
            AssertText(@"
                graph fold(%x: float[N,3]) opset 13 {
                  const %axes: int64[1] = [0]
                  const %batch: int64[] = [N]
                  const %batch1: int64[1] = [N]
                  const %rest: int64[1] = [-1]
                  const %shape: int64[2] = [N, 3]
                  const %target: int64[2] = [N, -1]
                  const %zero: int64[] = [0]
                  %flat: float[N,3] = Reshape(%x, %target) @flatten
                  %y: float[N,3] = Relu(%flat) @relu
                  return %y
                }", text);
        }

        [Fact]
        public void ConstantFoldingIsExactForInt64()
        {
            // 2^53 + 1 is not a double: folding through double would give 9007199254740992.
            var (_, text) = Run(new ConstantFolding(), @"
                graph exact() opset 13 {
                  const %a: int64[2] = [9007199254740993, -9223372036854775807]
                  const %b: int64[2] = [0, -1]
                  %c: int64[2] = Add(%a, %b) @add
                  return %c
                }");
            Assert.Contains("const %c: int64[2] = [9007199254740993, -9223372036854775808]", text, System.StringComparison.Ordinal);
        }

        [Fact]
        public void DeadNodeEliminationRemovesUnreadNodesAndWeights()
        {
            var (changed, text) = Run(new DeadNodeElimination(), @"
                graph dead(%x: float[2]) opset 13 {
                  const %unused: float[2] = [1.0, 2.0]
                  const %two: float[] = [2.0]
                  %y: float[2] = Mul(%x, %two) @used
                  %z: float[2] = Exp(%x) @dead
                  %w: float[2] = Relu(%z) @dead_too
                  return %y
                }");
            Assert.True(changed);
            AssertText(@"
                graph dead(%x: float[2]) opset 13 {
                  const %two: float[] = [2.0]
                  %y: float[2] = Mul(%x, %two) @used
                  return %y
                }", text);
        }

        [Fact]
        public void BatchNormalizationFoldsIntoTheConvBeforeIt()
        {
            // BatchNormalization(Conv(x, W, B), scale, bias, mean, var) -> Conv(x, W·s, (B − mean)·s + bias), s = scale / √(var + ε).
            var (changed, text) = Run(new BatchNormIntoConv(new ProblemBag()), @"
                graph bn(%x: float[1,1,3,3]) opset 13 {
                  init %b: float[2] = [0.5, -1.0]
                  init %bias: float[2] = [0.25, 0.0]
                  init %mean: float[2] = [1.0, 2.0]
                  init %scale: float[2] = [2.0, 3.0]
                  init %var: float[2] = [3.0, 8.0]
                  init %w: float[2,1,1,1] = [1.0, -2.0]
                  %c: float[1,2,3,3] = Conv(%x, %w, %b) @conv
                  %y: float[1,2,3,3] = BatchNormalization(%c, %scale, %bias, %mean, %var) {epsilon = 1.0} @bn
                  return %y
                }");
            Assert.True(changed);
            // s = [2/√4, 3/√9] = [1, 1]; W' = W·s; B' = (B − mean)·s + bias = [-0.25, -3].
            AssertText(@"
                graph bn(%x: float[1,1,3,3]) opset 13 {
                  init %b: float[2] = [0.5, -1.0]
                  init %bias: float[2] = [0.25, 0.0]
                  const %conv_bn_axes: int64[3] = [1, 2, 3]
                  const %conv_bn_epsilon: float[] = [1.0]
                  init %mean: float[2] = [1.0, 2.0]
                  init %scale: float[2] = [2.0, 3.0]
                  init %var: float[2] = [3.0, 8.0]
                  init %w: float[2,1,1,1] = [1.0, -2.0]
                  %conv_bn_var: float[2] = Add(%var, %conv_bn_epsilon) @conv_bn_var
                  %conv_bn_std: float[2] = Sqrt(%conv_bn_var) @conv_bn_std
                  %conv_bn_scale: float[2] = Div(%scale, %conv_bn_std) @conv_bn_scale
                  %conv_bn_scale_w: float[2,1,1,1] = Unsqueeze(%conv_bn_scale, %conv_bn_axes) @conv_bn_scale_w
                  %conv_bn_weight: float[2,1,1,1] = Mul(%w, %conv_bn_scale_w) @conv_bn_weight
                  %conv_bn_centered: float[2] = Sub(%b, %mean) @conv_bn_centered
                  %conv_bn_shift: float[2] = Mul(%conv_bn_centered, %conv_bn_scale) @conv_bn_shift
                  %conv_bn_bias: float[2] = Add(%conv_bn_shift, %bias) @conv_bn_bias
                  %y: float[1,2,3,3] = Conv(%x, %conv_bn_weight, %conv_bn_bias) @conv
                  return %y
                }", text);
            // The new nodes are over weights only: folding evaluates them, exactly as the formula says.
            var (_, folded) = Run(new ConstantFolding(), text);
            Assert.Contains("const %conv_bn_weight: float[2,1,1,1] = [1.0, -2.0]", folded, System.StringComparison.Ordinal);
            Assert.Contains("const %conv_bn_bias: float[2] = [-0.25, -3.0]", folded, System.StringComparison.Ordinal);
        }

        [Fact]
        public void LoadTimeStageTakesComputationsOverWeightsOutOfTheRun()
        {
            // A weight read in place from the file (not known at build time) is transposed once per process, not per call.
            var (changed, text) = Run(new LoadTimeStage(), @"
                graph hoist(%x: float[1,300]) opset 13 {
                  init %w: float[400,300] = @file(128, 480000)
                  %wt: float[300,400] = Transpose(%w) @transpose_w
                  %y: float[1,400] = MatMul(%x, %wt) @matmul
                  return %y
                }");
            Assert.True(changed);
            AssertText(@"
                graph hoist(%x: float[1,300]) opset 13 {
                  init %w: float[400,300] = @file(128, 480000)
                  load %wt: float[300,400] = Transpose(%w) {perm = ?} @transpose_w
                  %y: float[1,400] = MatMul(%x, %wt) @matmul
                  return %y
                }".Replace(" {perm = ?}", ""), text);
        }
    }
}

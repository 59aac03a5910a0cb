using ModelGen.Compiler.Ir;
using System;
using System.Linq;
using ModelGen.Compiler.Ops.Definitions;
using ModelGen.Compiler.Writing;
using ModelGen.Tests.Infrastructure;
using Xunit;

namespace ModelGen.Tests.Compiler
{
    /// <summary>
    /// Slice's bounds as the ONNX spec clamps them: negative starts/ends count from the end; for positive steps
    /// start and end clamp to [0,n]; for negative steps start clamps to [0,n-1] and end to [-1,n-1].
    /// Expected values are the indices Python's range() walks after that clamping.
    /// </summary>
    public sealed class SliceNormalizeTests
    {
        [Theory]
        [InlineData(0, long.MaxValue, 1, 10, 0, 10)]        // INT64_MAX end: to the end
        [InlineData(-3, long.MaxValue, 1, 10, 7, 3)]        // the last three
        [InlineData(2, 5, 2, 10, 2, 2)]                     // 2, 4
        [InlineData(1, 10, 3, 10, 1, 3)]                    // 1, 4, 7
        [InlineData(-1, long.MinValue, -1, 10, 9, 10)]      // reversed: 9..0
        [InlineData(long.MaxValue, 0, -1, 10, 9, 9)]        // 9..1 (end excluded)
        [InlineData(9, -11, -2, 10, 9, 5)]                  // 9, 7, 5, 3, 1
        [InlineData(-1, -4, -1, 10, 9, 3)]                  // 9, 8, 7
        [InlineData(-100, -200, -1, 10, 0, 1)]              // start clamps to 0, end to -1: just 0
        [InlineData(20, 30, 1, 10, 10, 0)]                  // entirely past the end
        [InlineData(-100, 100, 3, 10, 0, 4)]                // 0, 3, 6, 9
        [InlineData(5, 2, 1, 10, 5, 0)]                     // empty: end before start
        [InlineData(2, 5, -1, 10, 2, 0)]                    // empty: backwards from before the end
        [InlineData(0, 0, 1, 0, 0, 0)]                      // empty axis
        [InlineData(long.MinValue, long.MaxValue, 1, 4, 0, 4)]
        public void Normalize(long start, long end, long step, long n, long expectedFirst, long expectedLength)
        {
            Slice.Normalize(start, end, step, n, out long first, out long length);
            Assert.Equal(expectedLength, length);
            if (expectedLength > 0) Assert.Equal(expectedFirst, first);
            Assert.Equal(expectedLength, Reference(start, end, step, n).Length);
        }

        [Theory]
        [InlineData(0, long.MaxValue, long.MaxValue, 10, 0)]       // only element 0
        [InlineData(9, long.MinValue, -long.MaxValue, 10, 9)]      // only element 9
        [InlineData(3, 10, long.MaxValue / 2, 10, 3)]
        public void HugeStepsTakeOneElement(long start, long end, long step, long n, long expectedFirst)
        {
            Slice.Normalize(start, end, step, n, out long first, out long length);
            Assert.Equal(1, length);
            Assert.Equal(expectedFirst, first);
        }

        [Fact]
        public void SliceWithAHugeStepCompilesAndRuns()
        {
            // x[0:INT64_MAX:INT64_MAX] = [x[0]]: the generated code must compile (steps are passed to the kernel as ints).
            string path = Generator.GenModels.Write(new OnnxModelBuilder("g", opset: 13)
                .Input("x", ElementType.Float, new object[] { 10 })
                .Initializer("starts", new[] { 1 }, new long[] { 0 })
                .Initializer("ends", new[] { 1 }, new long[] { long.MaxValue })
                .Initializer("axes", new[] { 1 }, new long[] { 0 })
                .Initializer("steps", new[] { 1 }, new long[] { long.MaxValue })
                .Node("Slice", new[] { "x", "starts", "ends", "axes", "steps" }, new[] { "y" }, name: "slice")
                .Output("y", ElementType.Float, new object[] { 1 })
                .ToBytes(), "huge_step.onnx");
            const string source = @"
namespace TestApp
{
    public static class Calls
    {
        public static float[] Run(float[] x) { var y = new float[HugeStep.YLength]; new HugeStep().Predict(x, y); return y; }
    }
}";
            var run = GeneratorHarness.Run(source, new[] { new ModelItem(path) });
            Assert.Empty(run.GeneratorDiagnostics);
            Assert.Empty(run.CompileDiagnostics);
            var call = Generator.GenModels.Bind<Func<float[], float[]>>(run.Load().GetType("TestApp.Calls")!, null, "Run");
            var x = Enumerable.Range(0, 10).Select(i => i + 0.5f).ToArray();
            Assert.Equal(new[] { 0.5f }, call(x));
        }

        /// <summary>The spec's algorithm, walking the indices one by one (small n only).</summary>
        private static long[] Reference(long start, long end, long step, long n)
        {
            long s = start < 0 ? Math.Max(start, -n) + n : start;
            long e = end < 0 ? Math.Max(end, -n - 1) + n : end;
            var result = new System.Collections.Generic.List<long>();
            if (step > 0)
            {
                s = Math.Min(s, n);
                e = Math.Min(e, n);
                for (long i = s; i < e; i += step) result.Add(i);
            }
            else
            {
                s = Math.Min(s, n - 1);
                e = Math.Min(e, n - 1);
                for (long i = s; i > e; i += step) result.Add(i);
            }
            return result.ToArray();
        }
    }
}

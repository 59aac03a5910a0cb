using System;
using System.Linq;
using ModelGen.Compiler;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Writing;
using Xunit;

namespace ModelGen.Tests.Diagnostics
{
    /// <summary>What the index and scan ops report instead of compiling: each problem as its MG id with a message that says why.</summary>
    public sealed class IndexingDiagnosticTests
    {
        private static OnnxModelBuilder Scatter(int opset, string op, string reduction, ElementType type) =>
            new OnnxModelBuilder("g", opset: opset)
                .Input("data", type, new object[] { 2, 3 })
                .Input("updates", type, new object[] { 2, 1 })
                .Initializer("indices", new[] { 2, 1 }, new long[] { 0, 1 })
                .Node(op, new[] { "data", "indices", "updates" }, new[] { "y" }, name: "s", attributes: a => a.String("reduction", reduction))
                .Output("y", type, new object[] { 2, 3 });

        [Fact]
        public void ReductionsMaxAndMinArriveAtRevision18()
        {
            DiagnosticRun.ExpectSingleProblem(Scatter(16, "ScatterElements", "max", ElementType.Float), "MG0103", "reduction='max' is not one of none, add, mul at revision 16");
            Assert.True(ModelCompiler.Compile(Scatter(18, "ScatterElements", "max", ElementType.Float).ToBytes(), CompileOptions.Default).Success);
            DiagnosticRun.ExpectSingleProblem(Scatter(18, "ScatterElements", "sum", ElementType.Float), "MG0103", "reduction='sum'");
        }

        [Fact]
        public void BoolScattersOnlyReplace()
        {
            DiagnosticRun.ExpectSingleProblem(Scatter(18, "ScatterElements", "add", ElementType.Bool), "MG0104", "reduction='add' over bool data");
            Assert.True(ModelCompiler.Compile(Scatter(18, "ScatterElements", "none", ElementType.Bool).ToBytes(), CompileOptions.Default).Success);
        }

        [Fact]
        public void ABuildTimeIndexOutOfRangeIsReported()
        {
            var model = new OnnxModelBuilder("g", opset: 13)
                .Input("data", ElementType.Float, new object[] { 2, 3 })
                .Initializer("indices", new[] { 1, 2 }, new long[] { 0, 3 })
                .Node("GatherElements", new[] { "data", "indices" }, new[] { "y" }, name: "g1", attributes: a => a.Int("axis", 1))
                .Output("y", ElementType.Float, null);
            DiagnosticRun.ExpectSingleProblem(model, "MG0201", "index 3 is out of range for axis 1 of size 3");
        }

        [Fact]
        public void GatherNDNeedsTheTupleLengthAtBuildTime()
        {
            var model = new OnnxModelBuilder("g", opset: 13)
                .Input("data", ElementType.Float, new object[] { 2, 3 })
                .Input("indices", ElementType.Int64, new object[] { 4, "k" })
                .Node("GatherND", new[] { "data", "indices" }, new[] { "y" }, name: "g1")
                .Output("y", ElementType.Float, null);
            DiagnosticRun.ExpectSingleProblem(model, "MG0202", "the indices' last dim (the tuple length) is k");
        }

        [Fact]
        public void ScatterNDUpdatesMustFitTheTuples()
        {
            var model = new OnnxModelBuilder("g", opset: 18)
                .Input("data", ElementType.Float, new object[] { 4, 3 })
                .Input("updates", ElementType.Float, new object[] { 2, 4 })
                .Initializer("indices", new[] { 2, 1 }, new long[] { 0, 1 })
                .Node("ScatterND", new[] { "data", "indices", "updates" }, new[] { "y" }, name: "s")
                .Output("y", ElementType.Float, null);
            DiagnosticRun.ExpectSingleProblem(model, "MG0201", "need [2,3]");
        }

        [Fact]
        public void ShapesTheOpsCannotTakeAreReported()
        {
            DiagnosticRun.ExpectSingleProblem(new OnnxModelBuilder("g", opset: 22)
                .Input("x", ElementType.Float, new object[] { 2, 3, 4 })
                .Node("EyeLike", new[] { "x" }, new[] { "y" }, name: "e")
                .Output("y", ElementType.Float, null), "MG0201", "must be 2-D");
            DiagnosticRun.ExpectSingleProblem(new OnnxModelBuilder("g", opset: 11)
                .Input("x", ElementType.Float, new object[] { 2, 3 })
                .Input("c", ElementType.Bool, new object[] { 2, 3 })
                .Node("Compress", new[] { "x", "c" }, new[] { "y" }, name: "c1")
                .Output("y", ElementType.Float, null), "MG0201", "'condition' must be 1-D");
            DiagnosticRun.ExpectSingleProblem(new OnnxModelBuilder("g", opset: 11)
                .Input("i", ElementType.Int64, new object[] { 3 })
                .Input("values", ElementType.Float, new object[] { 3 })
                .Initializer("depth", new int[0], new long[] { 4 })
                .Node("OneHot", new[] { "i", "depth", "values" }, new[] { "y" }, name: "o")
                .Output("y", ElementType.Float, null), "MG0201", "'values' must be [off, on]");
        }

        [Fact]
        public void TheDeprecatedScatterStillCompilesAtOpset11()
        {
            var model = new OnnxModelBuilder("g", opset: 11)
                .Input("data", ElementType.Float, new object[] { 2, 3 })
                .Input("updates", ElementType.Float, new object[] { 2, 1 })
                .Initializer("indices", new[] { 2, 1 }, new long[] { 0, -1 })
                .Node("Scatter", new[] { "data", "indices", "updates" }, new[] { "y" }, name: "s", attributes: a => a.Int("axis", 1))
                .Output("y", ElementType.Float, null);
            var result = ModelCompiler.Compile(model.ToBytes(), CompileOptions.Default);
            Assert.True(result.Success, string.Join("; ", result.Problems));
        }
    }
}

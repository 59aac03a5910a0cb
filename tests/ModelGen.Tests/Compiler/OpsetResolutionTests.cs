using System;
using System.Linq;
using ModelGen.Compiler;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops;
using ModelGen.Compiler.Ops.Schema;
using ModelGen.Compiler.Writing;
using Xunit;

namespace ModelGen.Tests.Compiler
{
    /// <summary>Opset resolution as ONNX defines it: a node uses its op's newest revision at or below the imported opset.</summary>
    public sealed class OpsetResolutionTests
    {
        [Fact]
        public void EveryImplementedRevisionIsAnOnnxRevisionAndNoneUpToTheNewestIsMissing()
        {
            foreach (var op in OpRegistry.All)
            {
                var onnx = OnnxOpsets.SinceVersions(op.Domain, op.OpType);
                Assert.True(onnx != null, op.OpType + " is not in ONNX's table");
                Assert.All(op.Schema.Revisions, r => Assert.Contains(r, onnx!));
                // Every revision ONNX defined up to the newest opset the table knows is implemented, so no opset up to it is refused.
                Assert.Equal(onnx!.Where(v => v <= OnnxOpsets.Newest), op.Schema.Revisions);
            }
        }

        private static CompileResult Relu(int opset) =>
            ModelCompiler.Compile(new OnnxModelBuilder("g", opset: opset)
                .Input("x", ElementType.Float, new object[] { 2 })
                .Node("Range", new[] { "s", "l", "d" }, new[] { "r" }, name: "range")
                .Initializer("s", new int[0], new float[] { 0 })
                .Initializer("l", new int[0], new float[] { 2 })
                .Initializer("d", new int[0], new float[] { 1 })
                .Node("Add", new[] { "x", "r" }, new[] { "y" }, name: "add")
                .Output("y", ElementType.Float, new object[] { 2 })
                .ToBytes(), CompileOptions.Default);

        [Fact]
        public void AnOpIsRefusedBeforeItsFirstRevision()
        {
            var result = Relu(10);
            var p = Assert.Single(result.Problems);
            Assert.Equal("MG0102", p.Id);
            Assert.Contains("Range does not exist at opset 10 of ai.onnx; its first revision is Range-11", p.Message, StringComparison.Ordinal);
            Assert.True(Relu(11).Success);
            Assert.True(Relu(27).Success);
        }

        [Fact]
        public void AnAttributeOfAnotherRevisionIsNamedWithItsRevisions()
        {
            // 'broadcast' belongs to Add-1 and Add-6 only.
            var result = ModelCompiler.Compile(new OnnxModelBuilder("g", opset: 13)
                .Input("x", ElementType.Float, new object[] { 2 })
                .Node("Add", new[] { "x", "x" }, new[] { "y" }, name: "add", attributes: a => a.Int("broadcast", 1))
                .Output("y", ElementType.Float, new object[] { 2 })
                .ToBytes(), CompileOptions.Default);
            var p = Assert.Single(result.Problems);
            Assert.Equal("MG0103", p.Id);
            Assert.Contains("attribute 'broadcast' is not part of Add-13 (it belongs to revisions 1 to 6)", p.Message, StringComparison.Ordinal);
        }
    }
}

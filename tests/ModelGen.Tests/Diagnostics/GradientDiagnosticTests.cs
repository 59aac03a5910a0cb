using System;
using ModelGen.Compiler;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Writing;
using Xunit;

namespace ModelGen.Tests.Diagnostics
{
    /// <summary>
    /// Gradient is differentiated at build time through a few ops; what it reports for the rest. (Its numbers are
    /// checked against ONNX's data by the conformance suite: simple/test_gradient_of_add and _of_add_and_mul.)
    /// </summary>
    public sealed class GradientDiagnosticTests
    {
        private static OnnxModelBuilder Through(string op, object[] bShape) =>
            new OnnxModelBuilder("g", opset: 12)
                .OpsetImport("ai.onnx.preview.training", 1)
                .Input("a", ElementType.Float, new object[] { 2, 3 })
                .Input("b", ElementType.Float, bShape)
                .Node("Add", new[] { "a", "b" }, new[] { "c" }, name: "sum")
                .Node(op, new[] { "c" }, new[] { "d" }, name: "act")
                .Node("Gradient", new[] { "a", "b" }, new[] { "dd_da", "dd_db" }, name: "grad", domain: "ai.onnx.preview.training",
                    attributes: x => x.Strings("xs", "a", "b").String("y", "d"))
                .Output("d", ElementType.Float, null)
                .Output("dd_da", ElementType.Float, null)
                .Output("dd_db", ElementType.Float, null);

        [Fact]
        public void AnOpWithoutADerivativeIsNamed()
        {
            DiagnosticRun.ExpectSingleProblem(Through("Relu", new object[] { 2, 3 }), "MG0101", "Gradient node 'grad': y depends on the xs through Relu node 'act', which Gradient does not differentiate");
        }

        [Fact]
        public void BroadcastingOperandsAreReported()
        {
            DiagnosticRun.ExpectSingleProblem(Through("Identity", new object[] { 1, 3 }), "MG0103", "through Add node 'sum', whose operands broadcast");
        }

        [Fact]
        public void IdentityAndAddDifferentiate()
        {
            var result = ModelCompiler.Compile(Through("Identity", new object[] { 2, 3 }).ToBytes(), CompileOptions.Default);
            Assert.True(result.Success, string.Join("; ", result.Problems));
        }
    }
}

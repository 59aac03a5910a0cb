using ModelGen.Compiler.Ir;
using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using ModelGen.Compiler.Writing;
using ModelGen.Tests.Generator;
using Xunit;

namespace ModelGen.Tests.Diagnostics
{
    /// <summary>MG02xx and MG03xx: shapes that do not fit, shapes only known at run time, tensors too large.</summary>
    public sealed class ShapeDiagnosticTests
    {
        [Fact]
        public void MG0201_AddOfShapesThatDoNotBroadcast()
        {
            var bytes = new OnnxModelBuilder("g", opset: 13)
                .Input("a", ElementType.Float, new object[] { 2, 3 })
                .Input("b", ElementType.Float, new object[] { 4, 5 })
                .Node("Add", new[] { "a", "b" }, new[] { "y" }, name: "add1")
                .Output("y", ElementType.Float, new object[] { 4, 5 })
                .ToBytes();
            var (run, path) = DiagnosticRun.Generate(bytes);
            var d = Assert.Single(DiagnosticRun.Expect(run, path, "MG0201"));
            DiagnosticRun.AssertNamesNode(d, "Add", "add1");
            Assert.Contains("[2,3]", d.GetMessage(), StringComparison.Ordinal);
            Assert.Contains("[4,5]", d.GetMessage(), StringComparison.Ordinal);
        }

        [Fact]
        public void MG0202_ReshapeToARankKnownOnlyAtRunTime()
        {
            // A target shape read at run time is fine, but its length (the output's rank) must be a build-time number.
            var bytes = new OnnxModelBuilder("g", opset: 13)
                .Input("x", ElementType.Float, new object[] { 2, 3 })
                .Input("shape", ElementType.Int64, new object[] { "k" })
                .Node("Reshape", new[] { "x", "shape" }, new[] { "y" }, name: "reshape1")
                .Output("y", ElementType.Float, null)
                .ToBytes();
            var (run, path) = DiagnosticRun.Generate(bytes);
            var d = Assert.Single(DiagnosticRun.Expect(run, path, "MG0202"));
            DiagnosticRun.AssertNamesNode(d, "Reshape", "reshape1");
            Assert.Contains("length of the target shape is k", d.GetMessage(), StringComparison.Ordinal);
        }

        [Fact]
        public void MG0203_InputWithoutShape()
        {
            var bytes = new OnnxModelBuilder("g", opset: 13)
                .Input("x", ElementType.Float, null)
                .Node("Relu", new[] { "x" }, new[] { "y" }, name: "r1")
                .Output("y", ElementType.Float, new object[] { 2 })
                .ToBytes();
            var (run, path) = DiagnosticRun.Generate(bytes);
            var d = Assert.Single(DiagnosticRun.Expect(run, path, "MG0203"));
            Assert.Contains("'x'", d.GetMessage(), StringComparison.Ordinal);
        }

        [Fact]
        public void MG0204_MalformedDimsMetadataIsAWarning()
        {
            var (run, path) = DiagnosticRun.Generate(GenModels.TinyNet("N"), "tiny_net.onnx", dims: "N=abc");
            var d = Assert.Single(DiagnosticRun.Expect(run, path, "MG0204", DiagnosticSeverity.Warning, messageNamesFile: false));
            Assert.Contains("N=abc", d.GetMessage(), StringComparison.Ordinal);
            // A warning: the bad entry is ignored and the class is still generated, with N left symbolic.
            Assert.Equal(3, run.Sources.Count);
            Assert.Contains("public void Predict(int n, ", run.Sources["TinyNet.Predict.g.cs"], StringComparison.Ordinal);
        }

        [Fact]
        public void MG0204_DimsNamingADimTheModelDoesNotHave()
        {
            var (run, path) = DiagnosticRun.Generate(GenModels.TinyNet("N"), "tiny_net.onnx", dims: "Q=3");
            var d = Assert.Single(DiagnosticRun.Expect(run, path, "MG0204", DiagnosticSeverity.Warning, messageNamesFile: false));
            Assert.Contains("Q", d.GetMessage(), StringComparison.Ordinal);
            Assert.Equal(3, run.Sources.Count);
        }

        [Fact]
        public void MG0301_TensorWithMoreThanIntMaxElements()
        {
            // A value inference computes: 65536 rows expanded to 65536 columns, 2^32 elements.
            var bytes = new OnnxModelBuilder("g", opset: 13)
                .Input("x", ElementType.Float, new object[] { 65536, 1 })
                .Initializer("shape", new[] { 2 }, new long[] { 65536, 65536 })
                .Node("Expand", new[] { "x", "shape" }, new[] { "wide" }, name: "grow")
                .Node("Relu", new[] { "wide" }, new[] { "y" }, name: "r1")
                .Output("y", ElementType.Float, null)
                .ToBytes();
            var (run, path) = DiagnosticRun.Generate(bytes);
            var found = DiagnosticRun.Expect(run, path, "MG0301");
            Assert.Contains(found, d => d.GetMessage().Contains("Expand node 'grow'", StringComparison.Ordinal));
            Assert.All(found, d => Assert.Contains("[65536,65536]", d.GetMessage(), StringComparison.Ordinal));
            // A graph input that declares as much is refused at import, before any shape arithmetic on it.
            var declared = new OnnxModelBuilder("g", opset: 13)
                .Input("x", ElementType.Float, new object[] { 65536, 65536 })
                .Node("Relu", new[] { "x" }, new[] { "y" }, name: "r1")
                .Output("y", ElementType.Float, null)
                .ToBytes();
            var (run2, path2) = DiagnosticRun.Generate(declared);
            Assert.Contains(DiagnosticRun.Expect(run2, path2, "MG0301"), d => d.GetMessage().Contains("Graph input 'x' declares [65536,65536]", StringComparison.Ordinal));
        }
    }
}

using ModelGen.Compiler.Ir;
using System;
using System.Linq;
using ModelGen.Compiler.Reading.Proto;
using ModelGen.Compiler.Writing;
using ModelGen.Tests.Generator;
using Xunit;

namespace ModelGen.Tests.Diagnostics
{
    /// <summary>MG01xx: ops, opsets, attributes, element types and graph structure ModelGen cannot import.</summary>
    public sealed class ImportDiagnosticTests
    {
        [Fact]
        public void MG0101_EveryUnsupportedOpIsReportedAtOnce()
        {
            var bytes = new OnnxModelBuilder("g", opset: 13)
                .Input("x", ElementType.Float, new object[] { 2, 2 })
                .Node("RandomNormalLike", new[] { "x" }, new[] { "a" }, name: "first_bad")
                .Node("Relu", new[] { "a" }, new[] { "r" }, name: "fine")
                .Node("Multinomial", new[] { "r" }, new[] { "b" }, name: "second_bad")
                .Node("Bernoulli", new[] { "b" }, new[] { "c" }, name: "third_bad")
                .Output("c", ElementType.Float, new object[] { })
                .ToBytes();
            var (run, path) = DiagnosticRun.Generate(bytes);

            var found = DiagnosticRun.Expect(run, path, "MG0101");
            Assert.Equal(3, found.Length);
            DiagnosticRun.AssertNamesNode(found.Single(d => d.GetMessage().Contains("RandomNormalLike", StringComparison.Ordinal)), "RandomNormalLike", "first_bad");
            DiagnosticRun.AssertNamesNode(found.Single(d => d.GetMessage().Contains("Multinomial", StringComparison.Ordinal)), "Multinomial", "second_bad");
            DiagnosticRun.AssertNamesNode(found.Single(d => d.GetMessage().Contains("Bernoulli", StringComparison.Ordinal)), "Bernoulli", "third_bad");
            Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.GetMessage().Contains("'fine'", StringComparison.Ordinal));
        }

        [Fact]
        public void MG0102_OpsetOutOfRange()
        {
            var bytes = new OnnxModelBuilder("g", opset: 99)
                .Input("x", ElementType.Float, new object[] { 2 })
                .Node("Relu", new[] { "x" }, new[] { "y" }, name: "r1")
                .Output("y", ElementType.Float, new object[] { 2 })
                .ToBytes();
            var (run, path) = DiagnosticRun.Generate(bytes);
            var d = Assert.Single(DiagnosticRun.Expect(run, path, "MG0102"));
            DiagnosticRun.AssertNamesNode(d, "Relu", "r1");
            Assert.Contains("99", d.GetMessage(), StringComparison.Ordinal);
        }

        [Fact]
        public void MG0103_UnknownAttribute()
        {
            var bytes = new OnnxModelBuilder("g", opset: 13)
                .Input("x", ElementType.Float, new object[] { 2 })
                .Node("Relu", new[] { "x" }, new[] { "y" }, name: "r1", attributes: a => a.Int("frobnicate", 1))
                .Output("y", ElementType.Float, new object[] { 2 })
                .ToBytes();
            var (run, path) = DiagnosticRun.Generate(bytes);
            var d = Assert.Single(DiagnosticRun.Expect(run, path, "MG0103"));
            DiagnosticRun.AssertNamesNode(d, "Relu", "r1");
            Assert.Contains("frobnicate", d.GetMessage(), StringComparison.Ordinal);
        }

        [Fact]
        public void MG0103_ConvWithBogusAutoPad()
        {
            var (run, path) = DiagnosticRun.Generate(Conv(ElementType.Float, a => a.String("auto_pad", "BOGUS")));
            var d = Assert.Single(DiagnosticRun.Expect(run, path, "MG0103"));
            DiagnosticRun.AssertNamesNode(d, "Conv", "conv1");
            Assert.Contains("BOGUS", d.GetMessage(), StringComparison.Ordinal);
        }

        [Fact]
        public void MG0104_ComplexGraphInput()
        {
            var bytes = new OnnxModelBuilder("g", opset: 13)
                .Input("waves", ElementType.Complex64, new object[] { 2 })
                .Input("x", ElementType.Float, new object[] { 2 })
                .Node("Relu", new[] { "x" }, new[] { "y" }, name: "r1")
                .Output("y", ElementType.Float, new object[] { 2 })
                .ToBytes();
            var (run, path) = DiagnosticRun.Generate(bytes);
            var d = Assert.Single(DiagnosticRun.Expect(run, path, "MG0104"));
            Assert.Contains("'waves'", d.GetMessage(), StringComparison.Ordinal);
            Assert.Contains("complex64", d.GetMessage(), StringComparison.OrdinalIgnoreCase);
        }

        [Fact]
        public void MG0104_ConvOnInt64()
        {
            var (run, path) = DiagnosticRun.Generate(Conv(ElementType.Int64, null));
            var d = Assert.Single(DiagnosticRun.Expect(run, path, "MG0104"));
            DiagnosticRun.AssertNamesNode(d, "Conv", "conv1");
            Assert.Contains("int64", d.GetMessage(), StringComparison.OrdinalIgnoreCase);
        }

        [Fact]
        public void MG0105_NodeReadsAnUndefinedValue()
        {
            var bytes = new OnnxModelBuilder("g", opset: 13)
                .Input("x", ElementType.Float, new object[] { 2 })
                .Node("Add", new[] { "x", "ghost" }, new[] { "y" }, name: "add1")
                .Output("y", ElementType.Float, new object[] { 2 })
                .ToBytes();
            var (run, path) = DiagnosticRun.Generate(bytes);
            var d = Assert.Single(DiagnosticRun.Expect(run, path, "MG0105"));
            DiagnosticRun.AssertNamesNode(d, "Add", "add1");
            Assert.Contains("'ghost'", d.GetMessage(), StringComparison.Ordinal);
        }

        [Fact]
        public void MG0105_Cycle()
        {
            var bytes = new OnnxModelBuilder("g", opset: 13)
                .Input("x", ElementType.Float, new object[] { 2 })
                .Node("Add", new[] { "x", "b" }, new[] { "a" }, name: "left")
                .Node("Relu", new[] { "a" }, new[] { "b" }, name: "right")
                .Output("b", ElementType.Float, new object[] { 2 })
                .ToBytes();
            var (run, path) = DiagnosticRun.Generate(bytes);
            var d = Assert.Single(DiagnosticRun.Expect(run, path, "MG0105"));
            Assert.Contains("cycle", d.GetMessage(), StringComparison.OrdinalIgnoreCase);
            Assert.True(d.GetMessage().Contains("Add node 'left'", StringComparison.Ordinal) || d.GetMessage().Contains("Relu node 'right'", StringComparison.Ordinal), d.GetMessage());
        }

        [Fact]
        public void MG0106_SequenceTypedInput()
        {
            var bytes = DiagnosticRun.Patch(GenModels.TinyNet(1), m => m.Graph.Input.Add(new ValueInfoProto
            {
                Name = "items",
                Type = new TypeProto
                {
                    SequenceType = new TypeProto.Types.Sequence { ElemType = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = 1 } } },
                },
            }));
            var (run, path) = DiagnosticRun.Generate(bytes);
            var d = Assert.Single(DiagnosticRun.Expect(run, path, "MG0106"));
            Assert.Contains("'items'", d.GetMessage(), StringComparison.Ordinal);
            Assert.Contains("Sequence", d.GetMessage(), StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>Conv node 'conv1' over x [1,1,4,4] with weights [1,1,3,3] of <paramref name="type"/>.</summary>
        private static byte[] Conv(ElementType type, Action<OnnxAttributeBuilder>? attributes)
        {
            var b = new OnnxModelBuilder("g", opset: 13).Input("x", type, new object[] { 1, 1, 4, 4 });
            if (type == ElementType.Float) b.Initializer("w", new[] { 1, 1, 3, 3 }, Enumerable.Repeat(1f, 9).ToArray());
            else b.Initializer("w", new[] { 1, 1, 3, 3 }, Enumerable.Repeat(1L, 9).ToArray());
            return b.Node("Conv", new[] { "x", "w" }, new[] { "y" }, name: "conv1", attributes: attributes)
                .Output("y", type, new object[] { 1, 1, 2, 2 })
                .ToBytes();
        }
    }
}

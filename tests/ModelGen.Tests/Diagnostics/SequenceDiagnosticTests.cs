using System;
using System.Linq;
using ModelGen.Compiler;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Writing;
using Xunit;

namespace ModelGen.Tests.Diagnostics
{
    /// <summary>
    /// Sequences are resolved at build time (sequence ops become tensor nodes): what the compiler reports when a
    /// model needs a sequence it cannot resolve, and that a resolvable one leaves no sequence op behind. (The numbers
    /// are checked against ONNX's data by the conformance suite: simple/test_sequence_model1..7.)
    /// </summary>
    public sealed class SequenceDiagnosticTests
    {
        private static OnnxModelBuilder Pair(int opset = 12) =>
            new OnnxModelBuilder("g", opset: opset)
                .Input("a", ElementType.Float, new object[] { 2, 3 })
                .Input("b", ElementType.Float, new object[] { 2, 3 })
                .Node("SequenceConstruct", new[] { "a", "b" }, new[] { "s" }, name: "make");

        [Fact]
        public void ARunTimePositionIsReportedWithTheNode()
        {
            var model = Pair()
                .Input("p", ElementType.Int64, new object[0])
                .Node("SequenceAt", new[] { "s", "p" }, new[] { "y" }, name: "pick")
                .Output("y", ElementType.Float, null);
            DiagnosticRun.ExpectSingleProblem(model, "MG0202", "SequenceAt node 'pick': position 'p' is computed at run time");
        }

        [Fact]
        public void APositionOutOfRangeIsReported()
        {
            var model = Pair()
                .Initializer("p", new int[0], new long[] { 2 })
                .Node("SequenceAt", new[] { "s", "p" }, new[] { "y" }, name: "pick")
                .Output("y", ElementType.Float, null);
            DiagnosticRun.ExpectSingleProblem(model, "MG0105", "position 2 is out of range for a sequence of 2 elements");
        }

        [Fact]
        public void ASequenceReadByATensorOpIsReported()
        {
            var model = Pair()
                .Node("Identity", new[] { "s" }, new[] { "y" }, name: "copy")
                .Output("y", ElementType.Float, null);
            DiagnosticRun.ExpectSingleProblem(model, "MG0106", "sequence 's' is read by Identity node 'copy'");
        }

        [Fact]
        public void ConcatFromSequenceBecomesAConcatOfTheElements()
        {
            var model = Pair()
                .Node("ConcatFromSequence", new[] { "s" }, new[] { "y" }, name: "join", attributes: a => a.Int("axis", 1).Int("new_axis", 1))
                .Output("y", ElementType.Float, null);
            var result = ModelCompiler.Compile(model.ToBytes(), CompileOptions.Default);
            Assert.True(result.Success, string.Join("; ", result.Problems));
            string run = result.Sources.Single(s => s.HintName.EndsWith(".Run.g.cs", StringComparison.Ordinal)).Text;
            Assert.DoesNotContain("Sequence", run, StringComparison.Ordinal);
            Assert.Contains("Concat", run, StringComparison.OrdinalIgnoreCase);
        }
    }
}

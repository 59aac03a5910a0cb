using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Tests.Passes;
using Xunit;

namespace ModelGen.Tests.Compiler
{
    /// <summary>The IR's text form: what the printer writes, the parser reads back to the same graph (and the same text).</summary>
    public sealed class IrTextTests
    {
        private const string Sample = @"graph sample(%x: float[N,4], %cond: bool[]) opset 13, com.example=2 {
  init %big: float[4,4] = @file(128, 64)
  const %shape: int64[2] = [N, 4]
  const %small: float[3] = [0.5, -1.25, 1E-07]
  %a: float[N,4] = Relu(%x) @relu
  %b: float[N,4] = Reshape(%a, %shape) {allowzero = 0} @""odd name""
  %c: float[N,4], _ = com.example::Custom(%b, _) {alpha = 0.2, kinds = strings [""a"", ""b""], mode = ""fast"", pads = [1, 1], scales = floats [1.5, 2.0], value = tensor int64[2] [3, 4]} @custom
  %r: float[N,4] = If(%cond) {else_branch = graph else() {
      %e: float[N,4] = Exp(%c) @exp
      return %e
    }, then_branch = graph then() {
      return %c
    }} @if
  load %d: float[4,4] = Transpose(%big) @t
  return %r
}";

        [Fact]
        public void PrintParsePrintIsStable()
        {
            var g = IrParser.Parse(Sample);
            string printed = IrPrinter.Print(g);
            // Load-time nodes print before the run-time ones; everything else comes back as written.
            string expected = Sample.Replace("  load %d: float[4,4] = Transpose(%big) @t\n", "");
            expected = expected.Replace("  %a: float[N,4] = Relu(%x) @relu", "  load %d: float[4,4] = Transpose(%big) @t\n  %a: float[N,4] = Relu(%x) @relu");
            PassTestHost.AssertText(expected, printed);
            Assert.Equal(printed, IrPrinter.Print(IrParser.Parse(printed)));
        }

        [Fact]
        public void ParsedGraphHasScopesValuesAndAttributes()
        {
            var g = IrParser.Parse(Sample);
            Assert.Null(g.Verify());
            Assert.Equal(new[] { "x", "cond" }, g.Inputs.Select(v => v.Name));
            Assert.Equal(2, g.Opsets["com.example"]);
            var shape = g.Values["shape"];
            Assert.Equal(ValueKind.Constant, shape.Kind);
            Assert.Equal(new[] { Dim.Symbol("N"), Dim.Of(4) }, shape.Symbolic!.Elements);
            Assert.Equal(64, g.Values["big"].Location!.ByteLength);
            var custom = g.Nodes.Single(n => n.Name == "custom");
            Assert.Equal("com.example", custom.Domain);
            Assert.Null(custom.Outputs[1]);
            Assert.Null(custom.Inputs[1]);
            Assert.Equal(0.2f, custom.Attributes["alpha"].Float);
            Assert.Equal(new long[] { 3, 4 }, custom.Attributes["value"].Tensor!.AsInt64());
            var iff = g.Nodes.Single(n => n.OpType == "If");
            var then = iff.Attributes["then_branch"].Graph!;
            Assert.Same(iff, then.Owner);
            Assert.Same(g, then.Parent);
            Assert.Same(g.Values["c"], then.Outputs[0]); // a capture from the enclosing scope
            Assert.Contains(g.Values["c"], Captures.Of(iff));
            Assert.Equal(ValueKind.Derived, g.Values["d"].Kind);
            Assert.Single(g.LoadTimeNodes);
            Assert.Equal("odd name", g.Nodes.Single(n => n.OpType == "Reshape").Name);
        }

        [Fact]
        public void BadTextSaysWhere()
        {
            var e = Assert.Throws<System.FormatException>(() => IrParser.Parse("graph g(%x: float[2]) {\n  %y: float[2] = Relu(%nope) @r\n  return %y\n}"));
            Assert.Contains("line 2", e.Message, System.StringComparison.Ordinal);
            Assert.Contains("'nope' is read before it is defined", e.Message, System.StringComparison.Ordinal);
        }
    }
}

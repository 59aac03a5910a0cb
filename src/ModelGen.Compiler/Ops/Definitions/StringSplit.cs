using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>The output's last dim (a run-time dim: the most substrings of any element), the delimiter, maxsplit (-1: none).</summary>
    internal sealed record StringSplitPlan(Dim Width, string Delimiter, int MaxSplit) : OpPlan;

    /// <summary>
    /// ONNX StringSplit: Y = each element's substrings along a new last axis, padded with "" to the widest; Z = their
    /// counts. The width depends on the strings, so a first call measures it (a run-time dim) and a second splits.
    /// Spec: https://onnx.ai/onnx/operators/onnx__StringSplit.html
    /// </summary>
    internal sealed class StringSplit : Op<StringSplitPlan>
    {
        private static readonly Attr<string> Delimiter = Attr.String("delimiter", "");
        private static readonly Attr<long?> MaxSplit = Attr.OptionalInt("maxsplit");

        public override OpSchema Schema { get; } = new OpSchema("StringSplit", new[] { 20 })
            .Input("X", "T1").Output("Y", "T2").Output("Z", "T3")
            .Types("T1", new[] { ElementType.String }).Types("T2", new[] { ElementType.String }).Types("T3", TypeSets.Int64)
            .WithAttributes(Delimiter, MaxSplit);

        public override string Summary => "substrings along a new last axis (padded with \"\") and their counts; the width is a run-time dim.";

        protected override StringSplitPlan? Infer(InferContext c)
        {
            long? maxsplit = c.Get(MaxSplit);
            if (maxsplit is long m && (m < 0 || m >= int.MaxValue))
                return c.Reject<StringSplitPlan>(DiagnosticIds.UnsupportedAttribute, "maxsplit " + m + " must be at least 0.");
            var x = c.InShape(0);
            // With maxsplit, no element gives more than maxsplit + 1 substrings.
            var width = c.RuntimeDim(0, maxsplit is long bound ? Dim.Of(bound + 1) : null);
            c.SetOutput(0, ElementType.String, new Shape(x.Dims.Concat(new[] { width })));
            c.SetOutput(1, ElementType.Int64, x);
            return new StringSplitPlan(width, c.Get(Delimiter), maxsplit is long k ? (int)k : -1);
        }

        protected override void Lower(LowerContext c, StringSplitPlan p)
        {
            c.Call("string.split.dims").In("x", c.In(0)).Text("delimiter", p.Delimiter).Integer("maxsplit", ElementType.Int32, p.MaxSplit)
                .Symbols("count", new[] { p.Width.SymbolName! }).Emit();
            c.Call("string.split").In("x", c.In(0)).Out("y", c.Out(0)).Out("z", c.Out(1)).Text("delimiter", p.Delimiter)
                .Integer("maxsplit", ElementType.Int32, p.MaxSplit).Dim("width", p.Width).Emit();
        }
    }
}

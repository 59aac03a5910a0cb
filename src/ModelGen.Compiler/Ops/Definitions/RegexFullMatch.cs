using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>The pattern, anchored at both ends so that a match covers the whole string.</summary>
    internal sealed record RegexFullMatchPlan(string Anchored) : OpPlan;

    /// <summary>
    /// ONNX RegexFullMatch: whether each string matches the pattern as a whole. ONNX names RE2 syntax; .NET's regex
    /// engine agrees with it on the common subset (classes, quantifiers, alternation, groups), culture-invariant.
    /// Spec: https://onnx.ai/onnx/operators/onnx__RegexFullMatch.html
    /// </summary>
    internal sealed class RegexFullMatch : Op<RegexFullMatchPlan>
    {
        private static readonly Attr<string> Pattern = Attr.String("pattern", "");

        public override OpSchema Schema { get; } = new OpSchema("RegexFullMatch", new[] { 20 })
            .Input("X", "T1").Output("Y", "T2").Types("T1", new[] { ElementType.String }).Types("T2", TypeSets.Bool).WithAttributes(Pattern);

        public override string Summary => "y = whether x matches 'pattern' in full (.NET regex, culture-invariant).";

        protected override RegexFullMatchPlan? Infer(InferContext c)
        {
            string anchored = @"\A(?:" + c.Get(Pattern) + @")\z";
            try
            {
                _ = new System.Text.RegularExpressions.Regex(anchored, System.Text.RegularExpressions.RegexOptions.CultureInvariant);
            }
            catch (System.ArgumentException e)
            {
                return c.Reject<RegexFullMatchPlan>(DiagnosticIds.UnsupportedAttribute, "'pattern' is not a valid regular expression: " + e.Message);
            }
            c.SetOutput(0, ElementType.Bool, c.InShape(0));
            return new RegexFullMatchPlan(anchored);
        }

        protected override void Lower(LowerContext c, RegexFullMatchPlan p) =>
            c.Call("string.full_match").In("x", c.In(0)).Out("y", c.Out(0)).Text("pattern", p.Anchored).Emit();
    }
}

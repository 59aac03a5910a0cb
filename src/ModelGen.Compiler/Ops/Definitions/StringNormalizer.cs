using System.Linq;
using ModelGen.Compiler.Diagnostics;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Lowering;
using ModelGen.Compiler.Ops.Schema;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>The kept count (a run-time dim: it depends on the strings), the case change (0 none, 1 lower, 2 upper), the stopwords.</summary>
    internal sealed record StringNormalizerPlan(Dim Kept, int CaseChange, bool CaseSensitive, ValueList<string> Stopwords) : OpPlan;

    /// <summary>
    /// ONNX StringNormalizer over [C] or [1, C]: drops the elements equal to a stopword (ignoring case unless
    /// is_case_sensitive), then lower- or upper-cases them; an all-dropped result is one "". Case changes are
    /// culture-invariant: 'locale' is accepted and not used. Spec: https://onnx.ai/onnx/operators/onnx__StringNormalizer.html
    /// </summary>
    internal sealed class StringNormalizer : Op<StringNormalizerPlan>
    {
        private static readonly Attr<string> CaseChangeAction = Attr.String("case_change_action", "NONE");
        private static readonly Attr<long> IsCaseSensitive = Attr.Int("is_case_sensitive", 0);
        private static readonly Attr<string> Locale = Attr.String("locale", "").Ignored("case changes are culture-invariant");
        private static readonly Attr<string[]?> Stopwords = Attr.Strings("stopwords");

        public override OpSchema Schema { get; } = new OpSchema("StringNormalizer", new[] { 10 })
            .Input("X", "T").Output("Y", "T").Types("T", new[] { ElementType.String })
            .WithAttributes(CaseChangeAction, IsCaseSensitive, Locale, Stopwords);

        public override string Summary => "drops stopwords, then changes case (culture-invariant); the kept count is a run-time dim.";

        protected override StringNormalizerPlan? Infer(InferContext c)
        {
            var x = c.InShape(0);
            if (!(x.Rank == 1 || (x.Rank == 2 && x[0].IsStatic && x[0].Value == 1)))
                return c.Reject<StringNormalizerPlan>(DiagnosticIds.ShapeMismatch, "'X' must be [C] or [1, C], not " + x + ".");
            string action = c.Get(CaseChangeAction);
            int change = action == "NONE" ? 0 : action == "LOWER" ? 1 : action == "UPPER" ? 2 : -1;
            if (change < 0) return c.Reject<StringNormalizerPlan>(DiagnosticIds.UnsupportedAttribute, "case_change_action '" + action + "' is not LOWER, UPPER or NONE.");
            var length = x[x.Rank - 1];
            // At least one element comes out (an all-dropped input gives one ""), at most C.
            var kept = c.RuntimeDim(0, Dim.Max(length, Dim.One));
            c.SetOutput(0, ElementType.String, new Shape(x.Rank == 1 ? new[] { kept } : new[] { Dim.One, kept }));
            return new StringNormalizerPlan(kept, change, c.Get(IsCaseSensitive) != 0, (c.Get(Stopwords) ?? new string[0]).ToValueList());
        }

        protected override void Lower(LowerContext c, StringNormalizerPlan p) =>
            c.Call("string.normalize").In("x", c.In(0)).Out("y", c.Out(0)).Texts("stopwords", p.Stopwords)
                .Bool("caseSensitive", p.CaseSensitive).Integer("caseChange", ElementType.Int32, p.CaseChange)
                .Symbols("count", new[] { p.Kept.SymbolName! }).Emit();
    }
}

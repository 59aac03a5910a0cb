using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;
using static ModelGen.Compiler.Ops.Expressions.ScalarExpr;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>The shared schema of Greater, Less and Equal: A and B of one type, a bool C, numpy broadcasting (opset 7+; the legacy attributes before).</summary>
    internal abstract class ComparisonOp : ElementwiseOp
    {
        protected static readonly ScalarExpr A = Arg(0, "A"), B = Arg(1, "B");

        protected ComparisonOp(string opType, int[] revisions, System.Collections.Generic.IReadOnlyCollection<ElementType> types)
        {
            Schema = new OpSchema(opType, revisions)
                .Input("A", "T").Input("B", "T").Output("C", "T1")
                .Types("T", types).Types("T1", TypeSets.Bool)
                .WithAttributes(LegacyBroadcast, LegacyAxis);
        }

        public override OpSchema Schema { get; }
        protected override bool HasLegacyBroadcast => true;
    }
}

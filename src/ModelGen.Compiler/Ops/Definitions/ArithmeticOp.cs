using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;
using static ModelGen.Compiler.Ops.Expressions.ScalarExpr;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>The shared schema of Add, Sub, Mul and Div: A and B of one numeric type, legacy broadcast attributes before revision 7.</summary>
    internal abstract class ArithmeticOp : ElementwiseOp
    {
        protected static readonly ScalarExpr A = Arg(0, "A"), B = Arg(1, "B");

        protected ArithmeticOp(string opType)
        {
            Schema = new OpSchema(opType, new[] { 1, 6, 7, 13, 14 })
                .Input("A", "T").Input("B", "T").Output("C", "T")
                .Types("T", TypeSets.Numeric)
                .WithAttributes(LegacyBroadcast, LegacyAxis, ConsumedInputs);
        }

        public override OpSchema Schema { get; }
        protected override bool HasLegacyBroadcast => true;
    }
}

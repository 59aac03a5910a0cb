using System.Collections.Generic;
using System.Linq;
using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;
using static ModelGen.Compiler.Ops.Expressions.ScalarExpr;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX Pow: z = x^y with broadcasting (legacy broadcast=1/axis before revision 7). Integers raise exactly,
    /// wrapping like repeated multiplication. A base and an exponent of different types (allowed from revision 12)
    /// compute in double and convert to the base's type (truncating toward zero for an integer base), as numpy's
    /// power, ONNX's reference, promotes them. Spec: https://onnx.ai/onnx/operators/onnx__Pow.html
    /// </summary>
    internal sealed class Pow : ElementwiseOp
    {
        private static readonly ElementType[] BaseTypes = TypeSets.Float.Concat(new[] { ElementType.Int32, ElementType.Int64 }).ToArray();

        public override OpSchema Schema { get; } = new OpSchema("Pow", new[] { 1, 7, 12, 13, 15 })
            .Input("X", "T").Input("Y", "T1").Output("Z", "T").Types("T", BaseTypes).Types("T1", TypeSets.Numeric)
            .WithAttributes(LegacyBroadcast, LegacyAxis);

        public override ScalarExpr Expression { get; } = Call(ScalarFn.Pow, Arg(0, "X"), Arg(1, "Y"));

        protected override bool HasLegacyBroadcast => true;

        protected override ElementType? ComputeType(IReadOnlyList<ElementType> operandTypes) =>
            operandTypes[0] == operandTypes[1] ? (ElementType?)null : ElementType.Double;

        protected override ElementType OutputType(IReadOnlyList<ElementType> operandTypes) => operandTypes[0];
    }
}

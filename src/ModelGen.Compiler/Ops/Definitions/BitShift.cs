using ModelGen.Compiler.Ir;
using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;
using static ModelGen.Compiler.Ops.Expressions.ScalarExpr;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>
    /// ONNX BitShift: z = x &lt;&lt; y or x &gt;&gt; y ('direction' LEFT or RIGHT) on unsigned integers, with broadcasting.
    /// Bits shifted past the width are lost. Spec: https://onnx.ai/onnx/operators/onnx__BitShift.html
    /// </summary>
    internal sealed class BitShift : ElementwiseOp
    {
        private static readonly Attr<string> Direction = Attr.String("direction", "").Required();
        private static readonly ElementType[] Unsigned = { ElementType.UInt8, ElementType.UInt16, ElementType.UInt32, ElementType.UInt64 };

        public override OpSchema Schema { get; } = new OpSchema("BitShift", new[] { 11 })
            .Input("X", "T").Input("Y", "T").Output("Z", "T").Types("T", Unsigned).WithAttributes(Direction);

        public override ScalarExpr Expression { get; } = Call(ScalarFn.ShiftLeft, Arg(0, "X"), Arg(1, "Y"));

        private static readonly ScalarExpr RightForm = Call(ScalarFn.ShiftRight, Arg(0, "X"), Arg(1, "Y"));

        public override string Summary => "z = x << y or x >> y ('direction' LEFT or RIGHT) on unsigned integers, with broadcasting.";

        protected override ScalarExpr? ExpressionFor(InferContext c) => FormNamedBy(c, Direction, ("LEFT", Expression), ("RIGHT", RightForm));
    }
}

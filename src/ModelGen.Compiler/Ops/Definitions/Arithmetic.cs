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

    /// <summary>ONNX Add. Spec: https://onnx.ai/onnx/operators/onnx__Add.html</summary>
    internal sealed class Add : ArithmeticOp
    {
        public Add() : base("Add") { }
        public override ScalarExpr Expression { get; } = A + B;
    }

    /// <summary>ONNX Sub. Spec: https://onnx.ai/onnx/operators/onnx__Sub.html</summary>
    internal sealed class Sub : ArithmeticOp
    {
        public Sub() : base("Sub") { }
        public override ScalarExpr Expression { get; } = A - B;
    }

    /// <summary>ONNX Mul. Spec: https://onnx.ai/onnx/operators/onnx__Mul.html</summary>
    internal sealed class Mul : ArithmeticOp
    {
        public Mul() : base("Mul") { }
        public override ScalarExpr Expression { get; } = A * B;
    }

    /// <summary>ONNX Div; integers truncate toward zero, and an integer division by zero throws at run time. Spec: https://onnx.ai/onnx/operators/onnx__Div.html</summary>
    internal sealed class Div : ArithmeticOp
    {
        public Div() : base("Div") { }
        public override ScalarExpr Expression { get; } = A / B;
        public override string Summary => "y = A / B, with broadcasting; integers truncate toward zero, and an integer division by zero throws at run time.";
    }
}

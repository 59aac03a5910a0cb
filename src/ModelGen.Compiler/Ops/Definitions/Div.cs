using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;
using static ModelGen.Compiler.Ops.Expressions.ScalarExpr;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>ONNX Div; integers truncate toward zero, and an integer division by zero throws at run time. Spec: https://onnx.ai/onnx/operators/onnx__Div.html</summary>
    internal sealed class Div : ArithmeticOp
    {
        public Div() : base("Div") { }
        public override ScalarExpr Expression { get; } = A / B;
        public override string Summary => "y = A / B, with broadcasting; integers truncate toward zero, and an integer division by zero throws at run time.";
    }
}

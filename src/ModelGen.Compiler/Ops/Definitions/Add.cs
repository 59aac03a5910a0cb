using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;
using static ModelGen.Compiler.Ops.Expressions.ScalarExpr;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>ONNX Add. Spec: https://onnx.ai/onnx/operators/onnx__Add.html</summary>
    internal sealed class Add : ArithmeticOp
    {
        public Add() : base("Add") { }
        public override ScalarExpr Expression { get; } = A + B;
    }
}

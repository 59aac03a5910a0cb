using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;
using static ModelGen.Compiler.Ops.Expressions.ScalarExpr;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>ONNX Mul. Spec: https://onnx.ai/onnx/operators/onnx__Mul.html</summary>
    internal sealed class Mul : ArithmeticOp
    {
        public Mul() : base("Mul") { }
        public override ScalarExpr Expression { get; } = A * B;
    }
}

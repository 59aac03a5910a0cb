using ModelGen.Compiler.Ops.Common;
using ModelGen.Compiler.Ops.Expressions;
using ModelGen.Compiler.Ops.Schema;
using static ModelGen.Compiler.Ops.Expressions.ScalarExpr;

namespace ModelGen.Compiler.Ops.Definitions
{
    /// <summary>ONNX Sub. Spec: https://onnx.ai/onnx/operators/onnx__Sub.html</summary>
    internal sealed class Sub : ArithmeticOp
    {
        public Sub() : base("Sub") { }
        public override ScalarExpr Expression { get; } = A - B;
    }
}
